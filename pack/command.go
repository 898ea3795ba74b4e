// Package pack is the `gonpm pack` command: it runs the lifecycle scripts
// around packing and prints npm's report; the tarball itself is built by
// internal/tarball.
package pack

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/iostreams"
	"github.com/gonpm/gonpm/internal/lifecycle"
	"github.com/gonpm/gonpm/internal/tarball"
	"github.com/gonpm/gonpm/internal/termsafe"
)

// noticePrefix starts every line of the summary on stderr; npm writes
// "npm notice", gonpm drops the program name.
const noticePrefix = "gonpm notice"

var errInvalidPackage = errors.New("invalid package, must have name and version")

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
func NewCmdPack(f *cmdutil.Factory, runF func(*PackOptions) error) *cobra.Command {
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
		Args: cobra.ArbitraryArgs,
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
			return packRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.DryRun, "dry-run", false, "Report what would be packed without writing the tarball")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "Print npm's JSON report on stdout")
	cmd.Flags().StringVar(&opts.Destination, "pack-destination", "", "Folder to write the tarball to (default: the current folder)")
	cmd.Flags().BoolVar(&opts.IgnoreScripts, "ignore-scripts", false, "Do not run prepack, prepare and postpack scripts")
	return cmdutil.DeclareJSON(cmd, cmdutil.JSONOutput)
}

func packRun(ctx context.Context, opts *PackOptions) error {
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

	var reports []tarball.Contents
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
			tarball.WriteNotice(opts.IO.ErrOut, noticePrefix, c, opts.IO.IsStderrTTY())
		}
		reports = append(reports, c)
		names = append(names, res.Filename)
	}

	if opts.JSON {
		return tarball.WriteJSON(opts.IO.Out, reports)
	}
	for _, n := range names {
		fmt.Fprintln(opts.IO.Out, termsafe.Line(n))
	}
	return nil
}

// packFolder runs prepack and prepare, packs dir into dest (unless dry
// run) and runs postpack.
func packFolder(ctx context.Context, opts *PackOptions, dir, dest string) (*tarball.Result, error) {
	st, err := os.Stat(filepath.Join(dir, "package.json"))
	if err != nil || st.IsDir() {
		return nil, cmdutil.FlagErrorf("%s is not a package folder (no package.json); gonpm pack packs local folders only", dir)
	}
	m, err := tarball.ReadPackageJSON(dir)
	if err != nil {
		return nil, err
	}
	if name, _ := m["name"].(string); name == "" {
		return nil, errInvalidPackage
	}
	if version, _ := m["version"].(string); version == "" {
		return nil, errInvalidPackage
	}
	scripts := func(events ...string) error {
		if opts.IgnoreScripts {
			return nil
		}
		for _, e := range events {
			if err := lifecycle.Run(ctx, dir, m, e, opts.Env, opts.IO.ErrOut); err != nil {
				return err
			}
		}
		return nil
	}
	if err := scripts("prepack", "prepare"); err != nil {
		return nil, err
	}

	var res *tarball.Result
	if opts.DryRun {
		res, err = tarball.Pack(dir, io.Discard)
	} else {
		res, err = tarball.PackToFile(dir, dest)
	}
	if err != nil {
		return nil, err
	}

	if err := scripts("postpack"); err != nil {
		return nil, err
	}
	return res, nil
}
