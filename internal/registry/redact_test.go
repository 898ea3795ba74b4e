package registry

import (
	"net/url"
	"testing"
)

func TestRedactURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"http://u:p@127.0.0.1:9/-/npm/v1/tokens/token/npm_abc", "http://127.0.0.1:9/-/npm/v1/tokens/token/***"},
		{"http://127.0.0.1:9/a%20b/-/user/token/secret", "http://127.0.0.1:9/a%20b/-/user/token/***"},
		{"http://127.0.0.1:9/@s%2fpkg?write=true", "http://127.0.0.1:9/@s%2fpkg?write=true"},
	}
	for _, tt := range tests {
		u, err := url.Parse(tt.in)
		if err != nil {
			t.Fatal(err)
		}
		if got := redactURL(u); got != tt.want {
			t.Errorf("redactURL(%s) = %s, want %s", tt.in, got, tt.want)
		}
	}
}
