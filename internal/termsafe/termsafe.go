// Package termsafe makes text from a registry or a package safe to print
// on a terminal. Such text is not trusted: an escape sequence in a user
// name, a tag, a deprecation message or an error message could move the
// cursor, rewrite earlier lines, change the window title or hide what
// follows. Every control character is shown escaped instead, as a Go
// escape: \n, \t and \r by name, other ASCII controls as \x1b or \x07, C1
// controls as \u0085, and invalid UTF-8 as \xff. Unicode's bidirectional
// marks, overrides and isolates, which reorder what the eye reads, and the
// Unicode line separators are escaped too. JSON output needs none of
// this: encoding/json already escapes control characters.
package termsafe

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Line escapes every control character, newlines and tabs included: for
// text that must stay on its line (a name, a message in an error line).
func Line(s string) string { return escape(s, false) }

// String is Line.
func String(s string) string { return escape(s, false) }

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
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case keepLayout && (r == '\n' || r == '\t'):
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x80 && unsafe(r):
			fmt.Fprintf(&b, `\x%02x`, r)
		case unsafe(r):
			fmt.Fprintf(&b, `\u%04x`, r)
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
	return unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || unicode.Is(unicode.Bidi_Control, r)
}
