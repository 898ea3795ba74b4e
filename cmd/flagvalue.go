package cmd

import (
	"strings"

	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/spf13/pflag"
)

// checkSwallowedFlags refuses a string flag whose value is another flag of
// the command: pflag reads `--id --otp=123456` as --id="--otp=123456", which
// would send the one-time password to the registry as an id. The message
// names both flags and never the value, which may be a secret.
func checkSwallowedFlags(fs *pflag.FlagSet) error {
	var err error
	fs.Visit(func(fl *pflag.Flag) {
		if err != nil {
			return
		}
		for _, v := range stringValues(fl) {
			if other := flagNamed(fs, v); other != "" {
				err = cmdutil.FlagErrorf("--%s needs a value; got another flag (%s) instead", fl.Name, other)
				return
			}
		}
	})
	return err
}

// stringValues are the values of a string or string-list flag as given.
func stringValues(fl *pflag.Flag) []string {
	switch fl.Value.Type() {
	case "string":
		return []string{fl.Value.String()}
	case "stringSlice", "stringArray":
		if sv, ok := fl.Value.(pflag.SliceValue); ok {
			return sv.GetSlice()
		}
	}
	return nil
}

// flagNamed returns how v names a flag defined in fs ("--otp", "-y"), or
// "" when v is not a flag of the command.
func flagNamed(fs *pflag.FlagSet, v string) string {
	switch {
	case strings.HasPrefix(v, "--") && len(v) > 2:
		name, _, _ := strings.Cut(v[2:], "=")
		if fs.Lookup(name) != nil {
			return "--" + name
		}
	case strings.HasPrefix(v, "-") && len(v) >= 2 && (len(v) == 2 || v[2] == '='):
		if fs.ShorthandLookup(v[1:2]) != nil {
			return v[:2]
		}
	}
	return ""
}
