package tarball

import (
	"sort"
	"strings"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// sortPackList orders paths as npm-packlist does, to help compression:
// by extension, then base name (both lower-cased), then the whole path,
// each compared with English ICU collation like JavaScript's
// localeCompare(x, "en"). Paths starting with "@" are compared as
// "./@…", as npm lists them.
func sortPackList(paths []string) {
	c := collate.New(language.English)
	type key struct{ ext, base, full string }
	keys := make(map[string]key, len(paths))
	for _, p := range paths {
		full := p
		if strings.HasPrefix(p, "@") {
			full = "./" + p
		}
		base := p[strings.LastIndex(p, "/")+1:]
		keys[p] = key{
			ext:  strings.ToLower(nodeExtname(base)),
			base: strings.ToLower(base),
			full: full,
		}
	}
	sort.SliceStable(paths, func(i, j int) bool {
		a, b := keys[paths[i]], keys[paths[j]]
		if r := c.CompareString(a.ext, b.ext); r != 0 {
			return r < 0
		}
		if r := c.CompareString(a.base, b.base); r != 0 {
			return r < 0
		}
		return c.CompareString(a.full, b.full) < 0
	})
}

// sortStrings orders names with English collation.
func sortStrings(s []string) {
	c := collate.New(language.English)
	sort.SliceStable(s, func(i, j int) bool { return c.CompareString(s[i], s[j]) < 0 })
}

// nodeExtname is Node's path.extname for a base name: from the last dot,
// except for names whose only dots lead them (".eslintrc", "..").
func nodeExtname(base string) string {
	startDot, end := -1, len(base)
	if end == 0 {
		return ""
	}
	// seenBefore: 0 = nothing left of the last dot yet, 1 = only dots,
	// -1 = some other character.
	seenBefore := 0
	for i := len(base) - 1; i >= 0; i-- {
		if base[i] == '.' {
			if startDot == -1 {
				startDot = i
			} else if seenBefore != 1 {
				seenBefore = 1
			}
		} else if startDot != -1 {
			seenBefore = -1
		}
	}
	if startDot == -1 || seenBefore == 0 ||
		(seenBefore == 1 && startDot == end-1 && startDot == 1) {
		return ""
	}
	return base[startDot:]
}
