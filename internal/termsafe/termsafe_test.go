package termsafe

import "testing"

func TestLine(t *testing.T) {
	tests := []struct{ in, want string }{
		{"ann", "ann"},
		{"zoë 日本", "zoë 日本"},
		{"\x1b[2J\x1b]0;pwned\a", `\x1b[2J\x1b]0;pwned\x07`},
		{"ok\rgonpm error fake", `ok\rgonpm error fake`},
		{"two\nlines\ttab", `two\nlines\ttab`},
		{"c1 \u009b31m", `c1 \u009b31m`},
		{"del\x7f", `del\x7f`},
		{"bad \xff utf8", `bad \xff utf8`},
		{"rtl \u202egnp.exe", `rtl \u202egnp.exe`},
		{"marks \u200f\u061c", `marks \u200f\u061c`},
		{"separators \u2028\u2029", `separators \u2028\u2029`},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Line(tt.in); got != tt.want {
			t.Errorf("Line(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTextKeepsLayout(t *testing.T) {
	if got := Text("a\n\tb\x1b[31m"); got != "a\n\tb\\x1b[31m" {
		t.Errorf("Text = %q", got)
	}
}

// FuzzLine: whatever goes in, nothing a terminal acts on comes out, and
// clean text is left alone.
func FuzzLine(f *testing.F) {
	for _, s := range []string{"ann", "\x1b[2J", "a\rb", "\xff\xfe", "\u202e", "\u009b", "日本"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Line(s)
		if !clean(out, false) {
			t.Fatalf("Line(%q) = %q still holds control characters", s, out)
		}
		if clean(s, false) && out != s {
			t.Fatalf("clean %q changed to %q", s, out)
		}
		if !clean(Text(s), true) {
			t.Fatalf("Text(%q) still holds control characters", s)
		}
	})
}

func TestString(t *testing.T) {
	tests := []struct{ in, want string }{
		{"use version 2", "use version 2"},
		{"ünïcödé ★", "ünïcödé ★"},
		{"\x1b[2Jcleared", `\x1b[2Jcleared`},
		{"two\nlines\r", `two\nlines\r`},
		{"tab\there", `tab\there`},
		{"bell\a", `bell\x07`},
		{"c1\u009bcsi", `c1\u009bcsi`},
		{"rtl\u202eevil", `rtl\u202eevil`},
		{"bad\xffbyte", `bad\xffbyte`},
	}
	for _, tt := range tests {
		if got := String(tt.in); got != tt.want {
			t.Errorf("String(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
