package publish

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/exitcode"
	"github.com/gonpm/gonpm/internal/iostreams"
	"github.com/gonpm/gonpm/internal/registry"
	"github.com/gonpm/gonpm/internal/registrytest"
	"github.com/spf13/pflag"
)

// workspaceEnv is a project with workspaces, a user logged in on a test
// registry, and `gonpm publish --workspaces` options for it.
type workspaceEnv struct {
	srv    *registrytest.Server
	opts   *PublishOptions
	out    interface{ String() string }
	errOut interface{ String() string }
	prompt *countingSource
}

// countingSource stands for the person at the terminal: it counts the
// questions and answers with the current code of the user's
// authenticator.
type countingSource struct {
	mu    sync.Mutex
	asked int
	code  func() string
}

func (c *countingSource) OTP(ctx context.Context, req registry.OTPRequest) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.asked++
	return c.code(), nil
}

func (c *countingSource) count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.asked
}

// newWorkspaceEnv makes one workspace per manifest, in that workspace
// order (their folders sort in the order given). tfa turns on two-factor
// authentication for publishing.
func newWorkspaceEnv(t *testing.T, tfa bool, manifests []string, args ...string) *workspaceEnv {
	t.Helper()
	srv := registrytest.New(t)
	token := srv.AddUser("wanda", "wanda-password", "wanda@example.com")
	src := &countingSource{code: func() string { return "" }}
	if tfa {
		secret, _ := srv.EnableTFA("wanda", registrytest.ModeAuthAndWrites)
		src.code = func() string { return srv.TOTP(secret, time.Now()) }
	}
	home := t.TempDir()
	host := strings.TrimSuffix(strings.TrimPrefix(srv.URL, "http://"), "/")
	if err := os.WriteFile(filepath.Join(home, ".npmrc"), []byte("//"+host+"/:_authToken="+token+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	fs := pflag.NewFlagSet("publish", pflag.ContinueOnError)
	fs.Int("concurrency", 8, "")
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(config.LoadOptions{Cwd: home, Home: home, Env: []string{"HOME=" + home, "NPM_CONFIG_REGISTRY=" + srv.URL}, Flags: fs})
	if err != nil {
		t.Fatal(err)
	}
	root := filepath.Join(home, "mono")
	files := map[string]string{"package.json": `{"name": "mono", "private": true, "workspaces": ["packages/*"]}`}
	for i, m := range manifests {
		dir := fmt.Sprintf("packages/%02d", i)
		files[dir+"/package.json"] = m
		files[dir+"/index.js"] = fmt.Sprintf("module.exports = %d;\n", i)
	}
	for name, text := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ios, _, out, errOut := iostreams.Test()
	client := registry.New(registry.Options{Registry: srv.URL, Credentials: cfg, OTPSource: src, MinTimeout: time.Millisecond, MaxTimeout: time.Millisecond, Retries: 2})
	opts := &PublishOptions{
		IO: ios, Cwd: root, Env: []string{"PATH=" + os.Getenv("PATH")}, Version: "0.0.0-test", Workspaces: true,
		Config:         func() (*config.Config, error) { return cfg, nil },
		RegistryClient: func() (*registry.Client, error) { return client, nil },
	}
	return &workspaceEnv{srv: srv, opts: opts, out: out, errOut: errOut, prompt: src}
}

func pkgJSON(name string, deps ...string) string {
	if len(deps) == 0 {
		return fmt.Sprintf(`{"name": %q, "version": "1.0.0"}`, name)
	}
	var list []string
	for _, d := range deps {
		list = append(list, fmt.Sprintf("%q: \"^1.0.0\"", d))
	}
	return fmt.Sprintf(`{"name": %q, "version": "1.0.0", "dependencies": {%s}}`, name, strings.Join(list, ", "))
}

// putOrder is the order in which publish PUTs reached the registry, by
// package name, only those answered with success.
func putOrder(srv *registrytest.Server) []string {
	var names []string
	for _, r := range srv.Requests() {
		if r.Method == "PUT" && !strings.HasPrefix(r.Path, "/-/") && r.Status < 300 && r.Status > 0 {
			names = append(names, strings.TrimPrefix(r.Path, "/"))
		}
	}
	return names
}

func putCount(srv *registrytest.Server, name string) int {
	n := 0
	for _, r := range srv.Requests() {
		if r.Method == "PUT" && r.Path == "/"+name {
			n++
		}
	}
	return n
}

// summaryLines are the summary's lines on stdout.
func summaryLines(out string) []string {
	return strings.Split(strings.TrimSpace(out), "\n")
}

func wantLines(t *testing.T, got []string, want ...string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

// The uploads really overlap: the registry holds the first four PUTs
// until all four are there at once, which only a concurrent client
// achieves (one sending them in turn would wait out each hold and leave
// the peak at 1).
func TestWorkspacesUploadConcurrently(t *testing.T) {
	e := newWorkspaceEnv(t, false, []string{pkgJSON("con-a"), pkgJSON("con-b"), pkgJSON("con-c"), pkgJSON("con-d")}, "--concurrency=4")
	e.srv.Inject(registrytest.Fault{Method: "PUT", Gather: 4, Times: 4, GatherTimeout: 5 * time.Second})
	if err := publishRun(t.Context(), e.opts); err != nil {
		t.Fatalf("%v\n%s", err, e.errOut.String())
	}
	if peak := e.srv.PeakInFlight(); peak < 4 {
		t.Errorf("the registry saw at most %d requests at once, want the 4 uploads together", peak)
	}
	wantLines(t, summaryLines(e.out.String()), "+ con-a@1.0.0", "+ con-b@1.0.0", "+ con-c@1.0.0", "+ con-d@1.0.0")
}

// --concurrency=1 is the old behaviour: one upload after another, in
// workspace order.
func TestWorkspacesConcurrencyOneKeepsWorkspaceOrder(t *testing.T) {
	e := newWorkspaceEnv(t, false, []string{pkgJSON("one-a"), pkgJSON("one-b"), pkgJSON("one-c")}, "--concurrency=1")
	if err := publishRun(t.Context(), e.opts); err != nil {
		t.Fatalf("%v\n%s", err, e.errOut.String())
	}
	wantLines(t, putOrder(e.srv), "one-a", "one-b", "one-c")
	if peak := e.srv.PeakInFlight(); peak != 1 {
		t.Errorf("peak in flight = %d with --concurrency=1, want 1", peak)
	}
	// In a log, one line per package as it is published.
	for i, n := range []string{"one-a", "one-b", "one-c"} {
		if line := fmt.Sprintf("gonpm notice published %s@1.0.0 (%d/3)", n, i+1); !strings.Contains(e.errOut.String(), line) {
			t.Errorf("stderr lacks %q:\n%s", line, e.errOut.String())
		}
	}
}

// Challenges that arrive on five uploads at once are answered with one
// question to the person: one prompt, one code for all.
func TestWorkspacesConcurrentChallengesAskOnce(t *testing.T) {
	names := []string{"otp-a", "otp-b", "otp-c", "otp-d", "otp-e"}
	var manifests []string
	for _, n := range names {
		manifests = append(manifests, pkgJSON(n))
	}
	e := newWorkspaceEnv(t, true, manifests, "--concurrency=5")
	// All five first attempts reach the registry together, so all five
	// are challenged before any code is known.
	e.srv.Inject(registrytest.Fault{Method: "PUT", Gather: 5, Times: 5, GatherTimeout: 5 * time.Second})
	if err := publishRun(t.Context(), e.opts); err != nil {
		t.Fatalf("%v\n%s", err, e.errOut.String())
	}
	if n := e.prompt.count(); n != 1 {
		t.Errorf("asked for a code %d times, want once", n)
	}
	challenged := 0
	for _, r := range e.srv.Requests() {
		if r.Method == "PUT" && r.Status == 401 {
			challenged++
		}
	}
	if challenged != 5 {
		t.Errorf("%d uploads were challenged, want all 5 (the test needs them concurrent)", challenged)
	}
	for _, n := range names {
		if got := e.srv.DistTags(n)["latest"]; got != "1.0.0" {
			t.Errorf("%s latest = %q", n, got)
		}
	}
}

// A package is uploaded only after the workspace packages it depends on,
// while the summary keeps workspace order.
func TestWorkspacesDependenciesFirst(t *testing.T) {
	// app depends on lib and util; lib on util; util and extra on nothing.
	e := newWorkspaceEnv(t, false, []string{
		pkgJSON("dep-app", "dep-lib", "dep-util"),
		pkgJSON("dep-extra"),
		pkgJSON("dep-lib", "dep-util"),
		pkgJSON("dep-util"),
	}, "--concurrency=4")
	if err := publishRun(t.Context(), e.opts); err != nil {
		t.Fatalf("%v\n%s", err, e.errOut.String())
	}
	order := putOrder(e.srv)
	pos := map[string]int{}
	for i, n := range order {
		pos[n] = i
	}
	for _, edge := range [][2]string{{"dep-util", "dep-lib"}, {"dep-lib", "dep-app"}, {"dep-util", "dep-app"}} {
		if pos[edge[0]] > pos[edge[1]] {
			t.Errorf("%s was uploaded before its dependency %s: %v", edge[1], edge[0], order)
		}
	}
	if len(order) != 4 {
		t.Errorf("uploads %v, want 4", order)
	}
	wantLines(t, summaryLines(e.out.String()), "+ dep-app@1.0.0", "+ dep-extra@1.0.0", "+ dep-lib@1.0.0", "+ dep-util@1.0.0")
}

// The summary lists packages in workspace order whatever order the
// uploads finish in: here the first one is held back until the others
// are done.
func TestWorkspacesSummaryInWorkspaceOrder(t *testing.T) {
	e := newWorkspaceEnv(t, false, []string{pkgJSON("ord-a"), pkgJSON("ord-b"), pkgJSON("ord-c")}, "--concurrency=3")
	// ord-a waits at a gate no other request joins: it is answered last.
	e.srv.Inject(registrytest.Fault{Method: "PUT", Path: "/ord-a", Gather: 2, GatherTimeout: 300 * time.Millisecond})
	if err := publishRun(t.Context(), e.opts); err != nil {
		t.Fatalf("%v\n%s", err, e.errOut.String())
	}
	wantLines(t, summaryLines(e.out.String()), "+ ord-a@1.0.0", "+ ord-b@1.0.0", "+ ord-c@1.0.0")
}

// One failure does not stop the others; what depends on the failed
// package is not sent; the run ends with a partial error (exit 3) and a
// summary that names what was and was not published. --fail-fast starts
// nothing after the failure.
func TestWorkspacesFailures(t *testing.T) {
	manifests := []string{pkgJSON("fail-a"), pkgJSON("fail-b"), pkgJSON("fail-c", "fail-b"), pkgJSON("fail-d")}
	tests := []struct {
		name        string
		args        []string
		failFast    bool
		wantSummary []string
		wantFailed  int
		wantPUTs    []string
	}{
		{
			name: "concurrent",
			args: []string{"--concurrency=4"},
			wantSummary: []string{
				"+ fail-a@1.0.0",
				"failed fail-b@1.0.0: publishing fail-b@1.0.0 failed: 403 Forbidden - PUT /fail-b - no you may not",
				"not published fail-c@1.0.0: it depends on fail-b@1.0.0, which was not published",
				"+ fail-d@1.0.0",
			},
			wantFailed: 2,
		},
		{
			name:     "fail fast",
			args:     []string{"--concurrency=1"},
			failFast: true,
			wantSummary: []string{
				"+ fail-a@1.0.0",
				"failed fail-b@1.0.0: publishing fail-b@1.0.0 failed: 403 Forbidden - PUT /fail-b - no you may not",
				"not published fail-c@1.0.0: stopped after the failure of fail-b@1.0.0 (--fail-fast)",
				"not published fail-d@1.0.0: stopped after the failure of fail-b@1.0.0 (--fail-fast)",
			},
			wantFailed: 3,
			wantPUTs:   []string{"fail-a"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newWorkspaceEnv(t, false, manifests, tt.args...)
			e.opts.FailFast = tt.failFast
			e.srv.Inject(registrytest.Fault{Method: "PUT", Path: "/fail-b", Status: 403, Body: `{"error":"no you may not"}`})
			err := publishRun(t.Context(), e.opts)
			var partial *cmdutil.PartialError
			if !errors.As(err, &partial) || partial.Failed != tt.wantFailed || partial.Total != 4 {
				t.Fatalf("err = %v, want %d of 4 failed", err, tt.wantFailed)
			}
			wantLines(t, summaryLines(strings.ReplaceAll(e.out.String(), e.srv.URL, "/")), tt.wantSummary...)
			if tt.wantPUTs != nil {
				wantLines(t, putOrder(e.srv), tt.wantPUTs...)
			}
			if putCount(e.srv, "fail-c") != 0 {
				t.Errorf("fail-c was sent although its dependency failed")
			}

			// A second run publishes only what is missing.
			e.out.(interface{ Reset() }).Reset()
			if err := publishRun(t.Context(), e.opts); err != nil {
				t.Fatalf("second run: %v\n%s", err, e.errOut.String())
			}
			if got := summaryLines(e.out.String()); got[0] != "skipped fail-a@1.0.0: already published" || got[2] != "+ fail-c@1.0.0" {
				t.Errorf("second run summary %v", got)
			}
		})
	}
}

// An upload whose answer is lost while others are going is settled by
// reading the packument: it is not sent again, and it counts as
// published.
func TestWorkspacesLostAnswerWithConcurrency(t *testing.T) {
	e := newWorkspaceEnv(t, false, []string{pkgJSON("lost-a"), pkgJSON("lost-b"), pkgJSON("lost-c")}, "--concurrency=3")
	e.srv.Inject(registrytest.Fault{Method: "PUT", Path: "/lost-b", Drop: registrytest.DropAfterApply})
	if err := publishRun(t.Context(), e.opts); err != nil {
		t.Fatalf("%v\n%s", err, e.errOut.String())
	}
	if n := putCount(e.srv, "lost-b"); n != 1 {
		t.Errorf("lost-b was sent %d times, want once", n)
	}
	if !strings.Contains(e.errOut.String(), "the answer to the upload was lost, but the registry has lost-b@1.0.0") {
		t.Errorf("stderr does not explain the lost answer:\n%s", e.errOut.String())
	}
	wantLines(t, summaryLines(e.out.String()), "+ lost-a@1.0.0", "+ lost-b@1.0.0", "+ lost-c@1.0.0")
}

// Build scripts of several workspaces run one after another in workspace
// order, as npm runs them, even when the uploads run concurrently.
func TestWorkspacesBuildScriptsRunInWorkspaceOrder(t *testing.T) {
	script := func(name string) string {
		return fmt.Sprintf(`{"name": %q, "version": "1.0.0", "scripts": {"prepack": "echo %s >> ../../order.txt"}}`, name, name)
	}
	e := newWorkspaceEnv(t, false, []string{script("scr-a"), pkgJSON("scr-quiet"), script("scr-b"), script("scr-c")}, "--concurrency=8")
	if err := publishRun(t.Context(), e.opts); err != nil {
		t.Fatalf("%v\n%s", err, e.errOut.String())
	}
	data, err := os.ReadFile(filepath.Join(e.opts.Cwd, "order.txt"))
	if err != nil {
		t.Fatal(err)
	}
	wantLines(t, strings.Fields(string(data)), "scr-a", "scr-b", "scr-c")
	wantLines(t, summaryLines(e.out.String()), "+ scr-a@1.0.0", "+ scr-quiet@1.0.0", "+ scr-b@1.0.0", "+ scr-c@1.0.0")
}

// When every failure is the registry asking for a staged publish, the
// run exits 6 and says to stage the rest; one other failure makes it an
// ordinary partial failure (exit 3).
func TestWorkspacesStageRequired(t *testing.T) {
	manifests := []string{pkgJSON("stage-a"), pkgJSON("stage-b"), pkgJSON("stage-c", "stage-b"), pkgJSON("stage-d")}
	stageBody := `{"code":"` + registrytest.CodeStageRequired + `","error":"This token may only stage packages: stage the version with npm stage publish"}`
	tests := []struct {
		name   string
		faults []registrytest.Fault
		want   int
	}{
		{"only staging asked for", []registrytest.Fault{{Method: "PUT", Path: "/stage-b", Status: 403, Body: stageBody}, {Method: "PUT", Path: "/stage-d", Status: 403, Body: stageBody}}, exitcode.StageRequired},
		{"and another failure", []registrytest.Fault{{Method: "PUT", Path: "/stage-b", Status: 403, Body: stageBody}, {Method: "PUT", Path: "/stage-d", Status: 403, Body: `{"error":"no you may not"}`}}, exitcode.Partial},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newWorkspaceEnv(t, false, manifests)
			for _, f := range tt.faults {
				e.srv.Inject(f)
			}
			err := publishRun(t.Context(), e.opts)
			if got := exitcode.Of(err); got != tt.want {
				t.Fatalf("exit status %d (%v), want %d", got, err, tt.want)
			}
			if says := strings.Contains(fmt.Sprint(err), "gonpm stage publish"); says != (tt.want == exitcode.StageRequired) {
				t.Errorf("error %q: names gonpm stage publish = %t, want %t", err, says, !says)
			}
		})
	}
}
