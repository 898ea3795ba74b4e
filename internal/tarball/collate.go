package tarball

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// newDisplayCompare compares paths like npm's listing sort, localeCompare
// with sensitivity "case" and numeric ordering.
//
// x/text's numeric collation puts a digit run worth zero followed by more
// text after larger numbers ("x0y" after "x1y"), so paths holding such a
// run are walked by hand: numbers by value, other characters one by one
// with the collator, first ignoring case, then with it.
func newDisplayCompare() func(a, b string) int {
	numeric := collate.New(language.English, collate.IgnoreDiacritics, collate.Numeric)
	primary := collate.New(language.English, collate.IgnoreDiacritics, collate.IgnoreCase)
	tertiary := collate.New(language.English, collate.IgnoreDiacritics)
	return func(a, b string) int {
		if !hasZeroRun(a) && !hasZeroRun(b) {
			return numeric.CompareString(a, b)
		}
		// Numbers of equal value are equal whatever their leading zeros,
		// as in ICU; the stable sort then keeps tarball order.
		if c := walkCompare(a, b, primary); c != 0 {
			return c
		}
		return walkCompare(a, b, tertiary)
	}
}

// walkCompare compares a and b number by number and character by
// character.
func walkCompare(a, b string, col *collate.Collator) int {
	for a != "" && b != "" {
		if isDigit(a[0]) && isDigit(b[0]) {
			na, nb := digitRun(a), digitRun(b)
			if c := compareNumbers(a[:na], b[:nb]); c != 0 {
				return c
			}
			a, b = a[na:], b[nb:]
			continue
		}
		ra, sa := utf8.DecodeRuneInString(a)
		rb, sb := utf8.DecodeRuneInString(b)
		if c := col.CompareString(string(ra), string(rb)); c != 0 {
			return c
		}
		a, b = a[sa:], b[sb:]
	}
	return compareInts(len(a), len(b))
}

func digitRun(s string) int {
	n := 0
	for n < len(s) && isDigit(s[n]) {
		n++
	}
	return n
}

func compareInts(x, y int) int {
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

// hasZeroRun reports whether s has a run of ASCII digits that is all zeros.
func hasZeroRun(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] != '0' || (i > 0 && isDigit(s[i-1])) {
			continue
		}
		j := i
		for j < len(s) && s[j] == '0' {
			j++
		}
		if j == len(s) || !isDigit(s[j]) {
			return true
		}
	}
	return false
}

func compareNumbers(x, y string) int {
	x, y = strings.TrimLeft(x, "0"), strings.TrimLeft(y, "0")
	if len(x) != len(y) {
		if len(x) < len(y) {
			return -1
		}
		return 1
	}
	return strings.Compare(x, y)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
