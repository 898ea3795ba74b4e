package config

import (
	"fmt"
	"strings"

	npmconfig "github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/cmdutil"
)

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

// runSet writes each key to the chosen file; an empty value deletes it.
// Every key is checked before anything is written.
func runSet(opts *Options) error {
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
	// One write for all keys: a failure leaves the file as it was.
	if err := opts.Config.SetAll(opts.Location, writes); err != nil {
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

// runDelete removes each key from the chosen file.
func runDelete(opts *Options) error {
	for _, key := range opts.Args {
		if err := opts.Config.Delete(opts.Location, key); err != nil {
			return err
		}
	}
	return nil
}
