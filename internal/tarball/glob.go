package tarball

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// A rule is one line of an ignore file, compiled the way ignore-walk asks
// minimatch to: matchBase, dot, nocase and flipNegate. Extended globs
// ("+(a|b)") are not supported and match literally.
type rule struct {
	negate bool
	empty  bool
	// sets holds the brace-expanded alternatives, each split at slashes.
	sets [][]segment
	// relative is true when some alternative has no slash except a
	// trailing one; such rules also match a directory by its base name.
	relative bool
}

// segment is one slash-separated part of a pattern.
type segment struct {
	globstar bool
	literal  string
	re       *regexp.Regexp // nil for a literal or a fast form
	// Fast forms of the commonest parts, "*.ext" and "prefix*" with an
	// ASCII literal: matched without the regexp.
	suffix, prefix string
}

const maxGlobstarRecursion = 200

// compileRule parses one (already trimmed) ignore-file line.
func compileRule(pattern string) *rule {
	r := &rule{}
	// Ignore files are read as UTF-8; invalid bytes become U+FFFD.
	pattern = strings.ToValidUTF8(pattern, "\uFFFD")
	if strings.HasPrefix(pattern, "#") {
		return &rule{empty: true, sets: nil}
	}
	for strings.HasPrefix(pattern, "!") {
		r.negate = !r.negate
		pattern = pattern[1:]
	}
	if pattern == "" {
		r.empty = true
		return r
	}
	seen := map[string]bool{}
	for _, alt := range expandBraces(pattern) {
		if seen[alt] {
			continue
		}
		seen[alt] = true
		parts := simplifyParts(splitSlashes(alt))
		if len(parts) <= 1 || (len(parts) == 2 && parts[1] == "") {
			r.relative = true
		}
		set := make([]segment, len(parts))
		for i, p := range parts {
			set[i] = compileSegment(p)
		}
		r.sets = append(r.sets, set)
	}
	return r
}

// splitSlashes splits at runs of slashes, like JavaScript's split(/\/+/).
func splitSlashes(s string) []string {
	return appendSplitSlashes(nil, s)
}

// appendSplitSlashes is splitSlashes appending to out, so a caller can
// split into a stack buffer without allocating.
func appendSplitSlashes(out []string, s string) []string {
	first := true
	for {
		i := strings.IndexByte(s, '/')
		part, last := s, i < 0
		if !last {
			part, s = s[:i], s[i+1:]
		}
		// An empty part between two slashes is a doubled slash; keep only
		// the empty parts at either end.
		if part != "" || first || last {
			out = append(out, part)
		}
		first = false
		if last {
			return out
		}
	}
}

// simplifyParts drops repeated "**" and resolves "x/.." as minimatch's
// first optimisation level does.
func simplifyParts(parts []string) []string {
	var out []string
	for _, p := range parts {
		n := len(out)
		if p == "**" && n > 0 && out[n-1] == "**" {
			continue
		}
		if p == ".." && n > 0 && out[n-1] != ".." && out[n-1] != "." && out[n-1] != "**" && out[n-1] != "" {
			out = out[:n-1]
			continue
		}
		out = append(out, p)
	}
	if len(out) == 0 {
		return []string{""}
	}
	return out
}

// compileSegment turns one path part into a literal or a case-insensitive
// regular expression.
func compileSegment(p string) segment {
	if p == "**" {
		return segment{globstar: true}
	}
	var re strings.Builder
	var lit strings.Builder
	magic := false
	onlyStars := strings.Trim(p, "*") == ""
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch c {
		case '*':
			for i+1 < len(p) && p[i+1] == '*' {
				i++
			}
			magic = true
			if onlyStars {
				re.WriteString(`[^/]+?`)
			} else {
				re.WriteString(`[^/]*?`)
			}
		case '?':
			magic = true
			re.WriteString(`[^/]`)
		case '\\':
			if i == len(p)-1 {
				re.WriteString(`\\`)
				lit.WriteByte('\\')
				continue
			}
			i++
			re.WriteString(regexp.QuoteMeta(p[i : i+1]))
			lit.WriteByte(p[i])
		case '[':
			src, n, isMagic := parseClass(p, i)
			if n == 0 {
				re.WriteString(`\[`)
				lit.WriteByte('[')
				continue
			}
			magic = magic || isMagic
			re.WriteString(src)
			lit.WriteString(p[i : i+n])
			i += n - 1
		default:
			re.WriteString(regexp.QuoteMeta(p[i : i+1]))
			lit.WriteByte(c)
		}
	}
	if !magic {
		return segment{literal: lit.String()}
	}
	if rest, ok := strings.CutPrefix(p, "*"); ok && isPlainASCII(rest) {
		return segment{suffix: rest}
	}
	if rest, ok := strings.CutSuffix(p, "*"); ok && rest != "" && isPlainASCII(rest) {
		return segment{prefix: rest}
	}
	return segment{re: regexp.MustCompile(`(?is)^(?:` + re.String() + `)$`)}
}

