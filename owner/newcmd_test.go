package owner

import (
	"testing"

	"github.com/gonpm/gonpm/internal/cmdtest"
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/spf13/cobra"
)

func TestNewCmdList(t *testing.T) {
	tests := []struct {
		args    []string
		want    string
		wantErr string
	}{
		{args: nil, want: ""},
		{args: []string{"@s/pkg"}, want: "@s/pkg"},
		{args: []string{"a", "b"}, wantErr: "too many arguments: gonpm owner ls [<pkg>]"},
	}
	for _, tt := range tests {
		got, err := cmdtest.Parse(t, NewCmdList, tt.args...)
		if tt.wantErr != "" {
			if err == nil || err.Error() != tt.wantErr || got != nil {
				t.Errorf("%q: err = %v, want %q before running", tt.args, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%q: %v", tt.args, err)
		}
		if got.Package != tt.want || got.Cwd != cmdtest.Cwd {
			t.Errorf("%q: package %q in %q, want %q", tt.args, got.Package, got.Cwd, tt.want)
		}
	}
}

func TestNewCmdAddAndRemove(t *testing.T) {
	tests := []struct {
		newCmd  func(*cmdutil.Factory, func(*ChangeOptions) error) *cobra.Command
		args    []string
		want    ChangeOptions
		wantErr string
	}{
		{newCmd: NewCmdAdd, args: []string{"ben"}, want: ChangeOptions{Change: add, User: "ben"}},
		{newCmd: NewCmdAdd, args: []string{"ben", "@s/pkg"}, want: ChangeOptions{Change: add, User: "ben", Package: "@s/pkg"}},
		{newCmd: NewCmdRemove, args: []string{"ben", "pkg"}, want: ChangeOptions{Change: remove, User: "ben", Package: "pkg"}},
		{newCmd: NewCmdAdd, args: nil, wantErr: "usage: gonpm owner add <user> [<pkg>]"},
		{newCmd: NewCmdAdd, args: []string{""}, wantErr: "usage: gonpm owner add <user> [<pkg>]"},
		{newCmd: NewCmdRemove, args: []string{"a", "b", "c"}, wantErr: "usage: gonpm owner rm <user> [<pkg>]"},
	}
	for _, tt := range tests {
		got, err := cmdtest.Parse(t, tt.newCmd, tt.args...)
		if tt.wantErr != "" {
			if err == nil || err.Error() != tt.wantErr || got != nil {
				t.Errorf("%q: err = %v, want %q before running", tt.args, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%q: %v", tt.args, err)
		}
		if got.Change != tt.want.Change || got.User != tt.want.User || got.Package != tt.want.Package {
			t.Errorf("%q: got %+v, want %+v", tt.args, *got, tt.want)
		}
	}
}
