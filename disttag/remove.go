package disttag

import (
	"context"
	"fmt"
	"net/http"

	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/iostreams"
	"github.com/gonpm/gonpm/internal/pkgspec"
	"github.com/gonpm/gonpm/internal/pkgtarget"
	"github.com/gonpm/gonpm/internal/registry"
	"github.com/gonpm/gonpm/internal/termsafe"
	"github.com/spf13/cobra"
)

// RemoveOptions is what `gonpm dist-tag rm` works with.
type RemoveOptions struct {
	IO             *iostreams.IOStreams
	Config         func() (*config.Config, error)
	RegistryClient func() (*registry.Client, error)

	Package string
	Tag     string
}

// NewCmdRemove builds `gonpm dist-tag rm`.
func NewCmdRemove(f *cmdutil.Factory, runF func(*RemoveOptions) error) *cobra.Command {
	opts := &RemoveOptions{IO: f.IOStreams, Config: f.Config, RegistryClient: f.RegistryClient}
	return cmdutil.DeclareJSON(&cobra.Command{
		Use:               "rm <pkg> <tag>",
		Aliases:           []string{"r", "del", "d", "remove"},
		Short:             "Remove a tag",
		Args:              cmdutil.ExactArgs(2, "usage: gonpm dist-tag rm <pkg> <tag>"),
		ValidArgsFunction: completeRemove(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Package, opts.Tag = args[0], args[1]
			if runF != nil {
				return runF(opts)
			}
			return removeRun(cmd.Context(), opts)
		},
	}, cmdutil.NoJSONOutput)
}

func removeRun(ctx context.Context, opts *RemoveOptions) error {
	cfg, client, err := cmdutil.ConfigAndClient(opts.Config, opts.RegistryClient)
	if err != nil {
		return err
	}
	spec, err := pkgspec.Parse(opts.Package)
	if err != nil {
		return cmdutil.FlagErrorf("%v", err)
	}
	tags, err := fetchTags(ctx, cfg, client, spec.Name)
	if err != nil {
		return fmt.Errorf("could not get the dist-tags of %s: %w", spec.Name, err)
	}
	version, ok := tags[opts.Tag]
	if !ok {
		return fmt.Errorf("%s is not a dist-tag on %s", opts.Tag, spec.Name)
	}
	reg, err := pkgtarget.Registry(cfg, spec.Name)
	if err != nil {
		return err
	}
	_, err = client.Do(ctx, &registry.Request{Method: http.MethodDelete, Path: tagsPath(spec.Name, opts.Tag), Registry: reg})
	if err != nil && !(registry.IsNotFound(err) && tagGone(ctx, cfg, client, spec.Name, opts.Tag)) {
		return fmt.Errorf("could not remove tag %s from %s: %w", opts.Tag, spec.Name, err)
	}
	fmt.Fprintf(opts.IO.Out, "-%s: %s@%s\n", termsafe.Line(opts.Tag), termsafe.Line(spec.Name), termsafe.Line(version))
	return nil
}

// tagGone reports whether the package no longer has tag. A deletion whose
// answer was lost is retried by the client and then meets a 404: the tag
// it was sent for is gone all the same.
func tagGone(ctx context.Context, cfg *config.Config, client *registry.Client, name, tag string) bool {
	tags, err := fetchTags(ctx, cfg, client, name)
	if err != nil {
		return false
	}
	_, ok := tags[tag]
	return !ok
}