// isPlainASCII reports a non-empty literal of ASCII characters that have
// no glob meaning.
func isPlainASCII(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf || strings.IndexByte("*?[]\\{}()!+@", s[i]) >= 0 {
			return false
		}
	}
	return true
}

var posixClasses = []struct{ name, re string }{
	{"[:alnum:]", `\p{L}\p{Nl}\p{Nd}`},
	{"[:alpha:]", `\p{L}\p{Nl}`},
	{"[:ascii:]", `\x00-\x7f`},
	{"[:blank:]", `\p{Zs}\t`},
	{"[:cntrl:]", `\p{Cc}`},
	{"[:digit:]", `\p{Nd}`},
	{"[:lower:]", `\p{Ll}`},
	{"[:print:]", `\P{C}`},
	{"[:punct:]", `\p{P}`},
	{"[:space:]", `\p{Z}\t\r\n\v\f`},
	{"[:upper:]", `\p{Lu}`},
	{"[:word:]", `\p{L}\p{Nl}\p{Nd}\p{Pc}`},
	{"[:xdigit:]", `A-Fa-f0-9`},
}

// parseClass reads a bracket expression starting at p[start] == '['. It
// returns the regexp source, how many bytes it consumed (0: not a class,
// the '[' is literal) and whether it is magic (a one-character class is
// just that character).
func parseClass(p string, start int) (string, int, bool) {
	var ranges []string
	negate, sawStart, escaping := false, false, false
	end := -1
	var rangeStart rune = -1
	i := start + 1
loop:
	for i < len(p) {
		c, size := utf8.DecodeRuneInString(p[i:])
		if (c == '!' || c == '^') && i == start+1 {
			negate = true
			i += size
			continue
		}
		if c == ']' && sawStart && !escaping {
			end = i + 1
			break
		}
		sawStart = true
		if c == '\\' && !escaping {
			escaping = true
			i += size
			continue
		}
		if c == '[' && !escaping {
			for _, pc := range posixClasses {
				if strings.HasPrefix(p[i:], pc.name) {
					if rangeStart >= 0 {
						return `$.`, len(p) - start, true
					}
					ranges = append(ranges, pc.re)
					i += len(pc.name)
					continue loop
				}
			}
		}
		escaping = false
		if rangeStart >= 0 {
			if c > rangeStart {
				ranges = append(ranges, classEscape(rangeStart)+"-"+classEscape(c))
			} else if c == rangeStart {
				ranges = append(ranges, classEscape(c))
			}
			rangeStart = -1
			i += size
			continue
		}
		if strings.HasPrefix(p[i+size:], "-]") {
			ranges = append(ranges, classEscape(c)+`\-`)
			i += size + 1
			continue
		}
		if strings.HasPrefix(p[i+size:], "-") {
			rangeStart = c
			i += size + 1
			continue
		}
		ranges = append(ranges, classEscape(c))
		i += size
	}
	if end < 0 {
		return "", 0, false
	}
	if len(ranges) == 0 {
		// An empty class matches nothing.
		return `[^\x00-\x{10FFFF}]`, end - start, true
	}
	if len(ranges) == 1 && !negate && len([]rune(unescapeClass(ranges[0]))) == 1 {
		return regexp.QuoteMeta(unescapeClass(ranges[0])), end - start, false
	}
	neg := ""
	if negate {
		neg = "^"
	}
	return "[" + neg + strings.Join(ranges, "") + "]", end - start, true
}

