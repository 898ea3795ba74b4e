package profile

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func TestSetResendsWritableFields(t *testing.T) {
	e := newEnv(t, "bob")
	if err := e.run("set", "FullName", "Bob", "B."); err != nil {
		t.Fatal(err)
	}
	if got, want := e.out.String(), "Set fullname to Bob B.\n"; got != want {
		t.Errorf("output = %q, want %q", got, want)
	}
	var post map[string]any
	for _, r := range e.srv.Requests() {
		if r.Method == "POST" {
			if err := json.Unmarshal(r.Body, &post); err != nil {
				t.Fatal(err)
			}
		}
	}
	want := map[string]any{"email": "bob@example.com", "fullname": "Bob B.", "homepage": nil, "freenode": nil, "twitter": nil, "github": nil}
	if len(post) != len(want) {
		t.Fatalf("POST body = %v, want %v", post, want)
	}
	for k, v := range want {
		if post[k] != v {
			t.Errorf("POST %s = %v, want %v", k, post[k], v)
		}
	}
}

func TestSetOutputForms(t *testing.T) {
	tests := []struct {
		name            string
		json, parseable bool
		want            string
	}{
		{"default", false, false, "Set github to bobgh\n"},
		{"json", true, false, "{\n  \"github\": \"bobgh\"\n}\n"},
		{"parseable", false, true, "github\tbobgh\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, "bob")
			e.json, e.parseable = tt.json, tt.parseable
			if err := e.run("set", "github", "bobgh"); err != nil {
				t.Fatal(err)
			}
			if got := e.out.String(); got != tt.want {
				t.Errorf("output = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestSetRefusesBeforeAnyRequest(t *testing.T) {
	tests := []struct {
		name string
		args []string
	}{
		{"no key", nil},
		{"no value", []string{"email"}},
		{"unknown key", []string{"name", "x"}},
		{"password on the command line", []string{"password", "hunter22"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, "bob")
			err := e.run(append([]string{"set"}, tt.args...)...)
			if !isFlagError(err) {
				t.Fatalf("err = %v, want a usage error", err)
			}
			if n := len(e.srv.Requests()); n != 0 {
				t.Errorf("%d requests were sent", n)
			}
		})
	}
}

func TestSetPassword(t *testing.T) {
	e := newEnv(t, "bob")
	answers := map[string]string{"Current password: ": "pw-bob", "New password: ": "new-secret-1", "Again: ": "new-secret-1"}
	e.prompter.answer = func(p string) (string, error) { return answers[p], nil }
	if err := e.run("set", "password"); err != nil {
		t.Fatal(err)
	}
	if got := e.out.String(); got != "Set password\n" {
		t.Errorf("output = %q", got)
	}
	// The new password works for a password-checked operation.
	e.password = "new-secret-1"
	e.prompter.answer = e.answer
	e.terminal()
	if err := e.run("enable-2fa"); err != nil {
		t.Fatalf("enable-2fa with the new password: %v", err)
	}
	if strings.Contains(e.errOut.String(), "new-secret-1") {
		t.Error("the new password appears in the diagnostics")
	}
}

func TestSetPasswordMismatchSendsNothing(t *testing.T) {
	e := newEnv(t, "bob")
	answers := map[string]string{"Current password: ": "pw-bob", "New password: ": "new-secret-1", "Again: ": "new-secret-2"}
	e.prompter.answer = func(p string) (string, error) { return answers[p], nil }
	err := e.run("set", "password")
	if !errors.Is(err, errPasswordMismatch) {
		t.Fatalf("err = %v, want a mismatch", err)
	}
	if n := len(e.srv.Requests()); n != 0 {
		t.Errorf("%d requests were sent", n)
	}
}

func TestSetPasswordWrongCurrent(t *testing.T) {
	e := newEnv(t, "bob")
	answers := map[string]string{"Current password: ": "not-it", "New password: ": "new-secret-1", "Again: ": "new-secret-1"}
	e.prompter.answer = func(p string) (string, error) { return answers[p], nil }
	err := e.run("set", "password")
	if err == nil || !strings.Contains(err.Error(), "current password is incorrect") {
		t.Fatalf("err = %v", err)
	}
}
