package config

import (
	"fmt"
	"sort"
	"strings"
)

// A project's .npmrc comes with the repository: whoever wrote the
// repository chose it. Keys that make gonpm run a program, read or write a
// file it names, move the user or global configuration, or weaken TLS are
// honoured only from the command line, the environment and the user and
// global files; from a project file they are dropped with a warning.
var projectUntrustedKeys = map[string]string{
	"otp-command":   "runs a command",
	"script-shell":  "runs a command",
	"shell":         "runs a command",
	"editor":        "runs a command",
	"viewer":        "runs a command",
	"git":           "runs a command",
	"node-options":  "changes how programs run",
	"onload-script": "runs a script",
	"init-module":   "runs a script",
	"cafile":        "reads a file",
	"cert":          "sets the client certificate",
	"key":           "sets the client key",
	"logs-dir":      "writes files",
	"cache":         "writes files",
	"userconfig":    "moves the user configuration",
	"globalconfig":  "moves the global configuration",
	"prefix":        "moves the global configuration",
	"strict-ssl":    "turns off certificate checks",
	// The Sigstore instance that signs provenance and the root that
	// verifies it (gonpm's own keys).
	"sigstore-fulcio-url":   "chooses who certifies provenance signatures",
	"sigstore-rekor-url":    "chooses the transparency log provenance is recorded in",
	"sigstore-trusted-root": "chooses what provenance is verified against",
}

// IgnoredKey is one project-file key gonpm refused to honour.
type IgnoredKey struct {
	File   string
	Line   int
	Key    string
	Reason string
}

func (k IgnoredKey) String() string {
	return fmt.Sprintf("ignoring %s in %s:%d: a project's .npmrc may not set it (it %s); set it on the command line, in the environment or in your user config instead",
		k.Key, k.File, k.Line, k.Reason)
}

// untrustedReason says why key may not come from a project file, "" when
// it may. browser=true/false only switches the browser on or off; any
// other value would name a program. strict-ssl may be switched on, never
// off. Per-registry certfile/keyfile read files too.
func untrustedReason(key, val string) string {
	switch {
	case key == "browser":
		switch strings.ToLower(val) {
		case "", "true", "false":
			return ""
		}
		return "runs a command"
	case key == "strict-ssl":
		if strings.ToLower(val) == "true" {
			return ""
		}
		return projectUntrustedKeys[key]
	case strings.HasPrefix(key, "//") && (strings.HasSuffix(key, ":certfile") || strings.HasSuffix(key, ":keyfile")):
		return "reads a file"
	}
	return projectUntrustedKeys[key]
}

// dropUntrusted removes the keys of a project layer that it may not set
// and returns them, sorted by line.
func dropUntrusted(l *layer) []IgnoredKey {
	var out []IgnoredKey
	kept := l.keys[:0]
	for _, k := range l.keys {
		v := l.values[k]
		if reason := untrustedReason(k, v.value); reason != "" {
			out = append(out, IgnoredKey{File: l.file, Line: v.line, Key: v.rawKey, Reason: reason})
			delete(l.values, k)
			continue
		}
		kept = append(kept, k)
	}
	l.keys = kept
	sort.Slice(out, func(i, j int) bool { return out[i].Line < out[j].Line })
	return out
}

// IgnoredProjectKeys lists the keys of the project file that were
// ignored, one warning each.
func (c *Config) IgnoredProjectKeys() []IgnoredKey {
	return append([]IgnoredKey(nil), c.ignored...)
}
