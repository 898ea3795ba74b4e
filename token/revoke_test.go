package token

import (
	"context"
	"strings"
	"testing"

	"github.com/gonpm/gonpm/internal/registrytest"
)

// keyOf lists the tokens and returns the key of the one whose visible
// part starts value.
func keyOf(t *testing.T, e *testEnv, value string) string {
	t.Helper()
	all, err := fetchAll(context.Background(), e.opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, tok := range all {
		if strings.HasPrefix(value, tok.Token) {
			return tok.Key
		}
	}
	t.Fatal("token not listed")
	return ""
}

func TestRevoke(t *testing.T) {
	tests := []struct {
		name            string
		arg             func(key, value string) string
		json, parseable bool
		want            func(key string) string
	}{
		{"by short id", func(k, _ string) string { return k[:8] }, false, false, func(string) string { return "Removed 1 token\n" }},
		{"by token value", func(_, v string) string { return v }, false, false, func(string) string { return "Removed 1 token\n" }},
		{"json", func(k, _ string) string { return k[:8] }, true, false, func(k string) string { return "[\n  \"" + k + "\"\n]\n" }},
		{"parseable", func(k, _ string) string { return k[:8] }, false, true, func(k string) string { return k + "\n" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			victim := e.srv.AddUser("tess", "pw-tess", "tess@example.com")
			key := keyOf(t, e, victim)
			e.opts.JSON, e.opts.Parseable = tt.json, tt.parseable
			if err := revokeTokens(context.Background(), e.opts, []string{tt.arg(key, victim)}); err != nil {
				t.Fatal(err)
			}
			if got, want := e.out.String(), tt.want(key); got != want {
				t.Errorf("output = %q, want %q", redact(got), redact(want))
			}
			if e.works(t, victim) {
				t.Error("the token still works")
			}
			if !e.works(t, e.token) {
				t.Error("another token was revoked")
			}
			if strings.Contains(e.errOut.String(), victim) {
				t.Error("the token value appears in the diagnostics")
			}
		})
	}
}

func TestRevokeSeveralWithTwoFactor(t *testing.T) {
	e := newEnv(t)
	a := e.srv.AddUser("tess", "pw-tess", "tess@example.com")
	b := e.srv.AddUser("tess", "pw-tess", "tess@example.com")
	e.otp.secret, _ = e.srv.EnableTFA("tess", registrytest.ModeAuthAndWrites)
	if err := revokeTokens(context.Background(), e.opts, []string{keyOf(t, e, a), keyOf(t, e, b)[:10]}); err != nil {
		t.Fatal(err)
	}
	if got := e.out.String(); got != "Removed 2 tokens\n" {
		t.Errorf("output = %q", got)
	}
	if e.otp.calls != 1 {
		t.Errorf("OTP asked %d times, want once for both deletes", e.otp.calls)
	}
	if e.works(t, a) || e.works(t, b) {
		t.Error("a token still works")
	}
}

func TestRevokeRefusals(t *testing.T) {
	tests := []struct {
		name  string
		args  []string
		usage bool
		want  string
	}{
		{"unknown", []string{"ffffffffffff"}, false, "unknown token id or value"},
		// Every key starts with "": it must not pick a token.
		{"empty id", []string{""}, true, "empty token id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			e.srv.AddUser("tess", "pw-tess", "tess@example.com")
			err := revokeTokens(context.Background(), e.opts, tt.args)
			if err == nil || isFlagError(err) != tt.usage || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q (usage %v)", err, tt.want, tt.usage)
			}
			if n := e.countRequests("DELETE", "/"); n != 0 {
				t.Errorf("%d deletes were sent", n)
			}
		})
	}
}

func TestResolveIDs(t *testing.T) {
	tokens := []*listed{{Key: "abcdefg"}, {Key: "abcdefgh"}, {Key: "abcdxy12"}}
	tests := []struct {
		arg, want, wantErr string
	}{
		{"abcdefg", "abcdefg", ""}, // a whole key, also the start of another
		{"abcdefgh", "abcdefgh", ""},
		{"abcdx", "abcdxy12", ""},
		{"abcd", "", "ambiguous"},
	}
	for _, tt := range tests {
		got, err := resolve(tokens, tt.arg)
		if got != tt.want || (err == nil) != (tt.wantErr == "") || err != nil && !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("resolve(%q) = %q, %v; want %q, %q", tt.arg, got, err, tt.want, tt.wantErr)
		}
	}
}
