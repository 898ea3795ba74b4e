package team

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/gonpm/gonpm/internal/cmdtest"
	"github.com/gonpm/gonpm/internal/registrytest"
)

const notATeam = `"acme" is not a team: write it as <scope>:<team>, e.g. acme:developers`

func TestNewCmdCreate(t *testing.T) {
	tests := []struct {
		args    []string
		want    Entity
		wantErr string
	}{
		{args: []string{"acme:devs"}, want: Entity{"acme", "devs"}},
		{args: []string{"@acme:devs"}, want: Entity{"acme", "devs"}},
		{args: []string{"acme"}, wantErr: notATeam},
		{args: []string{"acme:"}, wantErr: `"acme:" is not a team`},
		{args: []string{":devs"}, wantErr: `":devs" is not a team`},
		{args: []string{}, wantErr: "usage: gonpm team create <scope:team>"},
		{args: []string{"a:b", "c"}, wantErr: "usage: gonpm team create <scope:team>"},
	}
	for _, tt := range tests {
		got, err := cmdtest.Parse(t, NewCmdCreate, tt.args...)
		if tt.wantErr != "" {
			if err == nil || !strings.HasPrefix(err.Error(), tt.wantErr) {
				t.Errorf("%q: err = %v, want %q", tt.args, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got.Entity != tt.want {
			t.Errorf("%q: %+v %v, want %+v", tt.args, got, err, tt.want)
		}
	}
}

func TestNewCmdDestroy(t *testing.T) {
	tests := []struct {
		args    []string
		want    Entity
		wantErr string
	}{
		{args: []string{"acme:devs"}, want: Entity{"acme", "devs"}},
		{args: []string{"acme"}, wantErr: notATeam},
		{args: []string{}, wantErr: "usage: gonpm team destroy <scope:team>"},
	}
	for _, tt := range tests {
		got, err := cmdtest.Parse(t, NewCmdDestroy, tt.args...)
		if tt.wantErr != "" {
			if err == nil || !strings.HasPrefix(err.Error(), tt.wantErr) {
				t.Errorf("%q: err = %v, want %q", tt.args, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got.Entity != tt.want {
			t.Errorf("%q: %+v %v, want %+v", tt.args, got, err, tt.want)
		}
	}
}

func TestNewCmdAdd(t *testing.T) {
	tests := []struct {
		args     []string
		want     Entity
		wantUser string
		wantErr  string
	}{
		{args: []string{"acme:devs", "bob"}, want: Entity{"acme", "devs"}, wantUser: "bob"},
		{args: []string{"@acme:devs", "bob"}, want: Entity{"acme", "devs"}, wantUser: "bob"},
		{args: []string{"acme", "bob"}, wantErr: notATeam},
		{args: []string{"acme:devs"}, wantErr: "usage: gonpm team add <scope:team> <user>"},
		{args: []string{"acme:devs", ""}, wantErr: "usage: gonpm team add <scope:team> <user>: the user name is empty"},
	}
	for _, tt := range tests {
		got, err := cmdtest.Parse(t, NewCmdAdd, tt.args...)
		if tt.wantErr != "" {
			if err == nil || !strings.HasPrefix(err.Error(), tt.wantErr) {
				t.Errorf("%q: err = %v, want %q", tt.args, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got.Entity != tt.want || got.User != tt.wantUser {
			t.Errorf("%q: %+v %v", tt.args, got, err)
		}
	}
}

func TestNewCmdRm(t *testing.T) {
	tests := []struct {
		args     []string
		want     Entity
		wantUser string
		wantErr  string
	}{
		{args: []string{"acme:devs", "bob"}, want: Entity{"acme", "devs"}, wantUser: "bob"},
		{args: []string{"acme", "bob"}, wantErr: notATeam},
		{args: []string{"acme:devs", "bob", "carol"}, wantErr: "usage: gonpm team rm <scope:team> <user>"},
	}
	for _, tt := range tests {
		got, err := cmdtest.Parse(t, NewCmdRm, tt.args...)
		if tt.wantErr != "" {
			if err == nil || !strings.HasPrefix(err.Error(), tt.wantErr) {
				t.Errorf("%q: err = %v, want %q", tt.args, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got.Entity != tt.want || got.User != tt.wantUser {
			t.Errorf("%q: %+v %v", tt.args, got, err)
		}
	}
}

func TestNewCmdLs(t *testing.T) {
	tests := []struct {
		args    []string
		want    string
		wantErr string
	}{
		{args: []string{"acme"}, want: "acme"},
		{args: []string{"@acme"}, want: "acme"},
		{args: []string{"@acme:devs"}, want: "acme:devs"},
		{args: []string{"@"}, wantErr: "usage: gonpm team ls <scope>|<scope:team>: the scope is empty"},
		{args: []string{}, wantErr: "usage: gonpm team ls <scope>|<scope:team>"},
	}
	for _, tt := range tests {
		got, err := cmdtest.Parse(t, NewCmdLs, tt.args...)
		if tt.wantErr != "" {
			if err == nil || !strings.HasPrefix(err.Error(), tt.wantErr) {
				t.Errorf("%q: err = %v, want %q", tt.args, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got.Entity != tt.want {
			t.Errorf("%q: %+v %v, want %q", tt.args, got, err, tt.want)
		}
	}
}

// teamSession: alice owns acme (2FA for writes, code configured), bob is a
// developer of acme, team acme:devs exists with no members.
func teamSession(t *testing.T, env ...string) *cmdtest.Session {
	t.Helper()
	srv := registrytest.New(t)
	token := srv.AddUser("alice", "pw", "alice@example.com")
	srv.AddUser("bob", "pw", "bob@example.com")
	srv.SetOrgMember("acme", "alice", "owner")
	srv.SetOrgMember("acme", "bob", "developer")
	srv.AddTeam("acme", "devs")
	secret, _ := srv.EnableTFA("alice", registrytest.ModeAuthAndWrites)
	env = append([]string{"NPM_CONFIG_OTP=" + srv.TOTP(secret, time.Now())}, env...)
	s := cmdtest.Login(t, srv, token, env...)
	srv.ResetLog()
	return s
}

func formatEnv(format string) []string {
	if format == "" {
		return nil
	}
	return []string{"NPM_CONFIG_" + strings.ToUpper(format) + "=true"}
}

func Test_teamRuns(t *testing.T) {
	ops := Entity{"acme", "ops"}
	devs := Entity{"acme", "devs"}
	tests := []struct {
		name, format string
		run          func(*cmdtest.Session) error
		want         string
		teams        []string
		devs         []string
	}{
		{"create", "", func(s *cmdtest.Session) error {
			return createRun(context.Background(), &CreateOptions{IO: s.IO, Config: s.Config, RegistryClient: s.Client, Entity: ops})
		}, "+@acme:ops\n", []string{"devs", "ops"}, []string{}},
		{"create parseable", "parseable", func(s *cmdtest.Session) error {
			return createRun(context.Background(), &CreateOptions{IO: s.IO, Config: s.Config, RegistryClient: s.Client, Entity: ops})
		}, "acme:ops\tcreated\n", []string{"devs", "ops"}, []string{}},
		{"create json", "json", func(s *cmdtest.Session) error {
			return createRun(context.Background(), &CreateOptions{IO: s.IO, Config: s.Config, RegistryClient: s.Client, Entity: ops})
		}, "{\n  \"created\": true,\n  \"team\": \"acme:ops\"\n}\n", []string{"devs", "ops"}, []string{}},
		{"destroy", "", func(s *cmdtest.Session) error {
			return destroyRun(context.Background(), &DestroyOptions{IO: s.IO, Config: s.Config, RegistryClient: s.Client, Entity: devs})
		}, "-@acme:devs\n", nil, nil},
		{"destroy json", "json", func(s *cmdtest.Session) error {
			return destroyRun(context.Background(), &DestroyOptions{IO: s.IO, Config: s.Config, RegistryClient: s.Client, Entity: devs})
		}, "{\n  \"deleted\": true,\n  \"team\": \"acme:devs\"\n}\n", nil, nil},
		{"add", "", func(s *cmdtest.Session) error {
			return addRun(context.Background(), &AddOptions{IO: s.IO, Config: s.Config, RegistryClient: s.Client, Entity: devs, User: "bob"})
		}, "bob added to @acme:devs\n", []string{"devs"}, []string{"bob"}},
		{"add parseable", "parseable", func(s *cmdtest.Session) error {
			return addRun(context.Background(), &AddOptions{IO: s.IO, Config: s.Config, RegistryClient: s.Client, Entity: devs, User: "bob"})
		}, "bob\tacme:devs\tadded\n", []string{"devs"}, []string{"bob"}},
		{"add json", "json", func(s *cmdtest.Session) error {
			return addRun(context.Background(), &AddOptions{IO: s.IO, Config: s.Config, RegistryClient: s.Client, Entity: devs, User: "bob"})
		}, "{\n  \"added\": true,\n  \"team\": \"acme:devs\",\n  \"user\": \"bob\"\n}\n", []string{"devs"}, []string{"bob"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := teamSession(t, formatEnv(tt.format)...)
			if err := tt.run(s); err != nil {
				t.Fatal(err)
			}
			if got := s.Out.String(); got != tt.want {
				t.Errorf("stdout:\n%s\nwant:\n%s", got, tt.want)
			}
			if got := s.Srv.Teams("acme"); !reflect.DeepEqual(got, tt.teams) {
				t.Errorf("teams = %v, want %v", got, tt.teams)
			}
			if got := s.Srv.TeamMembers("acme", "devs"); !reflect.DeepEqual(got, tt.devs) && !(len(got) == 0 && len(tt.devs) == 0) {
				t.Errorf("devs = %v, want %v", got, tt.devs)
			}
			// Writes carry the bare scope, as npm sends it.
			for _, r := range cmdtest.Writes(s.Srv) {
				if r.Header.Get("Npm-Scope") != "acme" {
					t.Errorf("%s %s: npm-scope %q, want acme", r.Method, r.Path, r.Header.Get("Npm-Scope"))
				}
			}
		})
	}
}

func Test_rmRun(t *testing.T) {
	for _, tt := range []struct{ format, want string }{
		{"", "bob removed from @acme:devs\n"},
		{"parseable", "bob\tacme:devs\tremoved\n"},
		{"json", "{\n  \"removed\": true,\n  \"team\": \"acme:devs\",\n  \"user\": \"bob\"\n}\n"},
	} {
		s := teamSession(t, formatEnv(tt.format)...)
		s.Srv.AddTeam("acme", "devs", "bob")
		if err := rmRun(context.Background(), &RmOptions{IO: s.IO, Config: s.Config, RegistryClient: s.Client, Entity: Entity{"acme", "devs"}, User: "bob"}); err != nil {
			t.Fatal(err)
		}
		if got := s.Out.String(); got != tt.want {
			t.Errorf("%s: stdout %q, want %q", tt.format, got, tt.want)
		}
		if got := s.Srv.TeamMembers("acme", "devs"); len(got) != 0 {
			t.Errorf("devs = %v", got)
		}
	}
}

func Test_lsRun(t *testing.T) {
	tests := []struct{ format, entity, want string }{
		{"", "acme", "@acme has 2 teams:\n@acme:devs\n@acme:ops\n"},
		{"parseable", "acme", "acme:devs\nacme:ops\n"},
		{"json", "acme", "[\n  \"acme:devs\",\n  \"acme:ops\"\n]\n"},
		{"", "acme:devs", "@acme:devs has 1 user:\nbob\n"},
		{"", "acme:ops", "@acme:ops has 0 users\n"},
		{"parseable", "acme:ops", "\n"},
		{"json", "acme:ops", "[]\n"},
	}
	for _, tt := range tests {
		s := teamSession(t, formatEnv(tt.format)...)
		s.Srv.AddTeam("acme", "devs", "bob")
		s.Srv.AddTeam("acme", "ops")
		if err := lsRun(context.Background(), &LsOptions{IO: s.IO, Config: s.Config, RegistryClient: s.Client, Entity: tt.entity}); err != nil {
			t.Fatal(err)
		}
		if got := s.Out.String(); got != tt.want {
			t.Errorf("%s %s: stdout %q, want %q", tt.format, tt.entity, got, tt.want)
		}
	}
}

func TestTeamErrorsKeepTheRegistryMessage(t *testing.T) {
	s := teamSession(t)
	err := addRun(context.Background(), &AddOptions{IO: s.IO, Config: s.Config, RegistryClient: s.Client, Entity: Entity{"acme", "nope"}, User: "bob"})
	if err == nil || !strings.Contains(err.Error(), "could not add bob to team acme:nope: ") || !strings.Contains(err.Error(), "Team not found: acme:nope") {
		t.Errorf("err = %v", err)
	}
}
