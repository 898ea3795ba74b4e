package owner

import (
	"context"
	"fmt"

	"github.com/gonpm/gonpm/internal/cmdutil"
)

// runList prints "name <email>" per maintainer, as npm does; --json does
// not change npm's owner output, so it does not change gonpm's.
func runList(ctx context.Context, opts *Options) error {
	if len(opts.Args) > 1 {
		return cmdutil.FlagErrorf("too many arguments: gonpm owner ls [<pkg>]")
	}
	arg := ""
	if len(opts.Args) == 1 {
		arg = opts.Args[0]
	}
	name, err := packageName(opts, arg)
	if err != nil {
		return err
	}
	reg, err := registryFor(opts.Config, name)
	if err != nil {
		return err
	}
	doc, err := readPackument(ctx, opts, reg, name)
	if err != nil {
		return err
	}
	if len(doc.Maintainers) == 0 {
		fmt.Fprintln(opts.IO.Out, "no admin found")
		return nil
	}
	for _, m := range doc.Maintainers {
		fmt.Fprintf(opts.IO.Out, "%s <%s>\n", m.Name, m.Email)
	}
	return nil
}
