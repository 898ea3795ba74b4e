package config

import (
	"fmt"
	"strings"

	npmconfig "github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/iostreams"
	"github.com/spf13/cobra"
)

// SetOptions is what `gonpm config set` works with.
type SetOptions struct {
	IO     *iostreams.IOStreams
	Config func() (*npmconfig.Config, error)

	Location string   // the file written: user, project or global
	Args     []string // key=value, or key value
}

// NewCmdSet builds `gonpm config set`.
func NewCmdSet(f *cmdutil.Factory, runF func(*SetOptions) error) *cobra.Command {
	opts := &SetOptions{IO: f.IOStreams, Config: f.Config}
	return cmdutil.DeclareJSON(&cobra.Command{
		Use:   "set <key>=<value>... | set <key> <value>",
		Short: "Write configuration values",
		Long: "Write keys to the configuration file chosen by --location (user by default).\n" +
			"An empty value deletes the key. A ${VAR} reference is written as it is.",
		Example: "  gonpm config set registry http://127.0.0.1:4873/\n" +
			"  gonpm config set //127.0.0.1:4873/:_authToken='${NPM_TOKEN}'\n" +
			"  gonpm config set @corp:registry=http://127.0.0.1:4873/ --location=project",
		Args:              cmdutil.MinimumArgs(1, "set needs at least one <key>=<value>"),
		ValidArgsFunction: completeSet(f.Config),
		RunE: func(cmd *cobra.Command, args []string) error {
			loc, err := location(cmd)
			if err != nil {
				return err
			}
			opts.Location, opts.Args = loc, args
			if runF != nil {
				return runF(opts)
			}
			return setRun(opts)
		},
	}, cmdutil.NoJSONOutput)
}

type keyValue struct{ key, value string }

// parseKeyValues reads npm's argument forms: "key=value", or "key value"
// when an argument has no '='; a last key without value means "".
func parseKeyValues(args []string) []keyValue {
	var out []keyValue
	for i := 0; i < len(args); i++ {
		key, val, ok := strings.Cut(args[i], "=")
		if !ok && i+1 < len(args) {
			i++
			val = args[i]
		}
		out = append(out, keyValue{strings.TrimSpace(key), strings.TrimSpace(val)})
	}
	return out
}

// setRun writes each key to the chosen file; an empty value deletes it.
// Every key is checked before anything is written.
func setRun(opts *SetOptions) error {
	pairs := parseKeyValues(opts.Args)
	var writes [][2]string
	for _, kv := range pairs {
		if err := checkSettable(kv.key); err != nil {
			return err
		}
		if kv.value == "" {
			writes = append(writes, [2]string{kv.key, ""})
			continue
		}
		if err := npmconfig.CheckValue(kv.key, kv.value); err != nil {
			return cmdutil.FlagErrorf("invalid %s %q: %v; nothing was written", kv.key, npmconfig.Shown(kv.value), err)
		}
		writes = append(writes, [2]string{kv.key, kv.value})
	}
	cfg, err := opts.Config()
	if err != nil {
		return err
	}
	// One write for all keys: a failure leaves the file as it was.
	if err := cfg.SetAll(opts.Location, writes); err != nil {
		return fmt.Errorf("nothing was written: %w", err)
	}
	return nil
}

func checkSettable(key string) error {
	switch {
	case key == "":
		return cmdutil.FlagErrorf("set needs a key before '='")
	case npmconfig.IsSettableKey(key):
		return nil
	case npmconfig.IsKnownKey(key) || key == "_authToken" || key == "_password" || key == "username":
		return cmdutil.FlagErrorf("`%s` must be tied to a registry: use //<host>/:%s", key, key)
	default:
		return cmdutil.FlagErrorf("`%s` is not a valid npm option", key)
	}
}
