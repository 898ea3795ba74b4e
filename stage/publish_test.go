package stage

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/gonpm/gonpm/internal/ciinfo"
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/iostreams"
)

func TestNewCmdPublish(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		want    PublishOptions
		wantErr bool
	}{
		{"no argument", nil, PublishOptions{}, false},
		{"folder and flags", []string{"./packages/core", "--dry-run", "--force", "--ignore-scripts"},
			PublishOptions{Target: "./packages/core", DryRun: true, Force: true, IgnoreScripts: true}, false},
		{"workspaces", []string{"--workspaces", "-w", "a", "--workspace=b"}, PublishOptions{Workspaces: true, WorkspaceNames: []string{"a", "b"}}, false},
		{"tag and access are config, not options", []string{"--tag=next", "--access", "public"}, PublishOptions{}, false},
		{"two targets", []string{"a", "b"}, PublishOptions{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ios, _, _, _ := iostreams.Test()
			f := &cmdutil.Factory{IOStreams: ios, Cwd: "/src/app", Version: "9.9.9", CI: ciinfo.Info{IsCI: true}}
			var got *PublishOptions
			cmd := NewCmdPublish(f, func(o *PublishOptions) error { got = o; return nil })
			cmd.SetArgs(tt.args)
			cmd.SetOut(&bytes.Buffer{})
			cmd.SetErr(&bytes.Buffer{})
			err := cmd.Execute()
			if tt.wantErr {
				if !isUsage(err) || got != nil {
					t.Fatalf("err = %v, ran = %v; want a usage error before running", err, got != nil)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Cwd != "/src/app" || got.Version != "9.9.9" || !got.CI {
				t.Errorf("factory deps: cwd %q version %q ci %v", got.Cwd, got.Version, got.CI)
			}
			inputs := PublishOptions{Target: got.Target, DryRun: got.DryRun, Force: got.Force, IgnoreScripts: got.IgnoreScripts,
				Workspaces: got.Workspaces, WorkspaceNames: got.WorkspaceNames}
			if !reflect.DeepEqual(inputs, tt.want) {
				t.Errorf("options = %+v, want %+v", inputs, tt.want)
			}
		})
	}
}

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

var stagedResult = regexp.MustCompile(`^\+ pkg@1\.1\.0 \(staged with id ([0-9a-f-]{36})\)\n$`)

// Staging never consults the one-time-password sources, even with 2FA on
// writes: the version is staged, not published.
func TestPublishRunStages(t *testing.T) {
	e := newEnv(t, true)
	e.f.Getenv = func(string) string { return "" }
	writeFiles(t, e.home, map[string]string{"package.json": `{"name":"pkg","version":"1.1.0","license":"MIT"}`, "index.js": "module.exports = 1;\n"})
	if err := e.run("publish", "--ignore-scripts"); err != nil {
		t.Fatal(err)
	}
	m := stagedResult.FindStringSubmatch(e.out.String())
	if m == nil {
		t.Fatalf("stdout = %q", e.out)
	}
	if e.otp.calls != 0 {
		t.Errorf("a code was asked for %d times; staging needs none", e.otp.calls)
	}
	staged := e.srv.StagedVersions("pkg")
	if len(staged) != 1 || staged[0].ID != m[1] || staged[0].Tag != "latest" || published(e, "1.1.0") {
		t.Fatalf("staged = %+v; want 1.1.0 staged under the printed id and not published", staged)
	}
	for _, want := range []string{"gonpm notice Staging to " + e.srv.URL + " with tag latest and default access", "has been staged with tag latest"} {
		if !strings.Contains(e.errOut.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, e.errOut)
		}
	}
}

func TestPublishRunJSON(t *testing.T) {
	e := newEnv(t, false)
	e.f.Getenv = func(string) string { return "" }
	writeFiles(t, e.home, map[string]string{"package.json": `{"name":"pkg","version":"1.1.0"}`, "index.js": "1\n"})
	e.setJSON(true)
	if err := e.run("publish"); err != nil {
		t.Fatal(err)
	}
	var got map[string]map[string]any
	if err := json.Unmarshal(e.out.Bytes(), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, e.out)
	}
	staged := e.srv.StagedVersions("pkg")
	if len(staged) != 1 || got["pkg"]["stageId"] != staged[0].ID || got["pkg"]["id"] != "pkg@1.1.0" {
		t.Fatalf("--json = %v, staged %+v", got, staged)
	}
	if !strings.HasSuffix(strings.TrimSpace(e.out.String()), "\"stageId\": \""+staged[0].ID+"\"\n  }\n}") {
		t.Errorf("stageId is not the last field, as in npm:\n%s", e.out)
	}
}

func TestPublishRunWorkspaces(t *testing.T) {
	e := newEnv(t, true)
	e.f.Getenv = func(string) string { return "" }
	e.srv.AddPackage("alice", "ws-a", "1.0.0")
	writeFiles(t, e.home, map[string]string{
		"package.json":            `{"name":"root","private":true,"workspaces":["packages/*"]}`,
		"packages/a/package.json": `{"name":"ws-a","version":"1.1.0"}`,
		"packages/a/index.js":     "1\n",
		"packages/b/package.json": `{"name":"ws-b","version":"0.1.0"}`,
		"packages/b/index.js":     "2\n",
	})
	if err := e.run("publish", "--workspaces", "--ignore-scripts"); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"ws-a", "ws-b"} {
		staged := e.srv.StagedVersions(name)
		if len(staged) != 1 || !strings.Contains(e.out.String(), "(staged with id "+staged[0].ID+")") {
			t.Errorf("%s: staged %+v, stdout:\n%s", name, staged, e.out)
		}
	}
	if e.otp.calls != 0 {
		t.Errorf("a code was asked for %d times", e.otp.calls)
	}
}