func classEscape(c rune) string {
	switch c {
	case '[', ']', '\\', '-', '^':
		return `\` + string(c)
	}
	return string(c)
}

func unescapeClass(s string) string {
	if len(s) == 2 && s[0] == '\\' {
		return s[1:]
	}
	return s
}

// match reports whether the rule's pattern (ignoring its negation, as with
// flipNegate) matches the slash-separated path f. With partial, a path that
// is a prefix of what the pattern could match also counts.
func (r *rule) match(f string, partial bool) bool {
	if r.empty {
		return f == ""
	}
	if f == "/" && partial {
		return true
	}
	var file []string // split only when a multi-part alternative needs it
	var scratch [16]string
	for _, set := range r.sets {
		if len(set) == 1 {
			// matchBase: a pattern without slashes tests the last
			// non-empty part only.
			base := strings.TrimRight(f, "/")
			base = base[strings.LastIndexByte(base, '/')+1:]
			if matchParts([]string{base}, set, partial) {
				return true
			}
			continue
		}
		if file == nil {
			file = appendSplitSlashes(scratch[:0], f)
		}
		if matchParts(file, set, partial) {
			return true
		}
	}
	return false
}

func (s segment) test(f string) bool {
	switch {
	case s.re != nil:
		return s.re.MatchString(f)
	case s.suffix != "":
		return len(f) >= len(s.suffix) && strings.EqualFold(f[len(f)-len(s.suffix):], s.suffix)
	case s.prefix != "":
		return len(f) >= len(s.prefix) && strings.EqualFold(f[:len(s.prefix)], s.prefix)
	}
	return strings.EqualFold(s.literal, f)
}

func matchParts(file []string, pattern []segment, partial bool) bool {
	for _, s := range pattern {
		if s.globstar {
			return matchGlobstar(file, pattern, partial)
		}
	}
	return matchPlain(file, pattern, partial, 0, 0)
}

// matchPlain matches a pattern without "**" part by part from the given
// indexes.
func matchPlain(file []string, pattern []segment, partial bool, fi, pi int) bool {
	for ; fi < len(file) && pi < len(pattern); fi, pi = fi+1, pi+1 {
		if pattern[pi].globstar || !pattern[pi].test(file[fi]) {
			return false
		}
	}
	switch {
	case fi == len(file) && pi == len(pattern):
		return true
	case fi == len(file):
		return partial
	default:
		// Pattern exhausted: only a trailing slash may remain.
		return fi == len(file)-1 && file[fi] == ""
	}
}

// matchGlobstar matches a pattern with "**" parts: the head before the
// first must match the start, the tail after the last must match the end
// (not in partial mode), and the sections in between must appear in order.
// "**" never matches "." or "..".
func matchGlobstar(file []string, pattern []segment, partial bool) bool {
	first, last := -1, -1
	for i, s := range pattern {
		if s.globstar {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	head := pattern[:first]
	var body, tail []segment
	if partial {
		body = pattern[first+1:]
	} else {
		if last > first {
			body = pattern[first+1 : last]
		}
		tail = pattern[last+1:]
	}

	fi := 0
	if len(head) > 0 {
		end := min(len(head), len(file))
		if !matchPlain(file[:end], head, partial, 0, 0) {
			return false
		}
		fi = len(head)
	}

	tailMatched := 0
	if len(tail) > 0 {
		if len(tail)+fi > len(file) {
			return false
		}
		start := len(file) - len(tail)
		if matchPlain(file, tail, partial, start, 0) {
			tailMatched = len(tail)
		} else {
			// "a/**/*" still matches "a/b/": retry without the final "".
			if file[len(file)-1] != "" || fi+len(tail) == len(file) {
				return false
			}
			if !matchPlain(file, tail, partial, start-1, 0) {
				return false
			}
			tailMatched = len(tail) + 1
		}
	}

	if len(body) == 0 {
		sawSome := tailMatched > 0
		for i := fi; i < len(file)-tailMatched; i++ {
			sawSome = true
			if file[i] == "." || file[i] == ".." {
				return false
			}
		}
		return partial || sawSome
	}

	// Split the body into the sections between globstars, each with the
	// last file index it may start at.
	// Sections are runs of body, so they are sliced, not copied, into
	// stack buffers: this runs for every file against every rule.
	var sectionBuf [8][]segment
	sections := sectionBuf[:0]
	from := 0
	for i, s := range body {
		if s.globstar {
			sections = append(sections, body[from:i])
			from = i + 1
		}
	}
	sections = append(sections, body[from:])
	limit := len(file) - tailMatched
	var lastStartBuf [8]int
	lastStart := lastStartBuf[:0]
	for range sections {
		lastStart = append(lastStart, 0)
	}
	after := 0
	for i := len(sections) - 1; i >= 0; i-- {
		lastStart[i] = limit - (after + len(sections[i]))
		after += len(sections[i])
	}
	m := matchSections(file, sections, lastStart, fi, 0, partial, 0, tailMatched > 0)
	return m == matchYes
}

type sectionMatch int

const (
	matchNo sectionMatch = iota
	matchYes
	matchStop
)

func matchSections(file []string, sections [][]segment, lastStart []int, fi, si int, partial bool, depth int, sawTail bool) sectionMatch {
	if si == len(sections) {
		for i := fi; i < len(file); i++ {
			sawTail = true
			if file[i] == "." || file[i] == ".." {
				return matchNo
			}
		}
		if sawTail {
			return matchYes
		}
		return matchNo
	}
	sec := sections[si]
	for ; fi <= lastStart[si]; fi++ {
		end := min(fi+len(sec), len(file))
		if matchPlain(file[:end], sec, partial, fi, 0) && depth < maxGlobstarRecursion {
			if sub := matchSections(file, sections, lastStart, fi+len(sec), si+1, partial, depth+1, sawTail); sub != matchNo {
				return sub
			}
		}
		if fi < len(file) && (file[fi] == "." || file[fi] == "..") {
			return matchNo
		}
	}
	if partial {
		return matchYes
	}
	return matchStop
}
