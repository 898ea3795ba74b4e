package config

import (
	"regexp"
	"strings"
	"sync"
)

// envExpr matches ${NAME} and ${NAME?} together with the backslashes right
// before them, which decide whether the expression is escaped.
var envExpr = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(\\*)\$\{([^${}?]+)(\?)?\}`) })

// expand replaces ${NAME} references the way npm does: an undefined NAME
// stays literal, ${NAME?} becomes empty when undefined, an odd number of
// backslashes before '$' keeps the expression (dropping half of them), an
// even number expands it (keeping half). $NAME without braces is left alone.
func expand(s string, env map[string]string) string {
	if !strings.Contains(s, "${") {
		return s
	}
	return envExpr().ReplaceAllStringFunc(s, func(m string) string {
		sub := envExpr().FindStringSubmatch(m)
		esc, name, optional := sub[1], sub[2], sub[3] == "?"
		if len(esc)%2 == 1 {
			return m[(len(esc)+1)/2:]
		}
		val, ok := env[name]
		if !ok {
			if optional {
				val = ""
			} else {
				val = "${" + name + "}"
			}
		}
		return esc[len(esc)/2:] + val
	})
}

// envMap turns an os.Environ-style list into a map; a later duplicate wins.
func envMap(env []string) map[string]string {
	m := make(map[string]string, len(env))
	for _, kv := range env {
		k, v, ok := strings.Cut(kv, "=")
		if ok {
			m[k] = v
		}
	}
	return m
}
