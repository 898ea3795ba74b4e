package publish

import (
	"bytes"
	"errors"
	"reflect"
	"testing"

	"github.com/gonpm/gonpm/internal/ciinfo"
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/iostreams"
)

func testFactory() *cmdutil.Factory {
	ios, _, _, _ := iostreams.Test()
	return &cmdutil.Factory{IOStreams: ios, Cwd: "/src/app", Version: "9.9.9", CI: ciinfo.Info{IsCI: true}}
}

func TestNewCmdPublish(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		want    PublishOptions
		wantErr bool
	}{
		{"no argument", nil, PublishOptions{}, false},
		{"folder", []string{"./packages/core"}, PublishOptions{Target: "./packages/core"}, false},
		{"tarball and flags", []string{"pkg-1.0.0.tgz", "--dry-run", "--force", "--ignore-scripts"},
			PublishOptions{Target: "pkg-1.0.0.tgz", DryRun: true, Force: true, IgnoreScripts: true}, false},
		{"all workspaces", []string{"--workspaces"}, PublishOptions{Workspaces: true}, false},
		{"named workspaces", []string{"-w", "a", "--workspace=b,packages/c"},
			PublishOptions{WorkspaceNames: []string{"a", "b", "packages/c"}}, false},
		{"tag and access are config, not options", []string{"--tag=beta", "--access=public"}, PublishOptions{}, false},
		{"fail fast", []string{"--workspaces", "--fail-fast"}, PublishOptions{Workspaces: true, FailFast: true}, false},
		{"concurrency is config, not an option", []string{"--workspaces", "--concurrency=3"}, PublishOptions{Workspaces: true}, false},
		{"concurrency not a number", []string{"--workspaces", "--concurrency=many"}, PublishOptions{}, true},
		{"two targets", []string{"a", "b"}, PublishOptions{}, true},
		{"provenance flags are config, not options", []string{"--provenance"}, PublishOptions{}, false},
		{"a provenance file", []string{"--provenance-file=bundle.json"}, PublishOptions{}, false},
		{"provenance and a provenance file", []string{"--provenance", "--provenance-file=b.json"}, PublishOptions{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got *PublishOptions
			cmd := NewCmdPublish(testFactory(), func(o *PublishOptions) error {
				got = o
				return nil
			})
			cmd.SetArgs(tt.args)
			cmd.SetOut(&bytes.Buffer{})
			cmd.SetErr(&bytes.Buffer{})
			err := cmd.Execute()
			if tt.wantErr {
				if err == nil || got != nil {
					t.Fatalf("err = %v, run called = %v; want a usage error before running", err, got != nil)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Cwd != "/src/app" || got.Version != "9.9.9" || !got.CI || len(got.Env) == 0 {
				t.Errorf("factory deps: cwd %q version %q ci %v env %d entries", got.Cwd, got.Version, got.CI, len(got.Env))
			}
			inputs := PublishOptions{Target: got.Target, DryRun: got.DryRun, Force: got.Force, IgnoreScripts: got.IgnoreScripts,
				Workspaces: got.Workspaces, WorkspaceNames: got.WorkspaceNames, FailFast: got.FailFast}
			if !reflect.DeepEqual(inputs, tt.want) {
				t.Errorf("options = %+v, want %+v", inputs, tt.want)
			}
		})
	}
}

func TestNewCmdUnpublish(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		want    UnpublishOptions
		wantErr string
	}{
		{"local package", nil, UnpublishOptions{}, ""},
		{"version", []string{"my-pkg@1.0.1"}, UnpublishOptions{Spec: "my-pkg@1.0.1"}, ""},
		{"whole package", []string{"@scope/pkg", "--force", "--dry-run"}, UnpublishOptions{Spec: "@scope/pkg", Force: true, DryRun: true}, ""},
		{"two packages", []string{"a", "b"}, UnpublishOptions{}, "unpublish takes one package: gonpm unpublish <pkg>[@<version>]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got *UnpublishOptions
			cmd := NewCmdUnpublish(testFactory(), func(o *UnpublishOptions) error {
				got = o
				return nil
			})
			cmd.SetArgs(tt.args)
			cmd.SetOut(&bytes.Buffer{})
			cmd.SetErr(&bytes.Buffer{})
			err := cmd.Execute()
			if tt.wantErr != "" {
				var flagErr *cmdutil.FlagError
				if err == nil || err.Error() != tt.wantErr || !errors.As(err, &flagErr) || got != nil {
					t.Fatalf("err = %v, run called = %v; want usage error %q", err, got != nil, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Cwd != "/src/app" {
				t.Errorf("cwd = %q", got.Cwd)
			}
			inputs := UnpublishOptions{Spec: got.Spec, Force: got.Force, DryRun: got.DryRun}
			if !reflect.DeepEqual(inputs, tt.want) {
				t.Errorf("options = %+v, want %+v", inputs, tt.want)
			}
		})
	}
}
