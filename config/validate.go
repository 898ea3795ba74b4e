package config

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

var (
	logLevels = []string{"silent", "error", "warn", "notice", "http", "info", "verbose", "silly"}
	authTypes = []string{"web", "legacy"}
	// wholeNumbers are counts and milliseconds.
	wholeNumbers = map[string]string{
		"fetch-retries":          "a count such as 2",
		"fetch-retry-factor":     "a factor such as 10",
		"fetch-timeout":          "milliseconds such as 300000",
		"fetch-retry-mintimeout": "milliseconds such as 10000",
		"fetch-retry-maxtimeout": "milliseconds such as 60000",
	}
)

// CheckValue checks the value of a key whose type gonpm knows, so a
// mistake is refused where it is made (a flag, `config set`) instead of
// being silently replaced by the default later. The error says what to
// use instead; keys of unknown type always pass.
func CheckValue(key, value string) error {
	switch {
	case key == "loglevel":
		return oneOf(value, logLevels)
	case key == "auth-type":
		return oneOf(value, authTypes)
	case key == "concurrency":
		if n, err := strconv.Atoi(value); err != nil || n < 1 {
			return fmt.Errorf("want a whole number of at least 1, such as 8 (1 publishes one package at a time)")
		}
	case wholeNumbers[key] != "":
		if n, err := strconv.Atoi(value); err != nil || n < 0 {
			return fmt.Errorf("want a whole number, %s", wholeNumbers[key])
		}
	case key == "registry" || strings.HasPrefix(key, "@") && strings.HasSuffix(key, ":registry"):
		u, err := url.Parse(value)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("want an http:// or https:// URL such as https://registry.example.com/")
		}
	}
	return nil
}

// Shown is how a value appears in an error: a URL's password is masked.
func Shown(value string) string { return redactUserinfo(value) }

func oneOf(value string, allowed []string) error {
	for _, a := range allowed {
		if value == a {
			return nil
		}
	}
	return fmt.Errorf("use one of %s", strings.Join(allowed, ", "))
}

// InvalidValues describes each value of a known type that is wrong in an
// npmrc file or the environment, one line each, for warnings: like npm,
// gonpm still runs. Flags are refused earlier, and a bad registry URL
// fails where it is used, so neither is listed.
func (c *Config) InvalidValues() []string {
	var out []string
	for _, e := range c.List() {
		if e.Layer != LayerGlobal && e.Layer != LayerUser && e.Layer != LayerProject && e.Layer != LayerEnv {
			continue
		}
		if e.Key == "registry" || strings.HasSuffix(e.Key, ":registry") {
			continue
		}
		if err := CheckValue(e.Key, e.Expanded); err != nil {
			where := "the environment (npm_config_" + strings.ReplaceAll(e.Key, "-", "_") + ")"
			if e.File != "" {
				where = fmt.Sprintf("%s:%d", e.File, e.Line)
			}
			out = append(out, fmt.Sprintf("invalid %s %q in %s: %v; fix or remove it", e.Key, Shown(e.Expanded), where, err))
		}
	}
	return out
}
