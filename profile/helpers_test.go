package profile

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
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

// scriptedPrompter answers prompts with a function of the prompt, and
// remembers what was asked.
type scriptedPrompter struct {
	answer func(prompt string) (string, error)
	asked  []string
}

func (p *scriptedPrompter) Password(prompt string) (string, error) {
	p.asked = append(p.asked, prompt)
	return p.answer(prompt)
}

func (p *scriptedPrompter) Input(prompt string) (string, error) { return p.Password(prompt) }

// codeSource answers OTP challenges with a fresh code from the account's
// secret, or with a fixed answer when one is set.
type codeSource struct {
	env   *testEnv
	fixed string
	calls int
}

func (s *codeSource) OTP(ctx context.Context, req registry.OTPRequest) (string, error) {
	s.calls++
	if req.Rejected {
		return "", errors.New("code refused")
	}
	if s.fixed != "" {
		return s.fixed, nil
	}
	return s.env.srv.TOTP(s.env.secret, time.Now()), nil
}

// testEnv is a logged-in user of an in-process test registry and the
// options a profile command runs with.
type testEnv struct {
	srv *registrytest.Server
	// f gives commands this user's configuration, read again from the
	// user's npmrc on every run as a new gonpm process would, with json
	// and parseable set as the test says.
	f               *cmdutil.Factory
	json, parseable bool
	out             *bytes.Buffer
	errOut          *bytes.Buffer
	prompter        *scriptedPrompter
	otp             *codeSource
	home            string
	secret          string
	user            string
	password        string
}

type envOption func(*envSetup)

type envSetup struct {
	basicAuth bool
	srvOpts   []registrytest.Option
}

// withBasicAuth logs the user in with username and _password, as an old
// legacy login did.
func withBasicAuth() envOption { return func(s *envSetup) { s.basicAuth = true } }

func withServer(o ...registrytest.Option) envOption {
	return func(s *envSetup) { s.srvOpts = append(s.srvOpts, o...) }
}

func newEnv(t *testing.T, user string, options ...envOption) *testEnv {
	t.Helper()
	setup := &envSetup{}
	for _, o := range options {
		o(setup)
	}
	srv := registrytest.New(t, setup.srvOpts...)
	password := "pw-" + user
	token := srv.AddUser(user, password, user+"@example.com")
	home := t.TempDir()
	nerf := "//" + strings.TrimPrefix(srv.URL, "http://")
	npmrc := nerf + ":_authToken=" + token + "\n"
	if setup.basicAuth {
		npmrc = nerf + ":username=" + user + "\n" + nerf + ":_password=" + base64.StdEncoding.EncodeToString([]byte(password)) + "\n"
	}
	if err := os.WriteFile(filepath.Join(home, ".npmrc"), []byte(npmrc), 0o600); err != nil {
		t.Fatal(err)
	}
	ios, _, out, errOut := iostreams.Test()
	e := &testEnv{srv: srv, out: out, errOut: errOut, home: home, user: user, password: password}
	e.prompter = &scriptedPrompter{answer: e.answer}
	e.otp = &codeSource{env: e}
	secrets := &logger.Secrets{}
	log := logger.New(errOut, logger.Silly, secrets)
	var cfg *config.Config
	e.f = &cmdutil.Factory{
		IOStreams: ios,
		Config: func() (*config.Config, error) {
			env := []string{"HOME=" + home, "NPM_CONFIG_REGISTRY=" + srv.URL, "NPM_CONFIG_JSON=" + strconv.FormatBool(e.json), "NPM_CONFIG_PARSEABLE=" + strconv.FormatBool(e.parseable)}
			var err error
			cfg, err = config.Load(config.LoadOptions{Cwd: home, Home: home, Env: env})
			return cfg, err
		},
		RegistryClient: func() (*registry.Client, error) {
			return registry.New(registry.Options{Registry: srv.URL, Credentials: cfg, OTPSource: e.otp, Logger: log}), nil
		},
		Prompter: e.prompter,
		Secrets:  secrets,
		Logger:   func() *logger.Logger { return log },
	}
	return e
}

// run runs `gonpm profile <args>` as the user.
func (e *testEnv) run(args ...string) error {
	cmd := NewCmdProfile(e.f)
	cmd.SetArgs(args)
	cmd.SetOut(io.Discard)
	cmd.SetErr(io.Discard)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	return cmd.ExecuteContext(context.Background())
}

// terminal makes the streams look like an interactive terminal.
func (e *testEnv) terminal() {
	e.f.IOStreams.SetStdinTTY(true)
	e.f.IOStreams.SetStderrTTY(true)
	e.f.IOStreams.SetStdoutTTY(true)
}

func (e *testEnv) enable(mode string) {
	e.secret, _ = e.srv.EnableTFA(e.user, mode)
}

var shownSecret = regexp.MustCompile(`Secret:\s+([A-Z2-7]+)`)

// answer is the person at the keyboard: the right password, and the
// code for the secret shown on the screen.
func (e *testEnv) answer(prompt string) (string, error) {
	switch {
	case strings.Contains(prompt, "assword"):
		return e.password, nil
	case strings.Contains(prompt, "authenticator"):
		m := shownSecret.FindStringSubmatch(e.errOut.String())
		if m == nil {
			return "", errors.New("no secret on the screen")
		}
		return e.srv.TOTP(m[1], time.Now()), nil
	}
	return "", errors.New("unexpected prompt " + prompt)
}

// requests lists "METHOD path" of what the server received.
func (e *testEnv) requests() []string {
	var out []string
	for _, r := range e.srv.Requests() {
		out = append(out, r.Method+" "+r.Path)
	}
	return out
}

func isFlagError(err error) bool {
	var fe *cmdutil.FlagError
	return errors.As(err, &fe)
}
