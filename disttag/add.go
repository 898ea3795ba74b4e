package disttag

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/pkgspec"
	"github.com/gonpm/gonpm/internal/registry"
	"github.com/gonpm/gonpm/internal/semver"
)

func runAdd(ctx context.Context, opts *Options) error {
	if len(opts.Args) < 1 || len(opts.Args) > 2 {
		return cmdutil.FlagErrorf("usage: gonpm dist-tag add <pkg>@<version> [<tag>]")
	}
	spec, err := pkgspec.Parse(opts.Args[0])
	if err != nil {
		return cmdutil.FlagErrorf("%v", err)
	}
	tag := opts.Config.Get("tag")
	if len(opts.Args) == 2 {
		tag = opts.Args[1]
	}
	tag = strings.TrimSpace(tag)
	if spec.Rest == "" || tag == "" {
		return cmdutil.FlagErrorf("must provide a spec with a name and version, and a tag to add: gonpm dist-tag add <pkg>@<version> [<tag>]")
	}
	if semver.ValidRange(tag) {
		return cmdutil.FlagErrorf("tag name must not be a valid SemVer range: %q", tag)
	}
	version := spec.Rest
	if !semver.Valid(version) {
		return cmdutil.FlagErrorf("%q is not a version: gonpm dist-tag add <pkg>@<version> [<tag>]", version)
	}
	tags, err := fetchTags(ctx, opts, spec.Name)
	if err != nil && !registry.IsNotFound(err) {
		return fmt.Errorf("could not get the dist-tags of %s: %w", spec.Name, err)
	}
	if tags[tag] == version {
		fmt.Fprintf(opts.IO.ErrOut, "gonpm warn dist-tag add %s is already set to version %s\n", tag, version)
		return nil
	}
	reg, err := registryFor(opts.Config, spec.Name)
	if err != nil {
		return err
	}
	body, _ := json.Marshal(version)
	_, err = opts.Client.Do(ctx, &registry.Request{
		Method:   http.MethodPut,
		Path:     tagsPath(spec.Name, tag),
		Registry: reg,
		JSON:     json.RawMessage(body),
	})
	if err != nil {
		return fmt.Errorf("could not add tag %s to %s@%s: %w", tag, spec.Name, version, err)
	}
	fmt.Fprintf(opts.IO.Out, "+%s: %s@%s\n", tag, spec.Name, version)
	return nil
}
