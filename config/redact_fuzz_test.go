package config

import (
	"net/url"
	"strings"
	"testing"
)

// FuzzRedactURL: whatever the URL looks like, the password in it is never
// printed.
func FuzzRedactURL(f *testing.F) {
	f.Add("user", "s3cretpw", "registry.example.test", "/npm/")
	f.Add("a b", "pass%zz", "h", "")
	f.Add("", "pw@pw", "h:8080", "/x@y")
	// Once a finding: the password spelt by the user name and the mask.
	f.Add("000000", "000:", "0", "0")
	f.Fuzz(func(t *testing.T, user, pass, host, path string) {
		// The password must not be spelt by the rest of the URL as printed
		// (the user name is printed escaped: "!0" becomes "%210"), nor by
		// the user name running into the mask: user "000000" and password
		// "000:" print as "000000:***@", which spells it by chance.
		if len(pass) < 4 || strings.Contains(user+url.PathEscape(user)+host+path, pass) {
			return
		}
		for _, shown := range []string{user, url.PathEscape(user)} {
			if strings.Contains("https://"+shown+":***@"+host+path, pass) {
				return
			}
		}
		// An unescaped / ? or # in the user or password ends the authority
		// by the URL grammar (npm reads it so too): such a "password" is the
		// host or the path, and a real one must be percent-escaped.
		if strings.ContainsAny(user+pass, "/?#") {
			return
		}
		// Host and path of plain characters: printing escapes others,
		// and an escape such as %20 could spell the password by chance.
		if strings.Trim(host+path, "abcdefghijklmnopqrstuvwxyz0123456789.:/-") != "" {
			return
		}
		raw := "https://" + user + ":" + pass + "@" + host + path
		if out := RedactURLString(raw); strings.Contains(out, pass) {
			t.Fatalf("RedactURLString(%q) = %q shows the password", raw, out)
		}
	})
}
