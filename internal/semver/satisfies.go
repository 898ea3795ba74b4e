package semver

import (
	"regexp"
	"strconv"
	"strings"
	"sync"
)

// Range matching, written by hand because it must give npm's answers
// exactly: Go's semver libraries read ranges differently (prereleases,
// hyphen ranges, "^0.x"). npm deprecate selects versions with
// semver.satisfies(v, range, {includePrerelease: true}); this is that.

// capPartial is partial with the prerelease captured too: major, minor,
// patch, prerelease.
const capPartial = `[v=\s]*(` + xID + `)(?:\.(` + xID + `)(?:\.(` + xID + `)` +
	`(?:-(` + prereleaseID + `(?:\.` + prereleaseID + `)*))?)?)?`

// capPatterns are compiled on first use: compiling them at start-up
// would cost every command a millisecond, for the few that match ranges.
var capPatterns = sync.OnceValue(func() *capRegexps {
	return &capRegexps{
		caret:  regexp.MustCompile(`^\^` + capPartial + `$`),
		tilde:  regexp.MustCompile(`^~>?` + capPartial + `$`),
		x:      regexp.MustCompile(`^` + operator + `\s?` + capPartial + `$`),
		hyphen: regexp.MustCompile(`^\s?(` + capPartial + `)\s-\s(` + capPartial + `)\s?$`),
		comp:   regexp.MustCompile(`^((?:<|>)?=?)\s?v?(.+)$`),
	}
})

type capRegexps struct{ caret, tilde, x, hyphen, comp *regexp.Regexp }

func isX(p string) bool { return p == "" || p == "x" || p == "X" || p == "*" }

// inc is p+1 for a numeric range part (parts are checked by ValidRange).
func inc(p string) string {
	n, _ := strconv.ParseUint(p, 10, 64)
	return strconv.FormatUint(n+1, 10)
}

// SatisfiesIncludingPrerelease reports whether version is in the range r
// as npm's semver.satisfies(version, r, {includePrerelease: true}) says:
// an invalid version or range satisfies nothing, and prereleases are
// matched like any other version.
func SatisfiesIncludingPrerelease(version, r string) bool {
	v, err := Parse(version)
	if err != nil || !ValidRange(r) {
		return false
	}
	if !safeVersion(v) {
		return false
	}
	r = rangePatterns().whitespace.ReplaceAllString(strings.TrimSpace(r), " ")
	var sets [][]string
	for _, set := range strings.Split(r, "||") {
		comps := comparators(strings.TrimSpace(set))
		for _, c := range comps {
			// npm refuses the whole range when one of its versions is
			// past JavaScript's safe integers.
			if m := capPatterns().comp.FindStringSubmatch(c); m != nil {
				if w, err := Parse(strings.TrimLeft(m[2], "=v ")); err == nil && !safeVersion(w) {
					return false
				}
			}
		}
		sets = append(sets, comps)
	}
	for _, comps := range sets {
		if allHold(v, comps) {
			return true
		}
	}
	return false
}

// maxSafe is JavaScript's Number.MAX_SAFE_INTEGER, the largest version
// part npm's semver accepts.
const maxSafe = 1<<53 - 1

func safeVersion(v *Version) bool {
	return v.Major <= maxSafe && v.Minor <= maxSafe && v.Patch <= maxSafe
}

func allHold(v *Version, comps []string) bool {
	for _, c := range comps {
		if !holds(v, c) {
			return false
		}
	}
	return true
}

// comparators turns one ||-separated part into plain comparators.
func comparators(set string) []string {
	set = rangePatterns().buildMetadata.ReplaceAllString(set, "")
	var comps []string
	if m := capPatterns().hyphen.FindStringSubmatch(set); m != nil {
		comps = strings.Fields(hyphen(m[2], m[3], m[4], m[5], m[1], m[7], m[8], m[9], m[10], m[6]))
	} else {
		set = rangePatterns().operatorSpace.ReplaceAllString(set, "$1$2$3")
		set = rangePatterns().tildeSpace.ReplaceAllString(set, "$1~")
		set = rangePatterns().caretSpace.ReplaceAllString(set, "$1^")
		for _, c := range strings.Fields(set) {
			comps = append(comps, strings.Fields(desugar(c))...)
		}
	}
	return comps
}

