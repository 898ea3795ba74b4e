package termsafe

import "testing"

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
