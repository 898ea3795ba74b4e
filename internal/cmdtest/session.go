package cmdtest

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/iostreams"
	"github.com/gonpm/gonpm/internal/logger"
	"github.com/gonpm/gonpm/internal/registry"
	"github.com/gonpm/gonpm/internal/registrytest"
)

// Session is a user logged in (by token in ~/.npmrc) on a test registry,
// with the lazy dependencies a leaf command's options take, for the run
// tests of leaf commands.
type Session struct {
	Srv         *registrytest.Server
	IO          *iostreams.IOStreams
	Out, ErrOut *bytes.Buffer
	Config      func() (*config.Config, error)
	Client      func() (*registry.Client, error)
	Logger      func() *logger.Logger
}

// Login configures a session for token on srv; env adds configuration
// such as "NPM_CONFIG_OTP=123456" or "NPM_CONFIG_JSON=true".
func Login(t testing.TB, srv *registrytest.Server, token string, env ...string) *Session {
	t.Helper()
	home := t.TempDir()
	host := strings.TrimSuffix(strings.TrimPrefix(srv.URL, "http://"), "/")
	if err := os.WriteFile(filepath.Join(home, ".npmrc"), []byte("//"+host+"/:_authToken="+token+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env = append([]string{"HOME=" + home, "NPM_CONFIG_REGISTRY=" + srv.URL, "NPM_CONFIG_GLOBALCONFIG=" + filepath.Join(home, "global-npmrc")}, env...)
	cfg, err := config.Load(config.LoadOptions{Cwd: home, Env: env, Home: home})
	if err != nil {
		t.Fatal(err)
	}
	reg, err := cfg.Registry()
	if err != nil {
		t.Fatal(err)
	}
	io, _, out, errOut := iostreams.Test()
	log := logger.New(errOut, logger.Notice, &logger.Secrets{})
	client := registry.New(registry.Options{
		Registry: reg, Credentials: cfg, UserAgent: "gonpm-test", Logger: log,
		OTP: cfg.Get("otp"), AuthType: cfg.Get("auth-type"),
	})
	return &Session{
		Srv: srv, IO: io, Out: out, ErrOut: errOut,
		Config: func() (*config.Config, error) { return cfg, nil },
		Client: func() (*registry.Client, error) { return client, nil },
		Logger: func() *logger.Logger { return log },
	}
}

// Writes returns the requests other than GET that srv received.
func Writes(srv *registrytest.Server) []registrytest.LoggedRequest {
	var out []registrytest.LoggedRequest
	for _, r := range srv.Requests() {
		if r.Method != "GET" && r.Method != "HEAD" {
			out = append(out, r)
		}
	}
	return out
}
