package semver

import (
	"regexp"
	"strings"
)

// partial is an X-range version: "1", "1.x", "1.2.*", "v1.2.3-beta".
const partial = `[v=\s]*(?:0|[1-9]\d*|[xX*])(?:\.(?:0|[1-9]\d*|[xX*])(?:\.(?:0|[1-9]\d*|[xX*])(?:-?[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?)?)?`

var (
	comparatorPattern = regexp.MustCompile(`^(?:<=|>=|<|>|=|~>?|\^)?\s*` + partial + `$`)
	hyphenPattern     = regexp.MustCompile(`^\s*(` + partial + `)\s+-\s+(` + partial + `)\s*$`)
	operatorSpace     = regexp.MustCompile(`(<=|>=|<|>|=|~>?|\^)\s+`)
)

// ValidRange reports whether s is a version range as npm's semver reads
// one ("", "*", "1", "v1", "1.x", "^1.2", ">=1 <2", "1 - 2", "a || b").
// npm refuses such strings as dist-tag names, because `pkg@<tag>` would
// then mean a range.
func ValidRange(s string) bool {
	for _, set := range strings.Split(s, "||") {
		set = strings.TrimSpace(set)
		if set == "" {
			continue
		}
		if hyphenPattern.MatchString(set) {
			continue
		}
		set = operatorSpace.ReplaceAllString(set, "$1")
		for _, comp := range strings.Fields(set) {
			if !comparatorPattern.MatchString(comp) {
				return false
			}
		}
	}
	return true
}
