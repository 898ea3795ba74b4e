package disttag

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"

	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/pkgspec"
)

func runList(ctx context.Context, opts *Options) error {
	if len(opts.Args) > 1 {
		return cmdutil.FlagErrorf("too many arguments: gonpm dist-tag ls [<pkg>]")
	}
	var name string
	if len(opts.Args) == 1 {
		spec, err := pkgspec.Parse(opts.Args[0])
		if err != nil {
			return cmdutil.FlagErrorf("%v", err)
		}
		name = spec.Name
	} else {
		var err error
		if name, _, err = pkgspec.LocalPackage(opts.Cwd); err != nil {
			return cmdutil.FlagErrorf("%v", err)
		}
	}
	tags, err := fetchTags(ctx, opts, name)
	if err != nil {
		return fmt.Errorf("could not get the dist-tags of %s: %w", name, err)
	}
	if len(tags) == 0 {
		return fmt.Errorf("no dist-tags found for %s", name)
	}
	if opts.JSON {
		enc := json.NewEncoder(opts.IO.Out)
		enc.SetIndent("", "  ")
		return enc.Encode(tags)
	}
	keys := make([]string, 0, len(tags))
	for k := range tags {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(opts.IO.Out, "%s: %s\n", k, tags[k])
	}
	return nil
}
