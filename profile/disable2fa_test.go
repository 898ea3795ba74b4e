package profile

import (
	"strings"
	"testing"

	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/registrytest"
)

func reload(t *testing.T, e *testEnv) *config.Config {
	t.Helper()
	cfg, err := config.Load(config.LoadOptions{Cwd: e.home, Home: e.home, Env: []string{"HOME=" + e.home, "NPM_CONFIG_REGISTRY=" + e.srv.URL}})
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func TestDisable(t *testing.T) {
	tests := []struct {
		name            string
		tfa             string
		json, parseable bool
		want            string
		wantOff         bool
	}{
		{name: "not enabled", want: "Two factor authentication not enabled.\n"},
		{name: "pending counts as not enabled", tfa: "pending", want: "Two factor authentication not enabled.\n"},
		{name: "auth-only", tfa: "auth-only", want: "Two factor authentication disabled.\n", wantOff: true},
		{name: "json", tfa: "auth-and-writes", json: true, want: "{\n  \"tfa\": false\n}\n", wantOff: true},
		{name: "parseable", tfa: "auth-and-writes", parseable: true, want: "tfa\tfalse\n", wantOff: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, "dan")
			if tt.tfa != "" {
				e.enable(tt.tfa)
			}
			e.json, e.parseable = tt.json, tt.parseable
			if err := e.run("disable-2fa"); err != nil {
				t.Fatal(err)
			}
			if got := e.out.String(); got != tt.want {
				t.Errorf("output = %q, want %q", got, tt.want)
			}
			if tt.wantOff {
				if mode := e.srv.TFAMode("dan"); mode != "" {
					t.Errorf("mode = %q, want off", mode)
				}
				if e.otp.calls != 1 {
					t.Errorf("OTP source asked %d times, want 1", e.otp.calls)
				}
			} else if len(e.prompter.asked) != 0 {
				t.Errorf("asked %v although 2FA is off", e.prompter.asked)
			}
		})
	}
}

func TestDisableWithARecoveryCode(t *testing.T) {
	e := newEnv(t, "dan")
	_, codes := e.srv.EnableTFA("dan", registrytest.ModeAuthAndWrites)
	e.otp.fixed = codes[0]
	if err := e.run("disable-2fa"); err != nil {
		t.Fatal(err)
	}
	if mode := e.srv.TFAMode("dan"); mode != "" {
		t.Errorf("mode = %q, want off", mode)
	}
}

func TestDisableWrongPassword(t *testing.T) {
	e := newEnv(t, "dan")
	e.enable(registrytest.ModeAuthOnly)
	e.password = "nope-nope"
	err := e.run("disable-2fa")
	if err == nil || !strings.Contains(err.Error(), "incorrect password") {
		t.Fatalf("err = %v", err)
	}
	if mode := e.srv.TFAMode("dan"); mode != registrytest.ModeAuthOnly {
		t.Errorf("mode = %q, want unchanged", mode)
	}
}
