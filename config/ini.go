package config

import (
	"encoding/json"
	"strings"
)

// entry is one key=value line of an npmrc file, as npm's ini reader sees it.
// Key and Value are raw: unquoted and unescaped, but not ${VAR}-expanded.
type entry struct {
	Key   string
	Value string
	Line  int  // 1-based line number in the file
	Array bool // written as key[]=value
}

// parsedLine describes one physical line of an npmrc file.
type parsedLine struct {
	entry
	ok      bool // the line holds a key (possibly inside a section)
	section bool // the line is a [section] header
	inSect  bool // the line comes after a [section] header
}

// parseNpmrc returns the top-level entries of an npmrc file in file order.
// Keys after a [section] header belong to that section; npm never reads
// them as configuration, so neither do we.
func parseNpmrc(data string) []entry {
	var out []entry
	for _, pl := range parseLines(data) {
		if pl.ok && !pl.inSect {
			out = append(out, pl.entry)
		}
	}
	return out
}

// splitLines splits a file into physical lines, dropping the newline and a
// trailing carriage return.
func splitLines(data string) []string {
	lines := strings.Split(data, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSuffix(l, "\r")
	}
	return lines
}

func parseLines(data string) []parsedLine {
	lines := splitLines(data)
	out := make([]parsedLine, len(lines))
	inSect := false
	for i, raw := range lines {
		// ini splits on any run of CR/LF, so a stray CR starts a new
		// logical line; the last one on the physical line wins.
		pl := parsedLine{inSect: inSect}
		for _, l := range strings.Split(raw, "\r") {
			p, isSection, ok := parseLine(l)
			if isSection {
				inSect = true
				pl.section, pl.inSect, pl.ok = true, true, false
				continue
			}
			if ok {
				pl.entry, pl.ok, pl.inSect = p, true, inSect
				pl.Line = i + 1
			}
		}
		out[i] = pl
	}
	return out
}

// parseLine reads one logical line: a comment, a section header or a
// key[=value] pair.
func parseLine(line string) (e entry, section, ok bool) {
	t := strings.TrimSpace(line)
	if t == "" || t[0] == ';' || t[0] == '#' {
		return entry{}, false, false
	}
	if strings.HasPrefix(line, "[") {
		if end := strings.IndexByte(line, ']'); end > 0 && strings.TrimSpace(line[end+1:]) == "" {
			return entry{}, true, false
		}
	}
	if strings.HasPrefix(line, "=") {
		return entry{}, false, false
	}
	rawKey, rawVal, hasVal := strings.Cut(line, "=")
	key := unquoteIni(rawKey)
	if len(key) > 2 && strings.HasSuffix(key, "[]") {
		e.Array = true
		key = strings.TrimSuffix(key, "[]")
	}
	if key == "" || key == "__proto__" {
		return entry{}, false, false
	}
	e.Key = key
	e.Value = "true"
	if hasVal {
		e.Value = unquoteIni(rawVal)
	}
	return e, false, true
}

func isQuoted(s string) bool {
	return len(s) > 1 && (s[0] == '"' && s[len(s)-1] == '"' || s[0] == '\'' && s[len(s)-1] == '\'')
}

// unquoteIni decodes a key or value the way npm's ini does: quoted text is
// JSON-decoded, unquoted text ends at the first unescaped ';' or '#'.
func unquoteIni(s string) string {
	s = strings.TrimSpace(s)
	if isQuoted(s) {
		if s[0] == '\'' {
			s = s[1 : len(s)-1]
		}
		var v any
		if err := json.Unmarshal([]byte(s), &v); err == nil {
			return jsonScalar(v, s)
		}
		return s
	}
	return cutComment(s)
}

// jsonScalar turns a decoded JSON value back into the string npm would see.
func jsonScalar(v any, raw string) string {
	switch x := v.(type) {
	case string:
		return x
	case nil:
		return "null"
	case bool, float64:
		return strings.TrimSpace(raw)
	default:
		// Objects and arrays are not meaningful config values; keep the text.
		return raw
	}
}

func cutComment(s string) string {
	var b strings.Builder
	esc := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case esc:
			if c != '\\' && c != ';' && c != '#' {
				b.WriteByte('\\')
			}
			b.WriteByte(c)
			esc = false
		case c == ';' || c == '#':
			return strings.TrimSpace(b.String())
		case c == '\\':
			esc = true
		default:
			b.WriteByte(c)
		}
	}
	if esc {
		b.WriteByte('\\')
	}
	return strings.TrimSpace(b.String())
}

// quoteIni encodes a key or value so that unquoteIni gives it back, using
// the same rules as npm when it writes a file.
func quoteIni(s string) string {
	if strings.ContainsAny(s, "=\r\n") || strings.HasPrefix(s, "[") || isQuoted(s) ||
		s != strings.TrimSpace(s) || needsJSONForBackslash(s) {
		b, _ := json.Marshal(s)
		return string(b)
	}
	s = strings.ReplaceAll(s, ";", `\;`)
	return strings.ReplaceAll(s, "#", `\#`)
}

// needsJSONForBackslash reports whether escaping ';' and '#' alone would not
// survive a round trip: a backslash right before one of them, or a trailing
// one, would be read back differently. npm writes such values wrongly; we
// quote them instead.
func needsJSONForBackslash(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' {
			continue
		}
		if i+1 == len(s) || s[i+1] == '\\' || s[i+1] == ';' || s[i+1] == '#' {
			return true
		}
	}
	return false
}
