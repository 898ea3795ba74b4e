package profile

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/gonpm/gonpm/internal/registry"
	"github.com/gonpm/gonpm/internal/registrytest"
)

var recoveryLine = regexp.MustCompile(`(?m)^\t([0-9a-f]{64})$`)

func TestEnableEnrolsWithTheCodeFromTheScreen(t *testing.T) {
	e := newEnv(t, "cat")
	e.terminal()
	if err := e.run("enable-2fa"); err != nil {
		t.Fatalf("%v\nstderr:\n%s", err, e.errOut.String())
	}
	if mode := e.srv.TFAMode("cat"); mode != registrytest.ModeAuthAndWrites {
		t.Fatalf("mode = %q, want auth-and-writes (the default)", mode)
	}
	screen := e.errOut.String()
	for _, want := range []string{"Scan this QR code", "▀", "Issuer:", "Account: cat\n", "Secret:"} {
		if !strings.Contains(screen, want) {
			t.Errorf("enrolment screen lacks %q:\n%s", want, screen)
		}
	}
	codes := recoveryLine.FindAllStringSubmatch(e.out.String(), -1)
	if len(codes) != 10 {
		t.Errorf("printed %d recovery codes, want 10:\n%s", len(codes), e.out.String())
	}
	// Every secret shown is registered, so diagnostics mask it.
	secret := shownSecret.FindStringSubmatch(screen)[1]
	for _, s := range append([]string{secret, e.password}, codes[0][1]) {
		if got := e.f.Secrets.Mask("x " + s + " x"); got != "x *** x" {
			t.Errorf("a secret is not registered for masking")
		}
	}
	// The confirmation sends exactly one code, outside the 2FA layer.
	last := e.srv.Requests()[len(e.srv.Requests())-1]
	var body struct{ TFA []string }
	if err := json.Unmarshal(last.Body, &body); err != nil || len(body.TFA) != 1 {
		t.Errorf("confirmation body = %s, want one code", last.Body)
	}
}

func TestEnableRefusals(t *testing.T) {
	tests := []struct {
		name      string
		args      []string
		json      bool
		parseable bool
		noTTY     bool
		usage     bool
		contains  string
	}{
		{name: "unknown mode", args: []string{"always"}, usage: true, contains: "invalid two-factor authentication mode"},
		{name: "two modes", args: []string{"auth-only", "auth-and-writes"}, usage: true},
		{name: "json", json: true, usage: true, contains: "JSON output is not available"},
		{name: "parseable", parseable: true, usage: true, contains: "parseable output is not available"},
		{name: "no terminal", noTTY: true, contains: "needs a terminal"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, "cat")
			if !tt.noTTY {
				e.terminal()
			}
			e.json, e.parseable = tt.json, tt.parseable
			err := e.run(append([]string{"enable-2fa"}, tt.args...)...)
			if err == nil || isFlagError(err) != tt.usage || !strings.Contains(err.Error(), tt.contains) {
				t.Fatalf("err = %v (usage error: %v), want one containing %q", err, isFlagError(err), tt.contains)
			}
			if n := len(e.srv.Requests()); n != 0 {
				t.Errorf("%d requests were sent before refusing", n)
			}
			if len(e.prompter.asked) != 0 {
				t.Errorf("prompted %v before refusing", e.prompter.asked)
			}
		})
	}
}

func TestEnableAlreadyInThatMode(t *testing.T) {
	e := newEnv(t, "cat")
	e.enable(registrytest.ModeAuthOnly)
	e.terminal()
	if err := e.run("enable-2fa", "auth-only"); err != nil {
		t.Fatal(err)
	}
	if got := e.out.String(); got != "Two factor authentication is already enabled and set to auth-only\n" {
		t.Errorf("output = %q", got)
	}
	if len(e.prompter.asked) != 0 {
		t.Errorf("asked %v", e.prompter.asked)
	}
}

func TestEnableChangesModeWithAnOTP(t *testing.T) {
	for _, tt := range []struct {
		name string
		opts []registrytest.Option
	}{
		{"reply with tfa.mode (npm 11)", nil},
		{"reply with tfa null (npm 10)", []registrytest.Option{registrytest.WithModeChangeReplyNull()}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, "cat", withServer(tt.opts...))
			e.enable(registrytest.ModeAuthOnly)
			e.terminal()
			if err := e.run("enable-2fa", "auth-and-writes"); err != nil {
				t.Fatal(err)
			}
			if got := e.out.String(); got != "Two factor authentication mode changed to: auth-and-writes\n" {
				t.Errorf("output = %q", got)
			}
			if e.otp.calls != 1 {
				t.Errorf("the OTP source was asked %d times, want once", e.otp.calls)
			}
			if mode := e.srv.TFAMode("cat"); mode != registrytest.ModeAuthAndWrites {
				t.Errorf("mode = %q", mode)
			}
		})
	}
}

