package config

import (
	"strings"
	"testing"
)

// FuzzRedactURL: whatever the URL looks like, the password in it is never
// printed.
func FuzzRedactURL(f *testing.F) {
	f.Add("user", "s3cretpw", "registry.example.test", "/npm/")
	f.Add("a b", "pass%zz", "h", "")
	f.Add("", "pw@pw", "h:8080", "/x@y")
	f.Fuzz(func(t *testing.T, user, pass, host, path string) {
		if len(pass) < 4 || strings.Contains(user+host+path, pass) || strings.Contains("https://:***@", pass) {
			return
		}
		// An unescaped / ? or # ends the authority by the URL grammar (npm
		// reads it so too): such a "password" is the host or the path, and
		// a real one must be percent-escaped.
		if strings.ContainsAny(pass, "/?#") {
			return
		}
		raw := "https://" + user + ":" + pass + "@" + host + path
		if out := RedactURLString(raw); strings.Contains(out, pass) {
			t.Fatalf("RedactURLString(%q) = %q shows the password", raw, out)
		}
	})
}
