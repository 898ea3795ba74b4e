package stage

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/iostreams"
	"github.com/gonpm/gonpm/internal/jsonobject"
	"github.com/gonpm/gonpm/internal/logger"
	"github.com/gonpm/gonpm/internal/registry"
	"github.com/gonpm/gonpm/internal/staging"
	"github.com/gonpm/gonpm/internal/tarball"
	"github.com/gonpm/gonpm/internal/termsafe"
	"github.com/spf13/cobra"
)

// DownloadOptions is what `gonpm stage download` works with.
type DownloadOptions struct {
	IO             *iostreams.IOStreams
	Config         func() (*config.Config, error)
	RegistryClient func() (*registry.Client, error)
	Logger         func() *logger.Logger
	Cwd            string

	ID string
}

// NewCmdDownload builds `gonpm stage download`.
func NewCmdDownload(f *cmdutil.Factory, runF func(*DownloadOptions) error) *cobra.Command {
	opts := &DownloadOptions{IO: f.IOStreams, Config: f.Config, RegistryClient: f.RegistryClient, Logger: f.Logger, Cwd: f.Cwd}
	return cmdutil.DeclareJSON(&cobra.Command{
		Use:   "download <stage-id>",
		Short: "Download a staged version's tarball to inspect it",
		Long: `Download the tarball of a staged version into the current folder as
<name>-<version>-<stage-id>.tgz (a scoped name loses its @ and its / becomes
-), list its contents as npm does, and print the file name.

With --json the summary's "filename" is the file actually written; npm
prints the name without the stage id there, which names no file.`,
		Args: cmdutil.ExactArgs(1, "Missing required <stage-id>: usage: gonpm stage download <stage-id>"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ID = args[0]
			if err := checkIDs([]string{opts.ID}); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return downloadRun(cmd.Context(), opts)
		},
	}, cmdutil.JSONOutput)
}

func downloadRun(ctx context.Context, opts *DownloadOptions) error {
	api, cfg, err := newStagingClient(opts.Config, opts.RegistryClient)
	if err != nil {
		return err
	}
	log := opts.Logger()
	log.Noticef("Downloading staged package %s", opts.ID)
	data, err := api.Download(ctx, opts.ID)
	if err != nil {
		return fmt.Errorf("could not download staged version %s: %w", opts.ID, err)
	}
	tb, err := staging.ReadTarball(data)
	if err != nil {
		return err
	}
	if tb.Name == "" || tb.Version == "" {
		return fmt.Errorf("the staged tarball's package.json has no name or version")
	}
	filename := staging.DownloadFilename(tb.Name, tb.Version, opts.ID)
	if filepath.Base(filename) != filename {
		return fmt.Errorf("the staged package's name %q does not make a file name", staging.SafeText(tb.Name))
	}
	contents := summary(tb, filename)
	json := cfg.Bool("json")
	if !json && log.Enabled(logger.Notice) {
		tarball.WriteNotice(opts.IO.ErrOut, "gonpm notice", terminalSafe(contents), opts.IO.IsStderrTTY())
	}
	if err := writeFileAtomic(filepath.Join(opts.Cwd, filename), data); err != nil {
		return err
	}
	if json {
		out, err := jsonobject.Indent(map[string]tarball.Contents{tb.Name: contents})
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(opts.IO.Out, "%s\n", out)
		return err
	}
	fmt.Fprintln(opts.IO.Out, termsafe.Line(filename))
	return nil
}

// summary is npm's tarball summary of the staged tarball.
func summary(tb *staging.Tarball, filename string) tarball.Contents {
	res := &tarball.Result{
		Name: tb.Name, Version: tb.Version, Manifest: tb.Manifest,
		Size: tb.Size, UnpackedSize: tb.UnpackedSize,
		Shasum: tb.Shasum, Integrity: tb.Integrity, Filename: filename,
	}
	for _, e := range tb.Entries {
		res.Files = append(res.Files, tarball.File{Path: e.Path, Size: e.Size, Mode: e.Mode})
	}
	c := res.Contents()
	if id, ok := tb.Manifest["_id"].(string); ok && id != "" {
		c.ID = id
	}
	return c
}

// terminalSafe escapes the registry's text in a summary before it is
// printed: file names in a staged tarball are whatever its maker chose.
func terminalSafe(c tarball.Contents) tarball.Contents {
	c.ID, c.Name, c.Version = staging.SafeText(c.ID), staging.SafeText(c.Name), staging.SafeText(c.Version)
	c.Files = append([]tarball.ContentFile(nil), c.Files...)
	for i := range c.Files {
		c.Files[i].Path = staging.SafeText(c.Files[i].Path)
	}
	c.Bundled = append([]string(nil), c.Bundled...)
	for i := range c.Bundled {
		c.Bundled[i] = staging.SafeText(c.Bundled[i])
	}
	return c
}

// writeFileAtomic writes through a temporary file, so an interrupted
// download leaves no half-written tarball.
func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".gonpm-download-*")
	if err != nil {
		return fmt.Errorf("could not write the tarball: %w", err)
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return fmt.Errorf("could not write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("could not write %s: %w", path, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("could not write %s: %w", path, err)
	}
	return nil
}
