package config

import "sort"

// choices are the values npm accepts for settings that take one of a few
// words; shell completion offers them.
var choices = map[string][]string{
	"loglevel":  logLevels,
	"auth-type": authTypes,
	"access":    {"public", "restricted"},
	"json":      {"true", "false"},
	"parseable": {"true", "false"},
	"browser":   {"true", "false"},
	"location":  {"global", "user", "project"},
}

// Choices returns the values key accepts when they are a fixed few, else
// nil.
func Choices(key string) []string {
	return append([]string(nil), choices[key]...)
}

// SettingNames returns the names of npm's settings, sorted.
func SettingNames() []string {
	out := make([]string, 0, len(knownKeys))
	for k := range knownKeys {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