func TestEnableResetsAPendingEnrolment(t *testing.T) {
	e := newEnv(t, "cat")
	e.enable("pending")
	e.terminal()
	if err := e.run("enable-2fa"); err != nil {
		t.Fatal(err)
	}
	if mode := e.srv.TFAMode("cat"); mode != registrytest.ModeAuthAndWrites {
		t.Errorf("mode = %q", mode)
	}
	var disables int
	for _, r := range e.srv.Requests() {
		if r.Method == "POST" && strings.Contains(string(r.Body), `"disable"`) {
			disables++
		}
	}
	if disables != 1 {
		t.Errorf("%d reset requests, want 1", disables)
	}
}

func TestEnableWrongPasswordChangesNothing(t *testing.T) {
	e := newEnv(t, "cat")
	e.terminal()
	e.password = "wrong-one"
	err := e.run("enable-2fa")
	if err == nil || !strings.Contains(err.Error(), "incorrect password") {
		t.Fatalf("err = %v", err)
	}
	if mode := e.srv.TFAMode("cat"); mode != "" {
		t.Errorf("mode = %q, want off", mode)
	}
}

func TestEnableWrongCodeLeavesTwoFactorOff(t *testing.T) {
	e := newEnv(t, "cat")
	e.terminal()
	e.prompter.answer = func(p string) (string, error) {
		if strings.Contains(p, "authenticator") {
			return "000000", nil
		}
		return e.answer(p)
	}
	err := e.run("enable-2fa")
	if err == nil || !strings.Contains(err.Error(), "was not enabled") {
		t.Fatalf("err = %v", err)
	}
	if mode := e.srv.TFAMode("cat"); mode == registrytest.ModeAuthAndWrites || mode == registrytest.ModeAuthOnly {
		t.Errorf("mode = %q, want 2FA not on", mode)
	}
	if strings.Contains(err.Error(), "000000") {
		t.Error("the code appears in the error")
	}
}

func TestEnableAsksAgainForSomethingThatIsNotACode(t *testing.T) {
	e := newEnv(t, "cat")
	e.terminal()
	tries := 0
	e.prompter.answer = func(p string) (string, error) {
		if strings.Contains(p, "authenticator") {
			if tries++; tries == 1 {
				return "abc", nil
			}
		}
		return e.answer(p)
	}
	if err := e.run("enable-2fa"); err != nil {
		t.Fatal(err)
	}
	if tries != 2 {
		t.Errorf("asked for the code %d times, want 2", tries)
	}
}

func TestEnableWhenTheRegistryRefusesTOTP(t *testing.T) {
	const msg = "new authenticator-app enrolments are closed; use a security key"
	e := newEnv(t, "cat", withServer(registrytest.WithTOTPEnrolmentRefused(msg)))
	e.terminal()
	err := e.run("enable-2fa")
	if err == nil || !strings.Contains(err.Error(), msg) || !strings.Contains(err.Error(), "security keys") {
		t.Fatalf("err = %v", err)
	}
	var he *registry.HTTPError
	if errors.As(err, &he) {
		t.Errorf("the error still unwraps to the HTTP error, so the generic permission hint would be added: %v", err)
	}
}

func TestEnableUpgradesBasicAuthToAToken(t *testing.T) {
	e := newEnv(t, "cat", withBasicAuth())
	e.terminal()
	if err := e.run("enable-2fa"); err != nil {
		t.Fatalf("%v\n%s", err, e.errOut.String())
	}
	npmrc, err := os.ReadFile(filepath.Join(e.home, ".npmrc"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(npmrc)
	if !strings.Contains(text, ":_authToken=npm_") || strings.Contains(text, ":username=") || strings.Contains(text, ":_password=") {
		t.Errorf("user npmrc after the upgrade:\n%s", strings.ReplaceAll(text, "npm_", "npm_<redacted>"))
	}
	if mode := e.srv.TFAMode("cat"); mode != registrytest.ModeAuthAndWrites {
		t.Errorf("mode = %q", mode)
	}
}

func TestEnableNeedsALogin(t *testing.T) {
	e := newEnv(t, "cat")
	if err := os.WriteFile(filepath.Join(e.home, ".npmrc"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	e.terminal()
	err := e.run("enable-2fa")
	var need *registry.NeedAuthError
	if !errors.As(err, &need) {
		t.Fatalf("err = %v, want a need-auth error", err)
	}
}
