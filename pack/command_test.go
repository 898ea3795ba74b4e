package pack

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/iostreams"
	"github.com/gonpm/gonpm/internal/tarball"
	"github.com/gonpm/gonpm/internal/tarball/tarballtest"
)

func TestNewCmdPack(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want PackOptions
	}{
		{"defaults", nil, PackOptions{Folders: []string{"."}}},
		{"all flags", []string{"a", "b", "--dry-run", "--json", "--pack-destination", "out", "--ignore-scripts"},
			PackOptions{Folders: []string{"a", "b"}, DryRun: true, JSON: true, Destination: "out", IgnoreScripts: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ios, _, _, _ := iostreams.Test()
			var got *PackOptions
			cmd := NewCmdPack(&cmdutil.Factory{IOStreams: ios, Cwd: "/somewhere"}, func(o *PackOptions) error {
				got = o
				return nil
			})
			cmd.SetArgs(tt.args)
			if err := cmd.Execute(); err != nil {
				t.Fatal(err)
			}
			if strings.Join(got.Folders, ",") != strings.Join(tt.want.Folders, ",") ||
				got.DryRun != tt.want.DryRun || got.JSON != tt.want.JSON ||
				got.Destination != tt.want.Destination || got.IgnoreScripts != tt.want.IgnoreScripts ||
				got.Cwd != "/somewhere" {
				t.Errorf("options = %+v, want %+v", *got, tt.want)
			}
		})
	}
}

func runPackTest(t *testing.T, opts PackOptions) (string, string, error) {
	t.Helper()
	ios, _, out, errOut := iostreams.Test()
	opts.IO = ios
	if opts.Env == nil {
		opts.Env = os.Environ()
	}
	err := packRun(context.Background(), &opts)
	return out.String(), errOut.String(), err
}

func TestRunPackWritesTarball(t *testing.T) {
	dir := tarballtest.ByName(t, "files-globs").Build(t)
	dest := t.TempDir()
	stdout, stderr, err := runPackTest(t, PackOptions{Cwd: dir, Folders: []string{"."}, Destination: dest})
	if err != nil {
		t.Fatal(err)
	}
	if stdout != "demo-files-globs-2.0.0.tgz\n" {
		t.Errorf("stdout = %q", stdout)
	}
	data, err := os.ReadFile(filepath.Join(dest, "demo-files-globs-2.0.0.tgz"))
	if err != nil {
		t.Fatal(err)
	}
	var again bytes.Buffer
	res, err := tarball.Pack(dir, &again)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(data, again.Bytes()) {
		t.Error("written tarball differs from Pack's output")
	}
	if !strings.Contains(stderr, "notice shasum: "+res.Shasum+"\n") {
		t.Errorf("stderr lacks the shasum line:\n%s", stderr)
	}
	leftovers, _ := filepath.Glob(filepath.Join(dest, ".gonpm-pack-*"))
	if len(leftovers) > 0 {
		t.Errorf("temporary files left behind: %v", leftovers)
	}
}

