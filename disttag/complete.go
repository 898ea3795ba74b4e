package disttag

import (
	"context"
	"sort"
	"strings"
	"time"

	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/pkgspec"
	"github.com/spf13/cobra"
)

// completeTimeout bounds the one registry request a completion may make:
// a shell waits for it.
const completeTimeout = 3 * time.Second

// completeRemove completes `dist-tag rm <pkg> <tag>`: the package in the
// current folder, then the tags the registry has for the package (one
// GET; nothing when it fails or takes too long).
func completeRemove(f *cmdutil.Factory) cmdutil.CompletionFunc {
	pkgName := cmdutil.CompletePackageName(f)
	return func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		if len(args) != 1 {
			return pkgName(cmd, args, toComplete)
		}
		spec, err := pkgspec.Parse(args[0])
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		cfg, client, err := cmdutil.ConfigAndClient(f.Config, f.RegistryClient)
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		ctx, cancel := context.WithTimeout(context.Background(), completeTimeout)
		defer cancel()
		tags, err := fetchTags(ctx, cfg, client, spec.Name)
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		var out []string
		for tag := range tags {
			if strings.HasPrefix(tag, toComplete) {
				out = append(out, tag)
			}
		}
		sort.Strings(out)
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

// completeAdd completes `dist-tag add <pkg>@<version>` with the package
// and version of the current folder.
func completeAdd(f *cmdutil.Factory) cmdutil.CompletionFunc {
	return func(_ *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		name, version := cmdutil.LocalPackage(f.Cwd)
		if name == "" || version == "" || !strings.HasPrefix(name+"@"+version, toComplete) {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return []string{name + "@" + version}, cobra.ShellCompDirectiveNoFileComp
	}
}
