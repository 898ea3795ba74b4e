package tarball

import (
	"strconv"
	"strings"
)

// expandBraces expands shell-style braces the way minimatch does before
// matching: "a{b,c}" → a b / a c, "x{1..3}" → x1 x2 x3. A brace pair with
// no comma and no range stays literal, and empty results are dropped
// ("{,x}" is just "x").
func expandBraces(s string) []string {
	all := expandBracesIn(s, maxBraceExpansions)
	out := all[:0]
	for _, e := range all {
		if e != "" {
			out = append(out, e)
		}
	}
	return out
}

// maxBraceExpansions caps what one pattern expands to, as npm's
// brace-expansion does (100,000 results): "{1..999999999}" or many
// brace pairs in a row would otherwise take all memory.
const maxBraceExpansions = 100_000

// expandBracesIn returns at most limit expansions of s.
func expandBracesIn(s string, limit int) []string {
	open, close := findBracePair(s)
	if open < 0 {
		return []string{s}
	}
	pre, body, post := s[:open], s[open+1:close], s[close+1:]
	posts := expandBracesIn(post, limit)

	var middles []string
	if parts := splitTopLevelCommas(body); len(parts) > 1 {
		for _, p := range parts {
			if len(middles) >= limit {
				break
			}
			middles = append(middles, expandBracesIn(p, limit-len(middles))...)
		}
	} else if seq, ok := expandSequence(body, limit); ok {
		middles = seq
	} else {
		// Not an expansion: keep the braces and expand what follows.
		out := make([]string, 0, len(posts))
		for _, p := range posts {
			out = append(out, pre+"{"+body+"}"+p)
		}
		return out
	}

	out := make([]string, 0, min(limit, len(middles)*len(posts)))
	for _, m := range middles {
		for _, p := range posts {
			if len(out) == limit {
				return out
			}
			out = append(out, pre+m+p)
		}
	}
	return out
}

// findBracePair returns the first '{' that has a matching '}', skipping
// backslash escapes, or -1.
func findBracePair(s string) (int, int) {
	for start := 0; start < len(s); start++ {
		if s[start] == '\\' {
			start++
			continue
		}
		if s[start] != '{' {
			continue
		}
		depth := 0
		for i := start; i < len(s); i++ {
			switch s[i] {
			case '\\':
				i++
			case '{':
				depth++
			case '}':
				depth--
				if depth == 0 {
					return start, i
				}
			}
		}
	}
	return -1, -1
}

// splitTopLevelCommas splits a brace body at commas outside nested braces.
func splitTopLevelCommas(body string) []string {
	var parts []string
	depth, last := 0, 0
	for i := 0; i < len(body); i++ {
		switch body[i] {
		case '\\':
			i++
		case '{':
			depth++
		case '}':
			depth--
		case ',':
			if depth == 0 {
				parts = append(parts, body[last:i])
				last = i + 1
			}
		}
	}
	return append(parts, body[last:])
}

// expandSequence expands "1..5", "a..e" and "1..10..2".
func expandSequence(body string, limit int) ([]string, bool) {
	f := strings.Split(body, "..")
	if len(f) != 2 && len(f) != 3 {
		return nil, false
	}
	step := 1
	if len(f) == 3 {
		n, err := strconv.Atoi(f[2])
		if err != nil {
			return nil, false
		}
		step = max(1, abs(n))
	}
	if a, errA := strconv.Atoi(f[0]); errA == nil {
		b, errB := strconv.Atoi(f[1])
		if errB != nil {
			return nil, false
		}
		return numberRange(a, b, step, padWidth(f[0], f[1]), limit), true
	}
	if len(f[0]) == 1 && len(f[1]) == 1 {
		var out []string
		for _, n := range intRange(int(f[0][0]), int(f[1][0]), step, limit) {
			out = append(out, string(rune(n)))
		}
		return out, true
	}
	return nil, false
}

func numberRange(a, b, step, width, limit int) []string {
	var out []string
	for _, n := range intRange(a, b, step, limit) {
		s := strconv.Itoa(abs(n))
		if len(s) < width {
			s = strings.Repeat("0", width-len(s)) + s
		}
		if n < 0 {
			s = "-" + s
		}
		out = append(out, s)
	}
	return out
}

// intRange counts from a to b by step, at most limit numbers; it stops
// before stepping past b, so bounds near the ends of int cannot wrap.
func intRange(a, b, step, limit int) []int {
	var out []int
	for n := a; len(out) < limit; {
		out = append(out, n)
		if a <= b {
			if uint(b-n) < uint(step) {
				break
			}
			n += step
		} else {
			if uint(n-b) < uint(step) {
				break
			}
			n -= step
		}
	}
	return out
}

// padWidth: a bound written with a leading zero ("01..10") pads every
// number to the longest bound.
func padWidth(a, b string) int {
	lead := func(s string) bool {
		s = strings.TrimPrefix(s, "-")
		return len(s) > 1 && s[0] == '0'
	}
	if lead(a) || lead(b) {
		return max(len(strings.TrimPrefix(a, "-")), len(strings.TrimPrefix(b, "-")))
	}
	return 0
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
