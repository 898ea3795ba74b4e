package config

import "testing"

func TestCheckValue(t *testing.T) {
	tests := []struct {
		key, value string
		ok         bool
	}{
		{"loglevel", "silly", true},
		{"loglevel", "loud", false},
		{"loglevel", "", false},
		{"auth-type", "legacy", true},
		{"auth-type", "magic", false},
		{"fetch-retries", "0", true},
		{"fetch-retries", "many", false},
		{"fetch-retries", "-1", false},
		{"fetch-timeout", "1.5", false},
		{"registry", "https://r.example/", true},
		{"registry", "not-a-url", false},
		{"registry", "ftp://127.0.0.1/", false},
		{"@acme:registry", "http://127.0.0.1:1/", true},
		{"@acme:registry", "acme", false},
		{"color", "anything", true},
	}
	for _, tt := range tests {
		err := CheckValue(tt.key, tt.value)
		if (err == nil) != tt.ok {
			t.Errorf("CheckValue(%q, %q) = %v, want ok %v", tt.key, tt.value, err, tt.ok)
		}
	}
}
