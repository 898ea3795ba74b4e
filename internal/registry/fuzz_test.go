package registry

import (
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzClassifyChallenge feeds arbitrary www-authenticate headers and
// bodies to the challenge classifier: it must never panic, only 401s are
// challenges, and a web challenge's URLs are always http(s) without
// userinfo.
func FuzzClassifyChallenge(f *testing.F) {
	seeds := []struct {
		status int
		header string
		body   string
	}{
		{401, "OTP", `{"error":"otp"}`},
		{401, "Bearer realm=\"x\", otp", ""},
		{401, "ipaddress", ""},
		{401, "", "one-time pass"},
		{401, "otp", `{"authUrl":"https://u:p@h/a","doneUrl":"https://h/d"}`},
		{403, "otp", "one-time pass"},
		{401, ",,,", "\x00\xff"},
	}
	for _, s := range seeds {
		f.Add(s.status, s.header, []byte(s.body))
	}
	f.Fuzz(func(t *testing.T, status int, header string, body []byte) {
		h := http.Header{}
		if header != "" {
			h.Set("WWW-Authenticate", header)
		}
		ch := ClassifyChallenge(status, h, body)
		if status != 401 && ch.Kind != NoChallenge {
			t.Fatalf("status %d classified as %v", status, ch.Kind)
		}
		if ch.Kind == WebChallenge {
			for _, u := range []string{ch.AuthURL, ch.DoneURL} {
				if !IsWebURL(u) {
					t.Fatalf("web challenge URL %q is not http(s)", u)
				}
			}
			if strings.Contains(ch.AuthURL, "@") && !IsWebURL(StripUserinfo(ch.AuthURL)) {
				t.Fatalf("authUrl %q kept userinfo", ch.AuthURL)
			}
		}
	})
}

// FuzzRegistryMessage checks that whatever a registry sends as an error
// body, the message gonpm repeats is one line of valid text.
func FuzzRegistryMessage(f *testing.F) {
	for _, s := range []string{`{"error":"nope"}`, `{"reason":"a\nb"}`, "<html>oops</html>", "plain text", `{"error":5}`, "\xff\xfe"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		msg := registryMessage(body)
		if strings.ContainsAny(msg, "\r\n") {
			t.Fatalf("message has a line break: %q", msg)
		}
		if utf8.Valid(body) && !utf8.ValidString(msg) {
			t.Fatalf("valid input gave invalid text %q", msg)
		}
	})
}

// FuzzParseRetryAfter: any header value gives a non-negative wait or none.
func FuzzParseRetryAfter(f *testing.F) {
	for _, s := range []string{"0", "5", "-1", "Wed, 21 Oct 2015 07:28:00 GMT", "soon", "99999999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		if d, ok := parseRetryAfter(v, timeNowForFuzz); ok && d < 0 {
			t.Fatalf("negative wait %v for %q", d, v)
		}
	})
}
