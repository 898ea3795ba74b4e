package auth

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/iostreams"
	"github.com/gonpm/gonpm/internal/logger"
	"github.com/gonpm/gonpm/internal/pkgtarget"
	"github.com/gonpm/gonpm/internal/registry"
	"github.com/gonpm/gonpm/internal/registrytest"
	"github.com/gonpm/gonpm/otpprompt"
)

// answers is a prompter that answers from a list.
type answers []string

func (a *answers) next() (string, error) {
	if len(*a) == 0 {
		return "", otpprompt.ErrNoInput
	}
	v := (*a)[0]
	*a = (*a)[1:]
	return v, nil
}
func (a *answers) Password(string) (string, error) { return a.next() }
func (a *answers) Input(string) (string, error)    { return a.next() }

type env struct {
	srv    *registrytest.Server
	home   string
	cfg    *config.Config
	client *registry.Client
	io     *iostreams.IOStreams
	out    *strings.Builder
}

func newEnv(t *testing.T, opts ...registrytest.Option) *env {
	t.Helper()
	srv := registrytest.New(t, opts...)
	home := t.TempDir()
	e := &env{srv: srv, home: home}
	e.reload(t)
	return e
}

// reload reads the configuration again, as the next gonpm command would.
func (e *env) reload(t *testing.T) {
	t.Helper()
	cfg, err := config.Load(config.LoadOptions{Cwd: e.home, Home: e.home, Env: []string{"HOME=" + e.home, "NPM_CONFIG_REGISTRY=" + e.srv.URL}})
	if err != nil {
		t.Fatal(err)
	}
	reg, _ := cfg.Registry()
	io, _, _, _ := iostreams.Test()
	e.cfg, e.io = cfg, io
	e.client = registry.New(registry.Options{Registry: reg, Credentials: cfg, UserAgent: "test"})
	e.out = &strings.Builder{}
	io.Out = e.out
}

func (e *env) login(t *testing.T, a *answers, create bool) error {
	t.Helper()
	return logIn(context.Background(), &loginSession{
		IO: e.io, Client: e.client, Config: e.cfg, Prompter: a, Secrets: &logger.Secrets{},
		Log: logger.New(nil, logger.Silent, nil), Registry: e.srv.URL, AuthType: "legacy", Create: create,
	})
}

// configF and clientF are the env's configuration and client as a
// command's lazy dependencies.
func (e *env) configF() (*config.Config, error)   { return e.cfg, nil }
func (e *env) clientF() (*registry.Client, error) { return e.client, nil }

func TestLegacyLoginWhoamiLogout(t *testing.T) {
	e := newEnv(t)
	e.srv.AddUser("amy", "amy-password", "amy@example.com")
	if err := e.login(t, &answers{"amy", "amy-password"}, false); err != nil {
		t.Fatal(err)
	}
	if e.out.String() != "Logged in on "+e.srv.URL+".\n" {
		t.Errorf("stdout = %q", e.out.String())
	}
	npmrc, _ := os.ReadFile(filepath.Join(e.home, ".npmrc"))
	if !strings.HasPrefix(string(npmrc), config.NerfDart(e.srv.URL)+":_authToken=npm_") {
		t.Fatalf("npmrc = %q", npmrc)
	}

	e.reload(t)
	if err := whoamiRun(context.Background(), &WhoamiOptions{IO: e.io, Config: e.configF, RegistryClient: e.clientF}); err != nil {
		t.Fatal(err)
	}
	if e.out.String() != "amy\n" {
		t.Errorf("whoami printed %q", e.out.String())
	}

	token := e.cfg.AuthFor(e.srv.URL, e.srv.URL).Token
	if err := logoutRun(context.Background(), &LogoutOptions{Config: e.configF, RegistryClient: e.clientF, Logger: func() *logger.Logger { return logger.New(nil, logger.Silent, nil) }}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(e.home, ".npmrc")); !os.IsNotExist(err) {
		t.Errorf("npmrc still there after logout: %v", err)
	}
	// The token was revoked on the registry, not only forgotten here.
	for _, r := range e.srv.Requests() {
		if r.Method == "DELETE" && strings.HasPrefix(r.Path, "/-/user/token/") && !strings.HasSuffix(r.Path, token) {
			t.Errorf("logout revoked %s", r.Path)
		}
	}
	c := registry.New(registry.Options{Registry: e.srv.URL, UserAgent: "test", Credentials: staticToken(token)})
	if err := c.DoJSON(context.Background(), &registry.Request{Method: "GET", Path: "-/whoami"}, nil); !registry.IsStatus(err, 401) {
		t.Errorf("the old token still works after logout: %v", err)
	}
}

func TestAdduserAsksForEmail(t *testing.T) {
	e := newEnv(t)
	// An invalid email is asked again.
	if err := e.login(t, &answers{"new-user", "pw-123456", "not-an-email", "new@example.com"}, true); err != nil {
		t.Fatal(err)
	}
	e.reload(t)
	name, err := pkgtarget.Identity(context.Background(), e.client, e.cfg, e.srv.URL)
	if err != nil || name != "new-user" {
		t.Fatalf("identity = %q, %v", name, err)
	}
}

func TestUpperCaseUserNameIsAskedAgain(t *testing.T) {
	e := newEnv(t)
	e.srv.AddUser("bo", "bo-password", "bo@example.com")
	if err := e.login(t, &answers{"Bo", "bo", "bo-password"}, false); err != nil {
		t.Fatal(err)
	}
}

func TestLoginWithoutAnswersSaysHowToPipeThem(t *testing.T) {
	e := newEnv(t)
	err := e.login(t, &answers{}, false)
	if err == nil || !strings.Contains(err.Error(), "standard input") {
		t.Fatalf("err = %v", err)
	}
}

func TestCouchConflictLogin(t *testing.T) {
	e := newEnv(t, registrytest.WithCouchConflict())
	e.srv.AddUser("cy", "cy-password", "cy@example.com")
	if err := e.login(t, &answers{"cy", "cy-password"}, false); err != nil {
		t.Fatal(err)
	}
	e.reload(t)
	if name, err := pkgtarget.Identity(context.Background(), e.client, e.cfg, e.srv.URL); err != nil || name != "cy" {
		t.Fatalf("identity after the 409 flow = %q, %v", name, err)
	}
}

func TestWhoamiWithoutCredentials(t *testing.T) {
	e := newEnv(t)
	err := whoamiRun(context.Background(), &WhoamiOptions{IO: e.io, Config: e.configF, RegistryClient: e.clientF})
	var need *registry.NeedAuthError
	if !errors.As(err, &need) {
		t.Fatalf("err = %v, want NeedAuthError", err)
	}
}

type staticToken string

func (s staticToken) AuthFor(string, string) *config.Auth { return &config.Auth{Token: string(s)} }
