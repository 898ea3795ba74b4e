package token

import (
	"bytes"
	"context"
	"errors"
	"net/http"
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

// fixedAuth gives every request to the test registry one token.
type fixedAuth struct{ token string }

func (a fixedAuth) AuthFor(string, string) *config.Auth { return &config.Auth{Token: a.token} }

type prompter struct {
	password string
	asked    int
}

func (p *prompter) Password(string) (string, error) {
	p.asked++
	if p.password == "" {
		return "", errors.New("no answer")
	}
	return p.password, nil
}
func (p *prompter) Input(prompt string) (string, error) { return p.Password(prompt) }

// totpSource answers challenges with a fresh code.
type totpSource struct {
	srv    *registrytest.Server
	secret string
	calls  int
}

func (s *totpSource) OTP(context.Context, registry.OTPRequest) (string, error) {
	s.calls++
	return s.srv.TOTP(s.secret, time.Now()), nil
}

type testEnv struct {
	srv      *registrytest.Server
	opts     *session
	out      *bytes.Buffer
	errOut   *bytes.Buffer
	prompter *prompter
	otp      *totpSource
	token    string
}

func newEnv(t *testing.T, srvOpts ...registrytest.Option) *testEnv {
	t.Helper()
	srv := registrytest.New(t, srvOpts...)
	token := srv.AddUser("tess", "pw-tess", "tess@example.com")
	ios, _, out, errOut := iostreams.Test()
	secrets := &logger.Secrets{}
	log := logger.New(errOut, logger.Silly, secrets)
	otp := &totpSource{srv: srv}
	client := registry.New(registry.Options{Registry: srv.URL, Credentials: fixedAuth{token}, OTPSource: otp, Logger: log})
	p := &prompter{password: "pw-tess"}
	return &testEnv{
		srv: srv, out: out, errOut: errOut, prompter: p, otp: otp, token: token,
		opts: &session{IO: ios, Client: client, Prompter: p, Secrets: secrets, Logger: log, Registry: srv.URL},
	}
}

// works reports whether token still authenticates.
func (e *testEnv) works(t *testing.T, token string) bool {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, e.srv.URL+"-/whoami", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

func (e *testEnv) countRequests(method, prefix string) int {
	n := 0
	for _, r := range e.srv.Requests() {
		if r.Method == method && strings.HasPrefix(r.Path, prefix) {
			n++
		}
	}
	return n
}

func isFlagError(err error) bool {
	var fe *cmdutil.FlagError
	return errors.As(err, &fe)
}
