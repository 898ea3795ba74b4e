package doctor

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/registry"
	"github.com/gonpm/gonpm/internal/registrytest"
)

// packageEnv is a maintainer with 2FA, logged in on a fresh registry, in
// the folder of a package.
type packageEnv struct {
	srv    *registrytest.Server
	secret string
	dir    string
	cfg    *config.Config
}

func newPackageEnv(t *testing.T, pkgJSON string, loggedIn bool) *packageEnv {
	t.Helper()
	srv := registrytest.New(t)
	token := srv.AddUser("alice", "pw", "alice@example.com")
	secret, _ := srv.EnableTFA("alice", registrytest.ModeAuthAndWrites)
	srv.AddPackage("alice", "pkg", "1.0.0")
	home := t.TempDir()
	if loggedIn {
		host := strings.TrimSuffix(strings.TrimPrefix(srv.URL, "http://"), "/")
		if err := os.WriteFile(filepath.Join(home, ".npmrc"), []byte("//"+host+"/:_authToken="+token+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	dir := filepath.Join(home, "pkg")
	os.MkdirAll(dir, 0o755)
	if pkgJSON != "" {
		if err := os.WriteFile(filepath.Join(dir, "package.json"), []byte(pkgJSON), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cfg, err := config.Load(config.LoadOptions{Cwd: dir, Env: []string{"HOME=" + home, "NPM_CONFIG_REGISTRY=" + srv.URL}, Home: home})
	if err != nil {
		t.Fatal(err)
	}
	return &packageEnv{srv: srv, secret: secret, dir: dir, cfg: cfg}
}

// checks runs the package checks, with a code given up front when otp.
func (e *packageEnv) checks(t *testing.T, otp bool) map[string]Check {
	t.Helper()
	code := ""
	if otp {
		code = e.srv.TOTP(e.secret, time.Now())
	}
	client := registry.New(registry.Options{Registry: e.srv.URL, Credentials: e.cfg, UserAgent: "test", OTP: code})
	out := map[string]Check{}
	for _, c := range packageChecks(context.Background(), client, e.cfg, e.dir) {
		out[c.Name] = c
	}
	return out
}

func TestPackageChecks(t *testing.T) {
	githubConfig := registrytest.TrustConfig{Type: "github", Claims: map[string]any{"repository": "octo/repo", "workflow_ref": map[string]any{"file": "release.yml"}}, Permissions: []string{"createPackage", "createStagedPackage"}}
	tests := []struct {
		name     string
		pkgJSON  string
		loggedIn bool
		otp      bool
		setup    func(e *packageEnv)
		want     map[string]Check // Detail holds a part of the detail
	}{
		{name: "no package here", want: map[string]Check{"package": {Status: Info, Detail: "no package.json with a name here"}}},
		{name: "trusted publisher configured, code given", pkgJSON: `{"name":"pkg"}`, loggedIn: true, otp: true,
			setup: func(e *packageEnv) { e.srv.AddTrustConfig("pkg", githubConfig) },
			want: map[string]Check{
				"package":           {Status: Info, Detail: "pkg (package.json in this folder)"},
				"trusted publisher": {Status: OK, Detail: "github release.yml octo/repo (publish, stage publish)"},
			}},
		{name: "a registry without a staging area", pkgJSON: `{"name":"pkg"}`, loggedIn: true, otp: true,
			setup: func(e *packageEnv) {
				e.srv.Inject(registrytest.Fault{Method: "GET", Path: "/-/stage?", Status: 404, Body: `{"error":"not found"}`})
			},
			want: map[string]Check{"staging": {Status: Info, Detail: "not available: the registry has no staging area (/-/stage)"}}},
		{name: "none configured", pkgJSON: `{"name":"pkg"}`, loggedIn: true, otp: true,
			want: map[string]Check{"trusted publisher": {Status: Info, Detail: "none for pkg: set one up with `gonpm trust github|gitlab|circleci`"}}},
		{name: "no code: not asked for, but said", pkgJSON: `{"name":"pkg"}`, loggedIn: true,
			setup: func(e *packageEnv) { e.srv.AddTrustConfig("pkg", githubConfig) },
			want:  map[string]Check{"trusted publisher": {Status: Info, Detail: "gonpm doctor --otp=<code>"}}},
		{name: "not published yet", pkgJSON: `{"name":"new-pkg"}`, loggedIn: true, otp: true,
			want: map[string]Check{"trusted publisher": {Status: Info, Detail: "new-pkg is not on the registry"}}},
		{name: "a registry with a staging area", pkgJSON: `{"name":"pkg"}`, loggedIn: true, otp: true,
			setup: func(e *packageEnv) {
				e.srv.Inject(registrytest.Fault{Method: "GET", Path: "/-/stage?", Status: 200, Body: `{"items":[{"id":"x"}],"total":2}`})
			},
			want: map[string]Check{"staging": {Status: OK, Detail: "pkg has 2 waiting for approval"}}},
		{name: "staging refused to this credential", pkgJSON: `{"name":"pkg"}`, loggedIn: true, otp: true,
			setup: func(e *packageEnv) {
				e.srv.Inject(registrytest.Fault{Method: "GET", Path: "/-/stage?", Status: 403, Body: `{"error":"tokens from trusted publishing may only publish and stage publish"}`})
			},
			want: map[string]Check{"staging": {Status: Warn, Detail: "refuses this credential for staged versions: tokens from trusted publishing"}}},
		{name: "not logged in", pkgJSON: `{"name":"pkg"}`,
			setup: func(e *packageEnv) {
				e.srv.Inject(registrytest.Fault{Method: "GET", Path: "/-/stage?", Status: 401, Body: `{"error":"you must be logged in to do this"}`})
			},
			want: map[string]Check{
				"trusted publisher": {Status: Warn, Detail: "will not show them to this credential (401)"},
				"staging":           {Status: Warn, Detail: "run `gonpm login`"},
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newPackageEnv(t, tt.pkgJSON, tt.loggedIn)
			if tt.setup != nil {
				tt.setup(e)
			}
			got := e.checks(t, tt.otp)
			for name, want := range tt.want {
				c, ok := got[name]
				if !ok || c.Status != want.Status || !strings.Contains(c.Detail, want.Detail) {
					t.Errorf("%s = %+v, want %s with %q", name, c, want.Status, want.Detail)
				}
			}
			for _, r := range e.srv.Requests() {
				if r.Method != "GET" {
					t.Errorf("doctor wrote: %s %s", r.Method, r.Path)
				}
			}
		})
	}
}
