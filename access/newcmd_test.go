package access

import (
	"testing"

	"github.com/gonpm/gonpm/internal/cmdtest"
)

// check compares the options a command parsed, or the usage error it
// gave before running, with what a table row wants.
func check[O comparable](t *testing.T, args []string, got *O, err error, want O, wantErr string) {
	t.Helper()
	if wantErr != "" {
		if err == nil || err.Error() != wantErr || got != nil {
			t.Errorf("%q: err = %v, want %q before running", args, err, wantErr)
		}
		return
	}
	if err != nil {
		t.Fatalf("%q: %v", args, err)
	}
	if *got != want {
		t.Errorf("%q: got %+v, want %+v", args, *got, want)
	}
}

type listInputs struct{ Kind, Subject, Filter string }

func TestNewCmdList(t *testing.T) {
	tests := []struct {
		args    []string
		want    listInputs
		wantErr string
	}{
		{args: []string{"packages"}, want: listInputs{Kind: "packages"}},
		{args: []string{"packages", "org:devs", "@org/pk"}, want: listInputs{"packages", "org:devs", "@org/pk"}},
		{args: []string{"collaborators", "@org/pk", "ann"}, want: listInputs{"collaborators", "@org/pk", "ann"}},
		{args: nil, wantErr: "missing what to list: gonpm access list <packages|collaborators>"},
		{args: []string{"things"}, wantErr: "list things is not a valid access command: use list packages or list collaborators"},
		{args: []string{"packages", "a", "b", "c"}, wantErr: "too many arguments: gonpm access list packages [<user>|<scope>|<scope:team>] [<pkg>]"},
		{args: []string{"collaborators", "a", "b", "c"}, wantErr: "too many arguments: gonpm access list collaborators [<pkg> [<user>]]"},
	}
	for _, tt := range tests {
		got, err := cmdtest.Parse(t, NewCmdList, tt.args...)
		var in *listInputs
		if got != nil {
			in = &listInputs{got.Kind, got.Subject, got.Filter}
		}
		check(t, tt.args, in, err, tt.want, tt.wantErr)
	}
}

func TestNewCmdGet(t *testing.T) {
	tests := []struct {
		args    []string
		want    string
		wantErr string
	}{
		{args: []string{"status"}, want: ""},
		{args: []string{"status", "@org/pk"}, want: "@org/pk"},
		{args: nil, wantErr: "missing what to get: gonpm access get status [<pkg>]"},
		{args: []string{"visibility", "@org/pk"}, wantErr: "get visibility is not a valid access command: use get status"},
		{args: []string{"status", "a", "b"}, wantErr: "too many arguments: gonpm access get status [<pkg>]"},
	}
	for _, tt := range tests {
		got, err := cmdtest.Parse(t, NewCmdGet, tt.args...)
		var pkg *string
		if got != nil {
			if got.Cwd != cmdtest.Cwd {
				t.Errorf("%q: cwd %q", tt.args, got.Cwd)
			}
			pkg = &got.Package
		}
		check(t, tt.args, pkg, err, tt.want, tt.wantErr)
	}
}

func TestNewCmdSet(t *testing.T) {
	tests := []struct {
		args    []string
		want    setting
		wantPkg string
		wantErr string
	}{
		{args: []string{"status=public", "@org/pk"}, want: setting{"status", "public"}, wantPkg: "@org/pk"},
		{args: []string{"2fa=automation"}, want: setting{"mfa", "automation"}},
		{args: []string{"mfa=none", "pk"}, want: setting{"mfa", "none"}, wantPkg: "pk"},
		{args: nil, wantErr: "missing setting: gonpm access set status=public|private or mfa=none|publish|automation [<pkg>]"},
		{args: []string{"status=secret"}, wantErr: `invalid status value "secret": use status=public|private`},
		{args: []string{"color=red"}, wantErr: "set color=red is not a valid access command: use status=public|private or mfa=none|publish|automation"},
		// The setting is checked before the count, as before.
		{args: []string{"color=red", "a", "b"}, wantErr: "set color=red is not a valid access command: use status=public|private or mfa=none|publish|automation"},
		{args: []string{"mfa=none", "a", "b"}, wantErr: "too many arguments: gonpm access set <setting> [<pkg>]"},
	}
	for _, tt := range tests {
		got, err := cmdtest.Parse(t, NewCmdSet, tt.args...)
		var in *[2]any
		if got != nil {
			in = &[2]any{got.Setting, got.Package}
		}
		check(t, tt.args, in, err, [2]any{tt.want, tt.wantPkg}, tt.wantErr)
	}
}

type teamInputs struct{ Permission, Team, Package string }

func TestNewCmdGrant(t *testing.T) {
	tests := []struct {
		args    []string
		want    teamInputs
		wantErr string
	}{
		{args: []string{"read-only", "org:devs"}, want: teamInputs{"read-only", "org:devs", ""}},
		{args: []string{"read-write", "@org:devs", "@org/pk"}, want: teamInputs{"read-write", "@org:devs", "@org/pk"}},
		{args: nil, wantErr: "usage: gonpm access grant <read-only|read-write> <scope:team> [<pkg>]"},
		{args: []string{"admin", "org:devs"}, wantErr: `invalid permission "admin": grant read-only or read-write`},
		{args: []string{"read-only"}, wantErr: "missing team: gonpm access grant read-only <scope:team> [<pkg>]"},
		{args: []string{"read-only", "o:d", "p", "x"}, wantErr: "too many arguments: gonpm access grant <read-only|read-write> <scope:team> [<pkg>]"},
	}
	for _, tt := range tests {
		got, err := cmdtest.Parse(t, NewCmdGrant, tt.args...)
		var in *teamInputs
		if got != nil {
			in = &teamInputs{got.Permission, got.Team, got.Package}
		}
		check(t, tt.args, in, err, tt.want, tt.wantErr)
	}
}

func TestNewCmdRevoke(t *testing.T) {
	tests := []struct {
		args    []string
		want    teamInputs
		wantErr string
	}{
		{args: []string{"org:devs"}, want: teamInputs{Team: "org:devs"}},
		{args: []string{"org:devs", "@org/pk"}, want: teamInputs{Team: "org:devs", Package: "@org/pk"}},
		{args: nil, wantErr: "missing team: gonpm access revoke <scope:team> [<pkg>]"},
		{args: []string{"o:d", "p", "x"}, wantErr: "too many arguments: gonpm access revoke <scope:team> [<pkg>]"},
	}
	for _, tt := range tests {
		got, err := cmdtest.Parse(t, NewCmdRevoke, tt.args...)
		var in *teamInputs
		if got != nil {
			in = &teamInputs{got.Permission, got.Team, got.Package}
		}
		check(t, tt.args, in, err, tt.want, tt.wantErr)
	}
}
