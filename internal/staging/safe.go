package staging

import (
	"strconv"
	"strings"
	"unicode"
)

// SafeText makes registry text safe to print on a terminal: control
// characters (escape sequences, carriage returns, newlines) are shown
// escaped instead of acting on the screen.
func SafeText(s string) string {
	if strings.IndexFunc(s, isUnsafe) < 0 {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if isUnsafe(r) {
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func isUnsafe(r rune) bool {
	return unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || unicode.Is(unicode.Bidi_Control, r)
}
