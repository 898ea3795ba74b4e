package disttag

import (
	"context"
	"fmt"
	"net/http"

	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/pkgspec"
	"github.com/gonpm/gonpm/internal/registry"
)

func runRemove(ctx context.Context, opts *Options) error {
	if len(opts.Args) != 2 {
		return cmdutil.FlagErrorf("usage: gonpm dist-tag rm <pkg> <tag>")
	}
	spec, err := pkgspec.Parse(opts.Args[0])
	if err != nil {
		return cmdutil.FlagErrorf("%v", err)
	}
	tag := opts.Args[1]
	tags, err := fetchTags(ctx, opts, spec.Name)
	if err != nil {
		return fmt.Errorf("could not get the dist-tags of %s: %w", spec.Name, err)
	}
	version, ok := tags[tag]
	if !ok {
		return fmt.Errorf("%s is not a dist-tag on %s", tag, spec.Name)
	}
	reg, err := registryFor(opts.Config, spec.Name)
	if err != nil {
		return err
	}
	_, err = opts.Client.Do(ctx, &registry.Request{Method: http.MethodDelete, Path: tagsPath(spec.Name, tag), Registry: reg})
	if err != nil && !(registry.IsNotFound(err) && tagGone(ctx, opts, spec.Name, tag)) {
		return fmt.Errorf("could not remove tag %s from %s: %w", tag, spec.Name, err)
	}
	fmt.Fprintf(opts.IO.Out, "-%s: %s@%s\n", tag, spec.Name, version)
	return nil
}

// tagGone reports whether the package no longer has tag. A deletion whose
// answer was lost is retried by the client and then meets a 404: the tag
// it was sent for is gone all the same.
func tagGone(ctx context.Context, opts *Options, name, tag string) bool {
	tags, err := fetchTags(ctx, opts, name)
	if err != nil {
		return false
	}
	_, ok := tags[tag]
	return !ok
}
