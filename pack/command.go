package pack

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/iostreams"
)

// noticePrefix starts every line of the summary on stderr; npm writes
// "npm notice", gonpm drops the program name.
const noticePrefix = "gonpm notice"

// PackOptions is what `gonpm pack` needs to run.
type PackOptions struct {
	IO  *iostreams.IOStreams
	Cwd string
	Env []string // environment for lifecycle scripts, os.Environ form

	Folders       []string
	DryRun        bool
	JSON          bool
	Destination   string
	IgnoreScripts bool
}

// NewCmdPack builds `gonpm pack`.
func NewCmdPack(f *cmdutil.Factory) *cobra.Command {
	return newCmdPack(f, nil)
}

func newCmdPack(f *cmdutil.Factory, runF func(*PackOptions) error) *cobra.Command {
	opts := &PackOptions{IO: f.IOStreams}
	cmd := &cobra.Command{
		Use:   "pack [<folder>...]",
		Short: "Create a tarball from a package folder",
		Long: `Create the tarball npm would publish from a package folder (default: the
current folder) and write it as <name>-<version>.tgz.

The files are chosen with npm 11's rules ("files", .npmignore, .gitignore,
always-included and always-excluded files) and the uncompressed tar stream
is byte-identical to npm's. The summary goes to stderr, each line starting
with "gonpm notice"; the tarball's file name (or, with --json, npm's JSON report)
goes to stdout.

Lifecycle scripts prepack, prepare and postpack run with sh -c unless
--ignore-scripts is given; their output goes to stderr.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Folders = args
			if len(opts.Folders) == 0 {
				opts.Folders = []string{"."}
			}
			opts.Cwd = f.Cwd
			if opts.Cwd == "" {
				wd, err := os.Getwd()
				if err != nil {
					return err
				}
				opts.Cwd = wd
			}
			opts.Env = os.Environ()
			if runF != nil {
				return runF(opts)
			}
			return runPack(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.DryRun, "dry-run", false, "Report what would be packed without writing the tarball")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "Print npm's JSON report on stdout")
	cmd.Flags().StringVar(&opts.Destination, "pack-destination", "", "Folder to write the tarball to (default: the current folder)")
	cmd.Flags().BoolVar(&opts.IgnoreScripts, "ignore-scripts", false, "Do not run prepack, prepare and postpack scripts")
	return cmd
}

func runPack(ctx context.Context, opts *PackOptions) error {
	if ctx == nil {
		ctx = context.Background()
	}
	dest := opts.Destination
	if dest == "" {
		dest = "."
	}
	if !filepath.IsAbs(dest) {
		dest = filepath.Join(opts.Cwd, dest)
	}

	var reports []Contents
	var names []string
	for _, folder := range opts.Folders {
		dir := folder
		if !filepath.IsAbs(dir) {
			dir = filepath.Join(opts.Cwd, dir)
		}
		res, err := packFolder(ctx, opts, dir, dest)
		if err != nil {
			return err
		}
		for _, w := range res.Warnings {
			fmt.Fprintf(opts.IO.ErrOut, "gonpm warn gitignore-fallback %s\n", w)
		}
		c := res.Contents()
		if !opts.JSON {
			WriteNotice(opts.IO.ErrOut, noticePrefix, c, opts.IO.IsStderrTTY())
		}
		reports = append(reports, c)
		names = append(names, res.Filename)
	}

	if opts.JSON {
		return WriteJSON(opts.IO.Out, reports)
	}
	for _, n := range names {
		fmt.Fprintln(opts.IO.Out, n)
	}
	return nil
}

// packFolder runs prepack and prepare, packs dir into dest (unless dry
// run) and runs postpack.
func packFolder(ctx context.Context, opts *PackOptions, dir, dest string) (*Result, error) {
	st, err := os.Stat(filepath.Join(dir, "package.json"))
	if err != nil || st.IsDir() {
		return nil, cmdutil.FlagErrorf("%s is not a package folder (no package.json); gonpm pack packs local folders only", dir)
	}
	m, err := readManifest(dir)
	if err != nil {
		return nil, err
	}
	if m.name == "" || m.version == "" {
		return nil, errors.New("invalid package, must have name and version")
	}
	scripts := func(events ...string) error {
		if opts.IgnoreScripts {
			return nil
		}
		for _, e := range events {
			if err := runScript(ctx, dir, m, e, opts.Env, opts.IO.ErrOut); err != nil {
				return err
			}
		}
		return nil
	}
	if err := scripts("prepack", "prepare"); err != nil {
		return nil, err
	}

	var res *Result
	if opts.DryRun {
		res, err = Pack(dir, io.Discard)
	} else {
		res, err = packToFile(dir, dest)
	}
	if err != nil {
		return nil, err
	}

	if err := scripts("postpack"); err != nil {
		return nil, err
	}
	return res, nil
}

// packToFile writes the tarball through a temporary file in dest, so a
// failed pack never leaves a truncated .tgz under the final name. The
// temporary file is created only once the file list is known, so packing
// into the package's own folder never packs the temporary file itself.
func packToFile(dir, dest string) (*Result, error) {
	if err := os.MkdirAll(dest, 0o755); err != nil {
		return nil, err
	}
	tmp := &lazyTemp{dir: dest}
	defer tmp.remove()
	res, err := Pack(dir, tmp)
	if cerr := tmp.close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}
	// CreateTemp makes the file 0600; npm writes with the usual 0644.
	if err := os.Chmod(tmp.name(), 0o644); err != nil {
		return nil, err
	}
	if err := os.Rename(tmp.name(), filepath.Join(dest, res.Filename)); err != nil {
		return nil, err
	}
	return res, nil
}

// lazyTemp is a buffered temporary file created on the first write.
type lazyTemp struct {
	dir string
	f   *os.File
	bw  *bufio.Writer
}

func (l *lazyTemp) Write(p []byte) (int, error) {
	if l.f == nil {
		f, err := os.CreateTemp(l.dir, ".gonpm-pack-*.tgz")
		if err != nil {
			return 0, err
		}
		l.f, l.bw = f, bufio.NewWriterSize(f, 256*1024)
	}
	return l.bw.Write(p)
}

func (l *lazyTemp) name() string { return l.f.Name() }

func (l *lazyTemp) close() error {
	if l.f == nil {
		return nil
	}
	err := l.bw.Flush()
	if cerr := l.f.Close(); err == nil {
		err = cerr
	}
	return err
}

func (l *lazyTemp) remove() {
	if l.f != nil {
		_ = os.Remove(l.f.Name())
	}
}
