package config

import "testing"

func TestExpand(t *testing.T) {
	env := map[string]string{"TOKEN": "tok", "EMPTY": "", "HOST": "127.0.0.1:4873"}
	tests := []struct {
		in, want string
	}{
		{"${TOKEN}", "tok"},
		{"pre-${TOKEN}-post", "pre-tok-post"},
		{"${EMPTY}", ""},
		{"${UNDEFINED}", "${UNDEFINED}"},
		{"${UNDEFINED?}", ""},
		{"${TOKEN?}", "tok"},
		{"$TOKEN", "$TOKEN"},
		{`\${TOKEN}`, "${TOKEN}"},
		{`\\${TOKEN}`, `\tok`},
		{`\\\${TOKEN}`, `\${TOKEN}`},
		{`\\\\${TOKEN}`, `\\tok`},
		{"${TOKEN}${HOST}", "tok127.0.0.1:4873"},
		{"//${HOST}/:_authToken", "//127.0.0.1:4873/:_authToken"},
		{"${}", "${}"},
		{"${A B}", "${A B}"},
	}
	for _, tt := range tests {
		if got := expand(tt.in, env); got != tt.want {
			t.Errorf("expand(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
