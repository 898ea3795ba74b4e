package config

import (
	"sort"
	"strings"

	npmconfig "github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/spf13/cobra"
)

// completeKeys offers npm's setting names and the keys the configuration
// holds (scoped registries, credentials' other keys), for get and delete.
func completeKeys(load func() (*npmconfig.Config, error)) cmdutil.CompletionFunc {
	return func(_ *cobra.Command, _ []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		return keyCandidates(load, toComplete), cobra.ShellCompDirectiveNoFileComp
	}
}

// completeSet completes `config set`: keys, then the values of keys that
// take one of a few words, in both the key=value and the key value form.
func completeSet(load func() (*npmconfig.Config, error)) cmdutil.CompletionFunc {
	return func(_ *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		if key, val, ok := strings.Cut(toComplete, "="); ok {
			var out []string
			for _, c := range npmconfig.Choices(key) {
				if strings.HasPrefix(c, val) {
					out = append(out, key+"="+c)
				}
			}
			return out, cobra.ShellCompDirectiveNoFileComp
		}
		if n := len(args); n > 0 && !strings.Contains(args[n-1], "=") && npmconfig.IsSettableKey(args[n-1]) {
			var out []string
			for _, c := range npmconfig.Choices(args[n-1]) {
				if strings.HasPrefix(c, toComplete) {
					out = append(out, c)
				}
			}
			return out, cobra.ShellCompDirectiveNoFileComp
		}
		var keys []string
		for _, k := range keyCandidates(load, toComplete) {
			if npmconfig.IsSettableKey(k) {
				keys = append(keys, k)
			}
		}
		return keys, cobra.ShellCompDirectiveNoFileComp
	}
}

func keyCandidates(load func() (*npmconfig.Config, error), prefix string) []string {
	seen := map[string]bool{}
	for _, k := range npmconfig.SettingNames() {
		seen[k] = true
	}
	if cfg, err := load(); err == nil {
		for _, e := range cfg.List() {
			if e.Layer != npmconfig.LayerDefault {
				seen[e.Key] = true
			}
		}
	}
	var out []string
	for k := range seen {
		if strings.HasPrefix(k, prefix) {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}
