package config

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/spf13/pflag"
	"github.com/spf13/viper"
)

// viper carries the precedence of npm's named settings — the keys npm
// defines, all lower-case (known.go) — through its own levels:
//
//	npm                          viper
//	defaults                     SetDefault
//	global, user, project files  MergeConfigMap, in that order
//	npm_config_* environment     MergeConfigMap, merged last
//	publishConfig, command line  BindFlagValue (a changed flag wins)
//
// What viper cannot represent stays in the npmrc layers (layer.go) and is
// answered from there, comparing keys exactly:
//   - keys that differ from a named setting only in case (REGISTRY,
//     Fetch-Retries): viper folds every key to lower case, so a project's
//     REGISTRY would replace the user's registry, while npm keeps them
//     apart;
//   - nerf-darted credentials (//host/path/:_authToken) and
//     @scope:registry: their keys hold host names, paths and scopes that
//     are case-sensitive and contain viper's key syntax;
//   - unknown keys, which npm keeps exactly as written;
//   - the raw text of each entry (file, line, ${VAR} references, the items
//     of a key[]= array), which `config list` and the warnings print.
//
// The environment is merged as a map instead of through BindEnv or
// AutomaticEnv because viper reads only the process environment
// (os.LookupEnv, no way to hand it another), while gonpm loads
// configuration from the environment it is given; and npm's names do not
// map one-to-one onto keys: the npm_config_ prefix matches in any case,
// the rest is lower-cased with '_' read as '-', and of several variables
// naming one key the last one wins, where BindEnv takes the first.
func (c *Config) rebuild() {
	v := viper.NewWithOptions(viper.KeyDelimiter("\x00"))
	flags := map[string]viper.FlagValue{}
	var publish *layer
	for _, l := range c.layers {
		switch l.name {
		case LayerDefault:
			for k, val := range l.values {
				if namedSetting(k) {
					v.SetDefault(k, typedValue(k, val))
				}
			}
		case LayerPublishConfig:
			publish = l
		case LayerCLI:
			if c.opts.Flags != nil {
				c.opts.Flags.VisitAll(func(f *pflag.Flag) {
					if f.Changed && f.Name == "no-color" && f.Value.String() == "true" {
						// npm's --no-color is color=false.
						flags["color"] = fixedFlag{name: "color", value: "false"}
						return
					}
					if f.Changed && namedSetting(f.Name) && f.Name != "location" {
						flags[f.Name] = cliFlag{f: f, env: c.env}
					}
				})
			}
		default: // global, user, project, env: later layers merge over earlier ones
			m := map[string]any{}
			for k, val := range l.values {
				if namedSetting(k) {
					m[k] = typedValue(k, val)
				}
			}
			// MergeConfigMap cannot fail for a plain map.
			_ = v.MergeConfigMap(m)
		}
	}
	// npm's publish drops the publishConfig keys given on the command line
	// and lays the rest over the configuration: a flag that is not set
	// falls through to publishConfig.
	if publish != nil {
		for k, val := range publish.values {
			if _, onCLI := flags[k]; !onCLI && namedSetting(k) {
				flags[k] = fixedFlag{name: k, value: val.value}
			}
		}
	}
	for k, f := range flags {
		// BindFlagValue fails only for an empty key.
		_ = v.BindFlagValue(k, f)
	}
	c.viper = v
}

// namedSetting reports whether viper carries key (see rebuild).
func namedSetting(key string) bool { return knownKeys[key] }

// numberKeys are the named settings npm reads as numbers: a value that is
// a number is printed as JavaScript prints it (0010 is 10, 1e3 is 1000),
// an empty one is 0, anything else stays as written.
var numberKeys = map[string]bool{
	"fetch-retries": true, "fetch-retry-factor": true, "fetch-retry-mintimeout": true,
	"fetch-retry-maxtimeout": true, "fetch-timeout": true, "searchlimit": true,
	"searchstaleness": true, "logs-max": true, "maxsockets": true, "depth": true,
	"diff-unified": true, "expect-result-count": true,
}

// typedValue is what viper holds for one entry: the items of a key[]=
// array, or the value read as npm's type for the key would read it.
func typedValue(key string, val *value) any {
	if val.isArray {
		return append([]string(nil), val.list...)
	}
	return normalizeSetting(key, val.value)
}

// normalizeSetting reads a named setting's value as npm does.
func normalizeSetting(key, s string) string {
	switch {
	case numberKeys[key]:
		return jsNumber(s)
	case key == "scope" && s != "" && !strings.HasPrefix(s, "@"):
		return "@" + s
	}
	return s
}

// jsNumber is String(Number(s)) where that is a number, else s.
func jsNumber(s string) string {
	t := strings.TrimSpace(s)
	if t == "" {
		return "0"
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) || strings.ContainsAny(t, "_pP") {
		return s
	}
	if f == math.Trunc(f) && math.Abs(f) < 1e21 {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

// viperString is a value viper returns, as a string: array items joined
// by sep.
func viperString(v any, sep string) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case []string:
		return strings.Join(x, sep)
	case []any:
		items := make([]string, len(x))
		for i, it := range x {
			items[i] = fmt.Sprint(it)
		}
		return strings.Join(items, sep)
	}
	return fmt.Sprint(v)
}

// cliFlag is a cobra flag bound to viper, its value ${VAR}-expanded as npm
// expands every layer.
type cliFlag struct {
	f   *pflag.Flag
	env map[string]string
}

func (c cliFlag) HasChanged() bool { return c.f.Changed }
func (c cliFlag) Name() string     { return c.f.Name }
func (c cliFlag) ValueType() string {
	if _, ok := c.f.Value.(pflag.SliceValue); ok {
		return c.f.Value.Type()
	}
	// Every other value is read as text, so numbers keep npm's printing.
	return "string"
}
func (c cliFlag) ValueString() string {
	if _, ok := c.f.Value.(pflag.SliceValue); ok {
		return c.f.Value.String()
	}
	return normalizeSetting(c.f.Name, expand(c.f.Value.String(), c.env))
}

// fixedFlag is a value standing in for a flag: a publishConfig value for
// a flag not given, or a setting spelled as another flag (--no-color).
type fixedFlag struct{ name, value string }

func (f fixedFlag) HasChanged() bool    { return true }
func (f fixedFlag) Name() string        { return f.name }
func (f fixedFlag) ValueString() string { return normalizeSetting(f.name, f.value) }
func (f fixedFlag) ValueType() string   { return "string" }
