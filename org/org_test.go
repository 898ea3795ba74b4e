package org

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/gonpm/gonpm/internal/cmdtest"
	"github.com/gonpm/gonpm/internal/registrytest"
)

func TestNewCmdSet(t *testing.T) {
	tests := []struct {
		args    []string
		want    *SetOptions
		wantErr string
	}{
		{args: []string{"acme", "bob"}, want: &SetOptions{Org: "acme", User: "bob", Role: "developer"}},
		{args: []string{"@acme", "bob", "admin"}, want: &SetOptions{Org: "@acme", User: "bob", Role: "admin"}},
		{args: []string{"acme", "bob", "owner"}, want: &SetOptions{Org: "acme", User: "bob", Role: "owner"}},
		{args: []string{"acme", "bob", ""}, want: &SetOptions{Org: "acme", User: "bob", Role: "developer"}},
		{args: []string{}, wantErr: "First argument `orgname` is required."},
		{args: []string{"acme"}, wantErr: "Second argument `username` is required."},
		{args: []string{"acme", "bob", "boss"}, wantErr: roleError},
		{args: []string{"acme", "bob", "Owner"}, wantErr: roleError},
		{args: []string{"acme", "bob", "admin", "x"}, wantErr: "usage: gonpm org set <orgname> <username> [developer | admin | owner]"},
	}
	for _, tt := range tests {
		got, err := cmdtest.Parse(t, NewCmdSet, tt.args...)
		if tt.wantErr != "" {
			if err == nil || err.Error() != tt.wantErr {
				t.Errorf("%q: err = %v, want %q", tt.args, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%q: %v", tt.args, err)
		}
		got.IO, got.Config, got.RegistryClient = nil, nil, nil
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%q: %+v, want %+v", tt.args, got, tt.want)
		}
	}
}

func TestNewCmdRm(t *testing.T) {
	tests := []struct {
		args    []string
		want    *RmOptions
		wantErr string
	}{
		{args: []string{"acme", "bob"}, want: &RmOptions{Org: "acme", User: "bob"}},
		{args: []string{"acme"}, wantErr: "Second argument `username` is required."},
		{args: []string{""}, wantErr: "First argument `orgname` is required."},
		{args: []string{"acme", "bob", "x"}, wantErr: "usage: gonpm org rm <orgname> <username>"},
	}
	for _, tt := range tests {
		got, err := cmdtest.Parse(t, NewCmdRm, tt.args...)
		if tt.wantErr != "" {
			if err == nil || err.Error() != tt.wantErr {
				t.Errorf("%q: err = %v, want %q", tt.args, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%q: %v", tt.args, err)
		}
		got.IO, got.Config, got.RegistryClient = nil, nil, nil
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%q: %+v, want %+v", tt.args, got, tt.want)
		}
	}
}

func TestNewCmdLs(t *testing.T) {
	tests := []struct {
		args    []string
		want    *LsOptions
		wantErr string
	}{
		{args: []string{"acme"}, want: &LsOptions{Org: "acme"}},
		{args: []string{"acme", "bob"}, want: &LsOptions{Org: "acme", User: "bob"}},
		{args: []string{}, wantErr: "First argument `orgname` is required."},
		{args: []string{"acme", "bob", "x"}, wantErr: "usage: gonpm org ls <orgname> [<username>]"},
	}
	for _, tt := range tests {
		got, err := cmdtest.Parse(t, NewCmdLs, tt.args...)
		if tt.wantErr != "" {
			if err == nil || err.Error() != tt.wantErr {
				t.Errorf("%q: err = %v, want %q", tt.args, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%q: %v", tt.args, err)
		}
		got.IO, got.Config, got.RegistryClient = nil, nil, nil
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%q: %+v, want %+v", tt.args, got, tt.want)
		}
	}
}

// orgSession: alice owns acme (2FA for writes, code in the configuration),
// bob is a developer, carol exists outside the org.
func orgSession(t *testing.T, env ...string) *cmdtest.Session {
	t.Helper()
	srv := registrytest.New(t)
	token := srv.AddUser("alice", "pw", "alice@example.com")
	srv.AddUser("bob", "pw", "bob@example.com")
	srv.AddUser("carol", "pw", "carol@example.com")
	srv.SetOrgMember("acme", "alice", "owner")
	srv.SetOrgMember("acme", "bob", "developer")
	secret, _ := srv.EnableTFA("alice", registrytest.ModeAuthAndWrites)
	env = append([]string{"NPM_CONFIG_OTP=" + srv.TOTP(secret, time.Now())}, env...)
	return cmdtest.Login(t, srv, token, env...)
}

func Test_setRun(t *testing.T) {
	tests := []struct {
		name, format string
		opts         SetOptions
		want         string
		wantErr      string
		wantRoster   map[string]string
	}{
		{name: "human", opts: SetOptions{Org: "acme", User: "carol", Role: "admin"},
			want:       "Added carol as admin to acme. You now have 3 members in this org.\n",
			wantRoster: map[string]string{"alice": "owner", "bob": "developer", "carol": "admin"}},
		{name: "parseable", format: "parseable", opts: SetOptions{Org: "@acme", User: "@bob", Role: "admin"},
			want:       "org\torgsize\tuser\trole\nacme\t2\tbob\tadmin\n",
			wantRoster: map[string]string{"alice": "owner", "bob": "admin"}},
		{name: "json", format: "json", opts: SetOptions{Org: "acme", User: "carol", Role: "developer"},
			want:       "{\n  \"org\": {\n    \"name\": \"acme\",\n    \"size\": 3\n  },\n  \"role\": \"developer\",\n  \"user\": \"carol\"\n}\n",
			wantRoster: map[string]string{"alice": "owner", "bob": "developer", "carol": "developer"}},
		{name: "unknown org", opts: SetOptions{Org: "nope", User: "carol", Role: "developer"},
			wantErr: "could not set carol as developer of org nope: 404 Not Found - PUT", wantRoster: map[string]string{"alice": "owner", "bob": "developer"}},
		{name: "unknown user", opts: SetOptions{Org: "acme", User: "nobody", Role: "developer"},
			wantErr: "user nobody not found", wantRoster: map[string]string{"alice": "owner", "bob": "developer"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var env []string
			if tt.format != "" {
				env = []string{"NPM_CONFIG_" + strings.ToUpper(tt.format) + "=true"}
			}
			s := orgSession(t, env...)
			opts := tt.opts
			opts.IO, opts.Config, opts.RegistryClient = s.IO, s.Config, s.Client
			err := setRun(context.Background(), &opts)
			if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Fatalf("err = %v, want %q", err, tt.wantErr)
			}
			if got := s.Out.String(); got != tt.want {
				t.Errorf("stdout:\n%s\nwant:\n%s", got, tt.want)
			}
			if got := s.Srv.OrgMembers("acme"); !reflect.DeepEqual(got, tt.wantRoster) {
				t.Errorf("roster = %v, want %v", got, tt.wantRoster)
			}
		})
	}
}

func Test_rmRun(t *testing.T) {
	for _, tt := range []struct{ format, want string }{
		{"", "Successfully removed bob from acme. You now have 1 member in this org.\n"},
		{"parseable", "user\torg\tuserCount\tdeleted\nbob\tacme\t1\ttrue\n"},
		{"json", "{\n  \"user\": \"bob\",\n  \"org\": \"acme\",\n  \"userCount\": 1,\n  \"deleted\": true\n}\n"},
	} {
		var env []string
		if tt.format != "" {
			env = []string{"NPM_CONFIG_" + strings.ToUpper(tt.format) + "=true"}
		}
		s := orgSession(t, env...)
		s.Srv.ResetLog()
		if err := rmRun(context.Background(), &RmOptions{IO: s.IO, Config: s.Config, RegistryClient: s.Client, Org: "@acme", User: "~bob"}); err == nil {
			t.Errorf("%s: removing ~bob succeeded; the registry knows no such user", tt.format)
		}
		s.Out.Reset()
		if err := rmRun(context.Background(), &RmOptions{IO: s.IO, Config: s.Config, RegistryClient: s.Client, Org: "@acme", User: "bob"}); err != nil {
			t.Fatal(err)
		}
		if got := s.Out.String(); got != tt.want {
			t.Errorf("%s: stdout:\n%s\nwant:\n%s", tt.format, got, tt.want)
		}
		if got := s.Srv.OrgMembers("acme"); !reflect.DeepEqual(got, map[string]string{"alice": "owner"}) {
			t.Errorf("roster = %v", got)
		}
	}
}

func Test_lsRun(t *testing.T) {
	tests := []struct{ format, user, want string }{
		{"", "", "alice - owner\nbob - developer\n"},
		{"", "bob", "bob - developer\n"},
		{"", "carol", ""},
		{"parseable", "", "user\trole\nalice\towner\nbob\tdeveloper\n"},
		{"json", "", "{\n  \"alice\": \"owner\",\n  \"bob\": \"developer\"\n}\n"},
		{"json", "carol", "{}\n"},
	}
	for _, tt := range tests {
		var env []string
		if tt.format != "" {
			env = []string{"NPM_CONFIG_" + strings.ToUpper(tt.format) + "=true"}
		}
		s := orgSession(t, env...)
		if err := lsRun(context.Background(), &LsOptions{IO: s.IO, Config: s.Config, RegistryClient: s.Client, Org: "acme", User: tt.user}); err != nil {
			t.Fatal(err)
		}
		if got := s.Out.String(); got != tt.want {
			t.Errorf("%s %s: stdout:\n%s\nwant:\n%s", tt.format, tt.user, got, tt.want)
		}
	}
}
