package cmdutil

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
)

// CompletionFunc is what cobra calls to complete an argument or a flag's
// value.
type CompletionFunc = func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective)

// CompleteValues offers a fixed set of values, and no file names.
func CompleteValues(values ...string) CompletionFunc {
	return func(_ *cobra.Command, _ []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		return withPrefix(values, toComplete), cobra.ShellCompDirectiveNoFileComp
	}
}

// CompleteFirstArg offers values for the first argument only.
func CompleteFirstArg(values ...string) CompletionFunc {
	return func(_ *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return withPrefix(values, toComplete), cobra.ShellCompDirectiveNoFileComp
	}
}

// CompletePackageName offers, for the first argument only, the name of the
// package in the working directory (from its package.json).
func CompletePackageName(f *Factory) CompletionFunc {
	return func(_ *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		name := LocalPackageName(f.Cwd)
		if name == "" {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return withPrefix([]string{name}, toComplete), cobra.ShellCompDirectiveNoFileComp
	}
}

// LocalPackageName is the "name" of dir's package.json, "" when there is
// none.
func LocalPackageName(dir string) string {
	name, _ := LocalPackage(dir)
	return name
}

// LocalPackage is the name and version of dir's package.json, empty when
// there is none.
func LocalPackage(dir string) (name, version string) {
	data, err := os.ReadFile(filepath.Join(dir, "package.json"))
	if err != nil {
		return "", ""
	}
	var pkg struct {
		Name    string `json:"name"`
		Version string `json:"version"`
	}
	if json.Unmarshal(data, &pkg) != nil {
		return "", ""
	}
	return pkg.Name, pkg.Version
}

func withPrefix(values []string, prefix string) []string {
	var out []string
	for _, v := range values {
		if strings.HasPrefix(v, prefix) {
			out = append(out, v)
		}
	}
	return out
}
