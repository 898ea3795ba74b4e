package token

import (
	"reflect"
	"slices"
	"testing"

	"github.com/gonpm/gonpm/internal/cmdtest"
)

func TestNewCmdList(t *testing.T) {
	if got, err := cmdtest.Parse(t, NewCmdList); err != nil || got == nil {
		t.Errorf("no arguments: %v", err)
	}
	got, err := cmdtest.Parse(t, NewCmdList, "x")
	if err == nil || err.Error() != "usage: gonpm token list (takes no arguments)" || got != nil {
		t.Errorf("an argument: err = %v", err)
	}
}

func TestNewCmdCreate(t *testing.T) {
	tests := []struct {
		args    []string
		want    CreateFlags
		wantErr bool
	}{
		{args: nil, want: CreateFlags{}},
		{
			args: []string{"--name", "ci", "--expires", "30", "--packages", "a", "--packages", "@s/b", "--scopes", "@s",
				"--orgs", "o", "--packages-and-scopes-permission", "read-write", "--orgs-permission", "read-only",
				"--bypass-2fa", "--cidr", "10.0.0.0/8", "--token-description", "for CI", "--packages-all", "--read-only"},
			want: CreateFlags{Name: "ci", Expires: "30", Packages: []string{"a", "@s/b"}, Scopes: []string{"@s"}, Orgs: []string{"o"},
				PackagesPermission: "read-write", OrgsPermission: "read-only", Bypass2FA: true, CIDR: []string{"10.0.0.0/8"},
				Description: "for CI", PackagesAll: true, ReadOnly: true},
		},
		{args: []string{"--password", "pw"}, want: CreateFlags{Password: "pw"}},
		// cobra's own refusal of a stray argument; the root turns it into
		// "gonpm token create takes no arguments: remove "x"" (exit 2).
		{args: []string{"x"}, wantErr: true},
	}
	for _, tt := range tests {
		got, err := cmdtest.Parse(t, NewCmdCreate, tt.args...)
		if tt.wantErr {
			if err == nil || got != nil {
				t.Errorf("%q: err = %v, want a refusal before running", tt.args, err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%q: %v", tt.args, err)
		}
		if !reflect.DeepEqual(got.CreateFlags, tt.want) {
			t.Errorf("%q: got %+v, want %+v", tt.args, got.CreateFlags, tt.want)
		}
	}
}

func TestNewCmdRevoke(t *testing.T) {
	got, err := cmdtest.Parse(t, NewCmdRevoke, "abc", "npm_x")
	if err != nil || !slices.Equal(got.Refs, []string{"abc", "npm_x"}) {
		t.Errorf("two refs: %v, %v", got, err)
	}
	got, err = cmdtest.Parse(t, NewCmdRevoke)
	if err == nil || err.Error() != "`<tokenKey>` argument is required: gonpm token revoke <id|token>..." || got != nil {
		t.Errorf("no argument: err = %v", err)
	}
}
