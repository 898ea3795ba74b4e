package config

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/iostreams"
	"github.com/spf13/cobra"
)

// execLeaf runs one subcommand under a group that has the shared
// --location and --global flags, and reports whether runF was reached.
func execLeaf(t *testing.T, leaf *cobra.Command, args ...string) error {
	t.Helper()
	group := &cobra.Command{Use: "config", SilenceUsage: true, SilenceErrors: true}
	addLocationFlags(group)
	group.AddCommand(leaf)
	group.SetArgs(append([]string{leaf.Name()}, args...))
	group.SetOut(&bytes.Buffer{})
	group.SetErr(&bytes.Buffer{})
	return group.Execute()
}

func leafFactory() *cmdutil.Factory {
	ios, _, _, _ := iostreams.Test()
	return &cmdutil.Factory{IOStreams: ios}
}

// checkUsage fails unless err is a usage error and run was not reached.
func checkUsage(t *testing.T, err error, ran bool, want string) {
	t.Helper()
	if !isFlagError(err) || err.Error() != want || ran {
		t.Fatalf("err = %v, ran = %v; want usage error %q before running", err, ran, want)
	}
}

func TestNewCmdGet(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		want    []string
		wantErr string
	}{
		{"no key lists", nil, []string{}, ""},
		{"keys", []string{"registry", "tag"}, []string{"registry", "tag"}, ""},
		{"bad location", []string{"tag", "--location=nowhere"}, nil, `invalid --location "nowhere": want user, project or global`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got *GetOptions
			err := execLeaf(t, NewCmdGet(leafFactory(), func(o *GetOptions) error { got = o; return nil }), tt.args...)
			if tt.wantErr != "" {
				checkUsage(t, err, got != nil, tt.wantErr)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got.Keys, tt.want) {
				t.Errorf("Keys = %q, want %q", got.Keys, tt.want)
			}
		})
	}
}

func TestNewCmdSet(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		wantLoc  string
		wantArgs []string
		wantErr  string
	}{
		{"key=value", []string{"tag=next"}, "user", []string{"tag=next"}, ""},
		{"key value, project", []string{"registry", "http://127.0.0.1:4873/", "--location=project"}, "project", []string{"registry", "http://127.0.0.1:4873/"}, ""},
		{"global shorthand wins", []string{"tag=g", "-g", "--location=project"}, "global", []string{"tag=g"}, ""},
		{"nothing to set", nil, "", nil, "set needs at least one <key>=<value>"},
		{"bad location", []string{"tag=x", "--location=nowhere"}, "", nil, `invalid --location "nowhere": want user, project or global`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got *SetOptions
			err := execLeaf(t, NewCmdSet(leafFactory(), func(o *SetOptions) error { got = o; return nil }), tt.args...)
			if tt.wantErr != "" {
				checkUsage(t, err, got != nil, tt.wantErr)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Location != tt.wantLoc || !reflect.DeepEqual(got.Args, tt.wantArgs) {
				t.Errorf("location %q args %q, want %q %q", got.Location, got.Args, tt.wantLoc, tt.wantArgs)
			}
		})
	}
}

func TestNewCmdDelete(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		wantLoc  string
		wantKeys []string
		wantErr  string
	}{
		{"keys", []string{"tag", "registry"}, "user", []string{"tag", "registry"}, ""},
		{"global", []string{"tag", "--global"}, "global", []string{"tag"}, ""},
		{"no key", nil, "", nil, "delete needs at least one <key>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got *DeleteOptions
			err := execLeaf(t, NewCmdDelete(leafFactory(), func(o *DeleteOptions) error { got = o; return nil }), tt.args...)
			if tt.wantErr != "" {
				checkUsage(t, err, got != nil, tt.wantErr)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Location != tt.wantLoc || !reflect.DeepEqual(got.Keys, tt.wantKeys) {
				t.Errorf("location %q keys %q, want %q %q", got.Location, got.Keys, tt.wantLoc, tt.wantKeys)
			}
		})
	}
}

func TestNewCmdList(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		wantLong bool
		wantErr  bool
	}{
		{"short", nil, false, false},
		{"long", []string{"-l"}, true, false},
		{"an argument", []string{"extra"}, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got *ListOptions
			err := execLeaf(t, NewCmdList(leafFactory(), func(o *ListOptions) error { got = o; return nil }), tt.args...)
			if tt.wantErr {
				if err == nil || got != nil {
					t.Fatalf("err = %v, ran = %v; want an error before running", err, got != nil)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Long != tt.wantLong {
				t.Errorf("Long = %v, want %v", got.Long, tt.wantLong)
			}
		})
	}
}
