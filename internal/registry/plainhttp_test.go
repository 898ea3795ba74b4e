package registry

import "testing"

func TestIsPlainHTTPRemote(t *testing.T) {
	tests := map[string]bool{
		"http://127.0.0.1:4873/":          false,
		"http://localhost:4873/":          false,
		"http://[::1]:4873/":              false,
		"https://registry.example.test/":  false,
		"http://registry.example.test/":   true,
		"http://10.1.2.3:8080/npm/":       true,
		"http://user:pw@example.test/":    true,
		"not a url at all, just words ::": false,
	}
	for in, want := range tests {
		if got := IsPlainHTTPRemote(in); got != want {
			t.Errorf("IsPlainHTTPRemote(%q) = %v, want %v", in, got, want)
		}
	}
}
