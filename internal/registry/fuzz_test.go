package registry

import (
	"bytes"
	"io"
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

// FuzzReadCapped: a reply is read whole up to its cap and never past it,
// whatever length the registry announces.
func FuzzReadCapped(f *testing.F) {
	f.Add([]byte(`{"username":"ann"}`), uint16(64), int64(-1))
	f.Add([]byte("0123456789"), uint16(4), int64(10))
	f.Add([]byte("0123"), uint16(4), int64(1<<30))
	f.Fuzz(func(t *testing.T, body []byte, limit uint16, announced int64) {
		resp := &http.Response{Body: io.NopCloser(bytes.NewReader(body)), ContentLength: announced}
		data, over, err := readCapped(resp, int64(limit))
		if err != nil {
			t.Fatal(err)
		}
		if int64(len(data)) > int64(limit) {
			t.Fatalf("read %d bytes past the cap %d", len(data), limit)
		}
		switch {
		case announced > int64(limit):
			if !over {
				t.Fatalf("announced %d over the cap %d, not refused", announced, limit)
			}
		case len(body) > int(limit):
			if !over {
				t.Fatalf("%d bytes over the cap %d not noticed", len(body), limit)
			}
		default:
			if over || !bytes.Equal(data, body) {
				t.Fatalf("a body within the cap was not read whole")
			}
		}
	})
}
