package semver

import (
	"regexp"
	"strings"
	"sync"
)

// The grammar of npm's ranges, checked strictly (npm's default).
const (
	// xID is one part of an X-range: a number or a wildcard.
	xID = `(?:0|[1-9]\d*|[xX*])`
	// prereleaseID is one dot-separated part of a prerelease: a number
	// without leading zeros, or an identifier with a letter or hyphen.
	prereleaseID = `(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)`
	// partial is an X-range version: "1", "1.x", "1.2.*", "v1.2.3-beta",
	// capturing major, minor and patch.
	partial = `[v=\s]*(` + xID + `)(?:\.(` + xID + `)(?:\.(` + xID + `)` +
		`(?:-` + prereleaseID + `(?:\.` + prereleaseID + `)*)?)?)?`
	// operator is <, >, <=, >=, = or nothing.
	operator = `((?:<|>)?=?)`
)

// npm's semver reads a range with its whitespace collapsed to single
// spaces, and its patterns allow at most one space where a space may be,
// so a space left over from stripped build metadata can split a
// comparator ("< +1 7" is invalid, "<+1 7" is "<7").
type rangeRegexps struct {
	whitespace, buildMetadata, hyphenRange                      *regexp.Regexp
	operatorSpace, tildeSpace, caretSpace                       *regexp.Regexp
	caretComparator, tildeComparator, xComparator, star, strict *regexp.Regexp
}

// rangePatterns are compiled on first use, not at start-up: most gonpm
// commands never read a range, and compiling them was the largest part
// of the process's initialisation.
var rangePatterns = sync.OnceValue(func() *rangeRegexps {
	return &rangeRegexps{
		whitespace: regexp.MustCompile(`\s+`),
		// buildMetadata is dropped from each part before it is read, wherever
		// it appears ("1+x" is "1", "+x" alone is "*").
		buildMetadata: regexp.MustCompile(`\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*`),
		hyphenRange:   regexp.MustCompile(`^\s?(` + partial + `)\s-\s(` + partial + `)\s?$`),

		// Spaces after an operator are dropped in this order, each step only
		// where its pattern matches: "> =1" is ">=1", but "> = 1" leaves a
		// lone ">=", which is invalid.
		operatorSpace: regexp.MustCompile(`(\s?)` + operator + `\s?(` + partial + `)`),
		tildeSpace:    regexp.MustCompile(`(\s?)~>?\s`),
		caretSpace:    regexp.MustCompile(`(\s?)\^\s`),

		caretComparator: regexp.MustCompile(`^\^` + partial + `$`),
		tildeComparator: regexp.MustCompile(`^~>?` + partial + `$`),
		xComparator:     regexp.MustCompile(`^` + operator + `\s?` + partial + `$`),
		// A star is dropped once from a comparator nothing else matched
		// ("1.2.3*" is "1.2.3"); what is left must be a full version.
		star: regexp.MustCompile(`(?:<|>)?=?\s?\*`),
		strict: regexp.MustCompile(`^(?:` + operator + `\s?v?(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)` +
			`(?:-` + prereleaseID + `(?:\.` + prereleaseID + `)*)?)?$`),
	}
})

// ValidRange reports whether s is a version range as npm's semver reads
// one ("", "*", "1", "v1", "1.x", "^1.2", ">=1 <2", "1 - 2", "a || b").
// npm refuses such strings as dist-tag names, because `pkg@<tag>` would
// then mean a range.
func ValidRange(s string) bool {
	s = rangePatterns().whitespace.ReplaceAllString(strings.TrimSpace(s), " ")
	for _, set := range strings.Split(s, "||") {
		if !validSet(strings.TrimSpace(set)) {
			return false
		}
	}
	return true
}

// validSet checks one ||-separated part: a hyphen range, or comparators
// separated by spaces.
func validSet(set string) bool {
	re := rangePatterns()
	set = re.buildMetadata.ReplaceAllString(set, "")
	if m := re.hyphenRange.FindStringSubmatch(set); m != nil {
		return orderedX(m[2], m[3], m[4]) && orderedX(m[6], m[7], m[8])
	}
	set = re.operatorSpace.ReplaceAllString(set, "$1$2$3")
	set = re.tildeSpace.ReplaceAllString(set, "$1~")
	set = re.caretSpace.ReplaceAllString(set, "$1^")
	for _, comp := range strings.Fields(set) {
		if !validComparator(comp) {
			return false
		}
	}
	return true
}

func validComparator(comp string) bool {
	re := rangePatterns()
	if re.caretComparator.MatchString(comp) || re.tildeComparator.MatchString(comp) {
		return true
	}
	if m := re.xComparator.FindStringSubmatch(comp); m != nil && orderedX(m[2], m[3], m[4]) {
		return true
	}
	if loc := re.star.FindStringIndex(comp); loc != nil {
		comp = comp[:loc[0]] + comp[loc[1]:]
	}
	return re.strict.MatchString(comp)
}

// orderedX: in an X-range a wildcard part is followed only by wildcards
// ("1.x.x", not "x.1" or "1.x.2").
func orderedX(major, minor, patch string) bool {
	isX := func(p string) bool { return p == "" || p == "x" || p == "X" || p == "*" }
	return !(isX(major) && !isX(minor)) && !(isX(minor) && patch != "" && !isX(patch))
}