func TestRunPackDryRunWritesNothing(t *testing.T) {
	dir := tarballtest.ByName(t, "basic").Build(t)
	stdout, _, err := runPackTest(t, PackOptions{Cwd: dir, Folders: []string{"."}, DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	if stdout != "basic-1.0.0.tgz\n" {
		t.Errorf("stdout = %q", stdout)
	}
	if _, err := os.Stat(filepath.Join(dir, "basic-1.0.0.tgz")); !os.IsNotExist(err) {
		t.Errorf("dry run wrote a tarball (stat err %v)", err)
	}
}

func TestRunPackRejectsNonPackage(t *testing.T) {
	_, _, err := runPackTest(t, PackOptions{Cwd: t.TempDir(), Folders: []string{"."}})
	var flagErr *cmdutil.FlagError
	if err == nil || !errors.As(err, &flagErr) {
		t.Fatalf("err = %v, want a usage error", err)
	}
}

func TestRunPackLifecycleScripts(t *testing.T) {
	pkg := `{"name":"scripted","version":"1.2.3","scripts":{` +
		`"prepack":"echo \"$npm_lifecycle_event $npm_package_name $npm_package_version\" >> ../log && echo generated > gen.js",` +
		`"prepare":"echo \"$npm_lifecycle_event\" >> ../log && tool",` +
		`"postpack":"echo \"$npm_lifecycle_event\" >> ../log"}}`
	fx := tarballtest.Fixture{Name: "scripted", Nodes: []tarballtest.Node{
		{Path: "package.json", Content: pkg},
		{Path: "node_modules/.bin/tool", Content: "#!/bin/sh\necho tool-ran >> ../log\n", Mode: 0o755},
	}}
	tests := []struct {
		name          string
		ignoreScripts bool
		wantLog       string
		wantGen       bool
	}{
		{"scripts run in order", false, "prepack scripted 1.2.3\nprepare\ntool-ran\npostpack\n", true},
		{"ignore-scripts skips them", true, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := fx.Build(t)
			stdout, stderr, err := runPackTest(t, PackOptions{Cwd: dir, Folders: []string{"."}, DryRun: true, IgnoreScripts: tt.ignoreScripts})
			if err != nil {
				t.Fatalf("%v\n%s", err, stderr)
			}
			log, _ := os.ReadFile(filepath.Join(dir, "..", "log"))
			if string(log) != tt.wantLog {
				t.Errorf("script log = %q, want %q", log, tt.wantLog)
			}
			if got := strings.Contains(stderr, " gen.js\n"); got != tt.wantGen {
				t.Errorf("file made by prepack packed = %v, want %v\n%s", got, tt.wantGen, stderr)
			}
			if strings.Contains(stdout, ">") {
				t.Errorf("script banner leaked to stdout: %q", stdout)
			}
		})
	}
}

func TestRunPackFailingScriptStops(t *testing.T) {
	fx := tarballtest.Fixture{Name: "failing", Nodes: []tarballtest.Node{
		{Path: "package.json", Content: `{"name":"failing","version":"1.0.0","scripts":{"prepack":"exit 3"}}`},
	}}
	dir := fx.Build(t)
	_, _, err := runPackTest(t, PackOptions{Cwd: dir, Folders: []string{"."}})
	if err == nil || !strings.Contains(err.Error(), "prepack") {
		t.Fatalf("err = %v, want the prepack failure", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "failing-1.0.0.tgz")); !os.IsNotExist(err) {
		t.Error("tarball written although prepack failed")
	}
}

// volatile matches the lines that depend on the gzip output, which only
// Node's zlib reproduces.
var volatile = regexp.MustCompile(`(?m)^(gonpm notice (package size|shasum|integrity): ).*$`)

// TestNoticeAndJSONMatchNpm compares the human summary and the --json
// report with npm's, except the values that depend on gzip.
func TestNoticeAndJSONMatchNpm(t *testing.T) {
	npm := tarballtest.FindNpm(t)
	for _, name := range []string{"sort-order", "bundled", "files-globs", "modes", "gitignore-fallback", "long-and-unicode-paths"} {
		t.Run(name, func(t *testing.T) {
			dir := tarballtest.ByName(t, name).Build(t)

			npmErr := runNpm(t, npm, dir, "pack", "--dry-run", "--ignore-scripts", "--unicode=false")
			want := strings.NewReplacer("npm notice", "gonpm notice", "npm warn", "gonpm warn").Replace(npmErr)
			_, got, err := runPackTest(t, PackOptions{Cwd: dir, Folders: []string{"."}, DryRun: true, IgnoreScripts: true})
			if err != nil {
				t.Fatal(err)
			}
			want, got = volatile.ReplaceAllString(want, "$1X"), volatile.ReplaceAllString(got, "$1X")
			if got != want {
				t.Errorf("notice block differs\n--- npm\n%s\n--- gonpm\n%s", want, got)
			}

			var npmJSON, gonpmJSON []map[string]any
			if err := json.Unmarshal([]byte(runNpmStdout(t, npm, dir, "pack", "--dry-run", "--json", "--ignore-scripts")), &npmJSON); err != nil {
				t.Fatal(err)
			}
			stdout, _, err := runPackTest(t, PackOptions{Cwd: dir, Folders: []string{"."}, DryRun: true, JSON: true, IgnoreScripts: true})
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal([]byte(stdout), &gonpmJSON); err != nil {
				t.Fatal(err)
			}
			for _, doc := range append(npmJSON, gonpmJSON...) {
				for _, k := range []string{"size", "shasum", "integrity"} {
					doc[k] = "X"
				}
			}
			a, _ := json.MarshalIndent(npmJSON, "", " ")
			b, _ := json.MarshalIndent(gonpmJSON, "", " ")
			if !bytes.Equal(a, b) {
				t.Errorf("--json differs\n--- npm\n%s\n--- gonpm\n%s", a, b)
			}
		})
	}
}

func runNpm(t *testing.T, npm, dir string, args ...string) string {
	t.Helper()
	cmd := npmCommand(t, npm, dir, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("npm %v: %v\n%s", args, err, stderr.String())
	}
	return stderr.String()
}

func runNpmStdout(t *testing.T, npm, dir string, args ...string) string {
	t.Helper()
	out, err := npmCommand(t, npm, dir, args...).Output()
	if err != nil {
		t.Fatalf("npm %v: %v", args, err)
	}
	return string(out)
}

func npmCommand(t *testing.T, npm, dir string, args ...string) *exec.Cmd {
	home := t.TempDir()
	cmd := exec.Command(npm, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(),
		"HOME="+home,
		"npm_config_cache="+filepath.Join(home, "cache"),
		"npm_config_userconfig="+filepath.Join(home, "npmrc"),
		"npm_config_globalconfig="+filepath.Join(home, "global-npmrc"),
		"npm_config_update_notifier=false",
	)
	return cmd
}
