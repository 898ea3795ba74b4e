package stage

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
)

// testEnv is alice, logged in on a fresh test registry with 2FA for
// writes, and a factory for the stage commands.
type testEnv struct {
	srv      *registrytest.Server
	f        *cmdutil.Factory
	io       *iostreams.IOStreams
	out      *bytes.Buffer
	errOut   *bytes.Buffer
	secret   string
	home     string
	otp      *codeSource
	prompter *scriptedPrompter
	setJSON  func(bool)
}

// codeSource stands in for the one 2FA layer's sources: it counts how
// often a code was asked for.
type codeSource struct {
	env   *testEnv
	calls int
}

func (s *codeSource) OTP(ctx context.Context, req registry.OTPRequest) (string, error) {
	s.calls++
	return s.env.srv.TOTP(s.env.secret, time.Now()), nil
}

type scriptedPrompter struct {
	answer string
	asked  []string
}

func (p *scriptedPrompter) Password(prompt string) (string, error) {
	p.asked = append(p.asked, prompt)
	return p.answer, nil
}

func (p *scriptedPrompter) Input(prompt string) (string, error) { return p.Password(prompt) }

// newEnv seeds alice's package "pkg" 1.0.0; withOTPSource adds a code
// source (as a terminal or otp-command would), else a challenge fails.
func newEnv(t *testing.T, withOTPSource bool) *testEnv {
	t.Helper()
	srv := registrytest.New(t)
	token := srv.AddUser("alice", "alice-password", "alice@example.com")
	srv.AddUser("bob", "bob-password", "bob@example.com")
	secret, _ := srv.EnableTFA("alice", registrytest.ModeAuthAndWrites)
	srv.AddPackage("alice", "pkg", "1.0.0")
	home := t.TempDir()
	host := strings.TrimSuffix(strings.TrimPrefix(srv.URL, "http://"), "/")
	if err := os.WriteFile(filepath.Join(home, ".npmrc"), []byte("//"+host+"/:_authToken="+token+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	ios, _, out, errOut := iostreams.Test()
	e := &testEnv{srv: srv, io: ios, out: out, errOut: errOut, secret: secret, home: home, prompter: &scriptedPrompter{}}
	e.otp = &codeSource{env: e}
	jsonOut := false
	cfgF := func() (*config.Config, error) {
		env := []string{"HOME=" + home, "NPM_CONFIG_REGISTRY=" + srv.URL}
		if jsonOut {
			env = append(env, "NPM_CONFIG_JSON=true")
		}
		return config.Load(config.LoadOptions{Cwd: home, Env: env, Home: home})
	}
	log := logger.New(errOut, logger.Notice, &logger.Secrets{})
	e.f = &cmdutil.Factory{
		IOStreams: ios,
		Config:    cfgF,
		Logger:    func() *logger.Logger { return log },
		Prompter:  e.prompter,
		Cwd:       home,
		RegistryClient: func() (*registry.Client, error) {
			cfg, err := cfgF()
			if err != nil {
				return nil, err
			}
			reg, _ := cfg.Registry()
			o := registry.Options{Registry: reg, Credentials: cfg, UserAgent: "test", Command: "stage", Logger: log}
			if withOTPSource {
				o.OTPSource = e.otp
			}
			return registry.New(o), nil
		},
	}
	t.Cleanup(func() { jsonOut = false })
	e.setJSON = func(v bool) { jsonOut = v }
	return e
}

// run runs `gonpm stage <args>` through the group command.
func (e *testEnv) run(args ...string) error {
	e.out.Reset()
	e.errOut.Reset()
	cmd := NewCmdStage(e.f)
	cmd.SetArgs(args)
	cmd.SetOut(e.out)
	cmd.SetErr(e.errOut)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	return cmd.ExecuteContext(context.Background())
}

func (e *testEnv) terminal() {
	e.io.SetStdinTTY(true)
	e.io.SetStderrTTY(true)
	e.io.SetStdoutTTY(true)
}