// hyphen turns "A - B" into comparators (npm's hyphenReplace with
// includePrerelease).
func hyphen(fM, fm, fp, fpr, from, tM, tm, tp, tpr, to string) string {
	switch {
	case isX(fM):
		from = ""
	case isX(fm):
		from = ">=" + fM + ".0.0-0"
	case isX(fp):
		from = ">=" + fM + "." + fm + ".0-0"
	case fpr != "":
		from = ">=" + strings.TrimLeft(from, "v= ")
	default:
		from = ">=" + strings.TrimLeft(from, "v= ") + "-0"
	}
	switch {
	case isX(tM):
		to = ""
	case isX(tm):
		to = "<" + inc(tM) + ".0.0-0"
	case isX(tp):
		to = "<" + tM + "." + inc(tm) + ".0-0"
	case tpr != "":
		to = "<=" + tM + "." + tm + "." + tp + "-" + tpr
	default:
		to = "<" + tM + "." + tm + "." + inc(tp) + "-0"
	}
	return from + " " + to
}

// desugar turns one comparator (caret, tilde, X-range, star or plain)
// into plain comparators; "" matches anything.
func desugar(c string) string {
	if m := capPatterns().caret.FindStringSubmatch(c); m != nil {
		M, mi, p, pr := m[1], m[2], m[3], m[4]
		switch {
		case isX(M):
			return ""
		case isX(mi):
			return ">=" + M + ".0.0-0 <" + inc(M) + ".0.0-0"
		case isX(p):
			if M == "0" {
				return ">=" + M + "." + mi + ".0-0 <" + M + "." + inc(mi) + ".0-0"
			}
			return ">=" + M + "." + mi + ".0-0 <" + inc(M) + ".0.0-0"
		}
		lower := ">=" + M + "." + mi + "." + p
		if pr != "" {
			lower += "-" + pr
		}
		switch {
		case M == "0" && mi == "0":
			return lower + " <" + M + "." + mi + "." + inc(p) + "-0"
		case M == "0":
			return lower + " <" + M + "." + inc(mi) + ".0-0"
		}
		return lower + " <" + inc(M) + ".0.0-0"
	}
	if m := capPatterns().tilde.FindStringSubmatch(c); m != nil {
		M, mi, p, pr := m[1], m[2], m[3], m[4]
		switch {
		case isX(M):
			return ""
		case isX(mi):
			return ">=" + M + ".0.0-0 <" + inc(M) + ".0.0-0"
		case isX(p):
			return ">=" + M + "." + mi + ".0-0 <" + M + "." + inc(mi) + ".0-0"
		case pr != "":
			return ">=" + M + "." + mi + "." + p + "-" + pr + " <" + M + "." + inc(mi) + ".0-0"
		}
		return ">=" + M + "." + mi + "." + p + " <" + M + "." + inc(mi) + ".0-0"
	}
	if m := capPatterns().x.FindStringSubmatch(c); m != nil {
		return xRange(m[1], m[2], m[3], m[4], c)
	}
	if loc := rangePatterns().star.FindStringIndex(c); loc != nil {
		c = c[:loc[0]] + c[loc[1]:]
	}
	return c
}

// xRange is npm's replaceXRange with includePrerelease.
func xRange(op, M, mi, p, c string) string {
	xM := isX(M)
	xm := xM || isX(mi)
	xp := xm || isX(p)
	if op == "=" && xp {
		op = ""
	}
	switch {
	case xM:
		if op == ">" || op == "<" {
			return "<0.0.0-0"
		}
		return ""
	case op != "" && xp:
		if xm {
			mi = "0"
		}
		p = "0"
		switch op {
		case ">":
			op = ">="
			if xm {
				M, mi = inc(M), "0"
			} else {
				mi = inc(mi)
			}
		case "<=":
			op = "<"
			if xm {
				M = inc(M)
			} else {
				mi = inc(mi)
			}
		}
		return op + M + "." + mi + "." + p + "-0"
	case xm:
		return ">=" + M + ".0.0-0 <" + inc(M) + ".0.0-0"
	case xp:
		return ">=" + M + "." + mi + ".0-0 <" + M + "." + inc(mi) + ".0-0"
	}
	return c
}

// holds tests v against one plain comparator such as ">=1.2.3-0".
func holds(v *Version, c string) bool {
	if c == "" {
		return true
	}
	m := capPatterns().comp.FindStringSubmatch(c)
	if m == nil {
		return false
	}
	w, err := Parse(strings.TrimLeft(m[2], "=v "))
	if err != nil {
		return false
	}
	cmp := Compare(v, w)
	switch m[1] {
	case "", "=":
		return cmp == 0
	case ">":
		return cmp > 0
	case ">=":
		return cmp >= 0
	case "<":
		return cmp < 0
	case "<=":
		return cmp <= 0
	}
	return false
}
