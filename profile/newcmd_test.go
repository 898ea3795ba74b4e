package profile

import (
	"slices"
	"testing"

	"github.com/gonpm/gonpm/internal/cmdtest"
)

// wantUsage checks that a command refused its arguments with msg before
// running.
func wantUsage[O any](t *testing.T, args []string, got *O, err error, msg string) {
	t.Helper()
	if err == nil || err.Error() != msg || got != nil {
		t.Errorf("%q: err = %v, want %q before running", args, err, msg)
	}
}

func TestNewCmdGet(t *testing.T) {
	for _, args := range [][]string{nil, {"email"}, {"name,email", "fullname"}} {
		got, err := cmdtest.Parse(t, NewCmdGet, args...)
		if err != nil {
			t.Fatalf("%q: %v", args, err)
		}
		if !slices.Equal(got.Keys, args) {
			t.Errorf("%q: keys %q", args, got.Keys)
		}
	}
}

func TestNewCmdSet(t *testing.T) {
	tests := []struct {
		args       []string
		key, value string
		wantErr    string
	}{
		{args: []string{"FullName", "Bob", "B."}, key: "fullname", value: "Bob B."},
		{args: []string{" email ", "a@b"}, key: "email", value: "a@b"},
		{args: []string{"password"}, key: "password"},
		{args: nil, wantErr: "usage: gonpm profile set <key> <value>"},
		{args: []string{"email"}, wantErr: "usage: gonpm profile set <key> <value>"},
		{args: []string{"password", "hunter2"}, wantErr: "gonpm profile set password takes no value: never put a password on the command line; it is asked for"},
		{args: []string{"color", "red"}, wantErr: `"color" is not a property we can set. Valid properties are: email, password, fullname, homepage, freenode, twitter, github`},
	}
	for _, tt := range tests {
		got, err := cmdtest.Parse(t, NewCmdSet, tt.args...)
		if tt.wantErr != "" {
			wantUsage(t, tt.args, got, err, tt.wantErr)
			continue
		}
		if err != nil {
			t.Fatalf("%q: %v", tt.args, err)
		}
		if got.Key != tt.key || got.Value != tt.value {
			t.Errorf("%q: key %q value %q, want %q %q", tt.args, got.Key, got.Value, tt.key, tt.value)
		}
	}
}

func TestNewCmdEnable2FA(t *testing.T) {
	tests := []struct {
		args    []string
		mode    string
		wantErr string
	}{
		{args: nil, mode: "auth-and-writes"},
		{args: []string{"auth-only"}, mode: "auth-only"},
		{args: []string{"auth-and-writes"}, mode: "auth-and-writes"},
		{args: []string{"always"}, wantErr: `invalid two-factor authentication mode "always": use auth-only (codes only when logging in) or auth-and-writes (also when publishing and changing packages)`},
		{args: []string{"auth-only", "x"}, wantErr: "usage: gonpm profile enable-2fa [auth-and-writes|auth-only]"},
	}
	for _, tt := range tests {
		got, err := cmdtest.Parse(t, NewCmdEnable2FA, tt.args...)
		if tt.wantErr != "" {
			wantUsage(t, tt.args, got, err, tt.wantErr)
			continue
		}
		if err != nil {
			t.Fatalf("%q: %v", tt.args, err)
		}
		if got.Mode != tt.mode {
			t.Errorf("%q: mode %q, want %q", tt.args, got.Mode, tt.mode)
		}
	}
}

func TestNewCmdDisable2FA(t *testing.T) {
	if got, err := cmdtest.Parse(t, NewCmdDisable2FA); err != nil || got == nil {
		t.Errorf("no arguments: %v", err)
	}
	got, err := cmdtest.Parse(t, NewCmdDisable2FA, "now")
	wantUsage(t, []string{"now"}, got, err, "usage: gonpm profile disable-2fa (takes no arguments)")
}
