// Package termsafe makes text from a registry or a package safe to print
// on a terminal. Such text is not trusted: an escape sequence in a user
// name, a tag or an error message could move the cursor, rewrite earlier
// lines, change the window title or hide what follows. Every control
// character is shown escaped instead, the way Go quotes strings: ESC as
// \x1b, BEL as \a, CR as \r, C1 controls as \u0085, and invalid UTF-8 as
// \xff. Unicode's bidirectional overrides, which reorder what the eye
// reads, are escaped too. JSON output needs none of this: encoding/json
// already escapes control characters.
package termsafe

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Line escapes every control character, newlines and tabs included: for
// text that must stay on its line (a name, a message in an error line).
func Line(s string) string { return escape(s, false) }

// Text escapes control characters but keeps newlines and tabs: for text
// printed as a block of lines.
func Text(s string) string { return escape(s, true) }

func escape(s string, keepLayout bool) string {
	if clean(s, keepLayout) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteString(`\x` + strconv.FormatUint(uint64(s[i])|0x100, 16)[1:])
		case keepLayout && (r == '\n' || r == '\t'):
			b.WriteRune(r)
		case unsafe(r):
			q := strconv.QuoteRuneToASCII(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// clean is the fast path: most text needs no change.
func clean(s string, keepLayout bool) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 {
			return cleanRunes(s[i:], keepLayout)
		}
		if c < 0x20 || c == 0x7f {
			if keepLayout && (c == '\n' || c == '\t') {
				continue
			}
			return false
		}
	}
	return true
}

func cleanRunes(s string, keepLayout bool) bool {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			return false
		}
		if unsafe(r) && !(keepLayout && (r == '\n' || r == '\t')) {
			return false
		}
		i += size
	}
	return true
}

// unsafe tells the runes to escape: C0, DEL, C1, the bidirectional
// marks, embeddings, overrides and isolates, and the Unicode line and
// paragraph separators.
func unsafe(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069,
		r == 0x200e, r == 0x200f, r == 0x061c: // bidi marks and overrides
		return true
	case r == 0x2028, r == 0x2029: // line and paragraph separators
		return true
	}
	return false
}
