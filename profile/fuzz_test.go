package profile

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/gonpm/gonpm/internal/iostreams"
	"github.com/gonpm/gonpm/internal/jsonobject"
)

// FuzzWriteProfile feeds arbitrary profile replies to `profile get` in
// each output format: never a panic, valid text out for valid text in,
// --json prints the registry's object back with its key order (without
// an empty cidr_whitelist), and the default view always states the
// two-factor mode.
func FuzzWriteProfile(f *testing.F) {
	for _, s := range []string{
		`{"name":"ann","email":"a@x","email_verified":true,"tfa":{"mode":"auth-only","pending":false},"created":"2020-01-01","cidr_whitelist":null}`,
		`{"tfa":{"mode":"auth-and-writes","pending":true},"fullname":"","extra":[1,null,"x"],"n":1e21}`,
		`{"tfa":"yes","email_verified":0,"cidr_whitelist":["1.2.3.4/32"]}`, `{"tfa":{"mode":5}}`, `{"name":{"x":1},"two-factor auth":"x"}`,
		`{"b":1,"a":2,"b":3}`, `{}`,
	} {
		f.Add([]byte(s), "", uint8(0))
		f.Add([]byte(s), "name,email", uint8(3))
	}
	f.Fuzz(func(t *testing.T, data []byte, args string, format uint8) {
		profile, err := jsonobject.Parse(data)
		if err != nil {
			return
		}
		ios, _, out, _ := iostreams.Test()
		opts := &session{IO: ios, JSON: format%4 == 1, Parseable: format%4 == 2}
		var keys []string
		if format%4 == 3 {
			keys = strings.Fields(args)
		}
		if err := writeProfile(opts, keys, profile); err != nil {
			t.Fatalf("writeProfile: %v", err)
		}
		text := out.String()
		if utf8.Valid(data) && !utf8.ValidString(text) {
			t.Fatalf("valid input %q printed invalid text %q", data, text)
		}
		switch {
		case opts.JSON:
			back, err := jsonobject.Parse([]byte(text))
			if err != nil {
				t.Fatalf("--json printed %q, not an object: %v", text, err)
			}
			if got, want := strings.Join(back.Keys(), "\x00"), strings.Join(profile.Keys(), "\x00"); got != want {
				t.Fatalf("--json keys %q, want %q", back.Keys(), profile.Keys())
			}
			if back.Has("cidr_whitelist") && !jsonobject.Truthy(back.Get("cidr_whitelist")) {
				t.Fatalf("--json kept an empty cidr_whitelist")
			}
		case !opts.Parseable && len(keys) == 0:
			mode := "disabled"
			if st := twoFactor(profile); st.enabled() {
				mode = st.Mode
			}
			if !strings.HasPrefix(text, "name: ") || !strings.Contains(text, "\ntwo-factor auth: "+mode+"\n") {
				t.Fatalf("default view lacks the name or the mode %q:\n%s", mode, text)
			}
		}
	})
}
