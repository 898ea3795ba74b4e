package config

import "testing"

func TestRedactURLString(t *testing.T) {
	tests := map[string]string{
		"https://user:s3cret@registry.example.test/npm/": "https://user:***@registry.example.test/npm/",
		"https://user@registry.example.test/":            "https://user@registry.example.test/",
		"https://:s3cret@registry.example.test/":         "https://:***@registry.example.test/",
		"https://registry.example.test/":                 "https://registry.example.test/",
		"https://u:p%zz@host/":                           "https://***@host/",
		"http://a b:s3cret@host/":                        "http://***@host/",
	}
	for in, want := range tests {
		if got := RedactURLString(in); got != want {
			t.Errorf("RedactURLString(%q) = %q, want %q", in, got, want)
		}
	}
}
