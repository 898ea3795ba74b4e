package trust

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/iostreams"
	"github.com/gonpm/gonpm/internal/logger"
	"github.com/gonpm/gonpm/internal/registry"
	"github.com/gonpm/gonpm/internal/registrytest"
	"github.com/gonpm/gonpm/otpprompt"
	"github.com/spf13/cobra"
)

// fakePrompter answers the confirmation and records what was asked.
type fakePrompter struct {
	answers []string
	asked   []string
}

func (p *fakePrompter) Input(prompt string) (string, error) {
	p.asked = append(p.asked, prompt)
	if len(p.answers) == 0 {
		return "", errNoMoreAnswers
	}
	a := p.answers[0]
	p.answers = p.answers[1:]
	return a, nil
}

func (p *fakePrompter) Password(prompt string) (string, error) { return p.Input(prompt) }

// errNoMoreAnswers is stdin closed before an answer.
var errNoMoreAnswers = otpprompt.ErrNoInput

// codeSource is the two-factor layer's source of codes in tests: it
// answers a challenge with a fresh code, or has none (like no terminal).
type codeSource struct {
	srv    *registrytest.Server
	secret string
	asked  int
}

func (s *codeSource) OTP(ctx context.Context, req registry.OTPRequest) (string, error) {
	s.asked++
	if s.secret == "" {
		return "", registry.ErrNoOTPSource
	}
	return s.srv.TOTP(s.secret, time.Now()), nil
}

// env is a logged-in maintainer with 2FA on a fresh test registry.
type env struct {
	srv      *registrytest.Server
	secret   string
	home     string
	f        *cmdutil.Factory
	out, err *bytes.Buffer
	prompter *fakePrompter
	codes    *codeSource
}

// newEnv seeds alice (2FA auth-and-writes) owning pkg and @org/pk, and a
// factory whose commands run as alice in dir (a temp folder when "").
func newEnv(t *testing.T, extraEnv ...string) *env {
	t.Helper()
	srv := registrytest.New(t)
	token := srv.AddUser("alice", "alice-password", "alice@example.com")
	secret, _ := srv.EnableTFA("alice", registrytest.ModeAuthAndWrites)
	srv.AddPackage("alice", "pkg", "1.0.0")
	srv.AddPackage("alice", "@org/pk", "1.0.0")
	home := t.TempDir()
	host := strings.TrimSuffix(strings.TrimPrefix(srv.URL, "http://"), "/")
	if err := os.WriteFile(filepath.Join(home, ".npmrc"), []byte("//"+host+"/:_authToken="+token+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	e := &env{srv: srv, secret: secret, home: home, prompter: &fakePrompter{}, codes: &codeSource{srv: srv, secret: secret}}
	io, _, out, errOut := iostreams.Test()
	e.out, e.err = out, errOut
	environ := append([]string{"HOME=" + home, "NPM_CONFIG_REGISTRY=" + srv.URL}, extraEnv...)
	cfg, err := config.Load(config.LoadOptions{Cwd: home, Env: environ, Home: home})
	if err != nil {
		t.Fatal(err)
	}
	log := logger.New(errOut, logger.Notice, nil)
	client := registry.New(registry.Options{Registry: srv.URL, Credentials: cfg, UserAgent: "test", Command: "trust", OTP: cfg.Get("otp"), OTPSource: e.codes, Logger: log})
	e.f = &cmdutil.Factory{
		IOStreams:      io,
		Config:         func() (*config.Config, error) { return cfg, nil },
		RegistryClient: func() (*registry.Client, error) { return client, nil },
		Logger:         func() *logger.Logger { return log },
		Prompter:       e.prompter,
		Getenv:         func(string) string { return "" },
		Cwd:            home,
	}
	return e
}

// writePackageJSON puts a package.json in the factory's folder.
func (e *env) writePackageJSON(t *testing.T, text string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(e.home, "package.json"), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// run executes a trust subcommand built by newCmd with args, as the group
// would, with --json registered like the root's global flag.
func (e *env) run(t *testing.T, cmd *cobra.Command, args ...string) error {
	t.Helper()
	e.out.Reset()
	e.err.Reset()
	cmd.SetArgs(args)
	cmd.SetOut(e.out)
	cmd.SetErr(e.err)
	cmd.SilenceErrors, cmd.SilenceUsage = true, true
	return cmd.ExecuteContext(context.Background())
}
