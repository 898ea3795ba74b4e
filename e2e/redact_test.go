package e2e

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"
)

// secretShapes are what enrolment screens and token commands show that
// must not reach test output even before a test knows the exact value.
var secretShapes = []*regexp.Regexp{
	regexp.MustCompile(`[0-9a-f]{64}`),                   // recovery codes
	regexp.MustCompile(`(Secret:\s+)[A-Z2-7]+`),          // TOTP secrets
	regexp.MustCompile(`secret=[A-Z2-7]+`),               // otpauth URLs
	regexp.MustCompile(`npm_[0-9A-Za-z]{36}`),            // tokens
	regexp.MustCompile(`(_authToken=|_password=)[^\s]+`), // npmrc lines
}

// redactingTB is a testing.TB whose failure and log messages have every
// secret masked, so a failing terminal test can show its screen.
type redactingTB struct {
	testing.TB
	mu      sync.Mutex
	secrets []string
}

func redacting(t testing.TB) *redactingTB { return &redactingTB{TB: t} }

func (r *redactingTB) add(values ...string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.secrets = append(r.secrets, values...)
}

func (r *redactingTB) mask(s string) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, re := range secretShapes {
		s = re.ReplaceAllString(s, "${1}<secret>")
	}
	for _, v := range r.secrets {
		if v != "" {
			s = strings.ReplaceAll(s, v, "<secret>")
		}
	}
	return s
}

func (r *redactingTB) Fatalf(format string, args ...any) {
	r.TB.Helper()
	r.TB.Fatal(r.mask(fmt.Sprintf(format, args...)))
}

func (r *redactingTB) Errorf(format string, args ...any) {
	r.TB.Helper()
	r.TB.Error(r.mask(fmt.Sprintf(format, args...)))
}

func (r *redactingTB) Logf(format string, args ...any) {
	r.TB.Helper()
	r.TB.Log(r.mask(fmt.Sprintf(format, args...)))
}

func (r *redactingTB) Fatal(args ...any) {
	r.TB.Helper()
	r.TB.Fatal(r.mask(fmt.Sprint(args...)))
}

func (r *redactingTB) Error(args ...any) {
	r.TB.Helper()
	r.TB.Error(r.mask(fmt.Sprint(args...)))
}

func (r *redactingTB) Log(args ...any) {
	r.TB.Helper()
	r.TB.Log(r.mask(fmt.Sprint(args...)))
}

func TestRedactingTBMasksSecrets(t *testing.T) {
	r := redacting(t)
	r.add("hunter22")
	in := "pw hunter22 Secret:  JBSWY3DPEHPK3PXP code " + strings.Repeat("ab", 32) + " tok npm_" + strings.Repeat("x", 36)
	got := r.mask(in)
	for _, leak := range []string{"hunter22", "JBSWY3DPEHPK3PXP", strings.Repeat("ab", 32), strings.Repeat("x", 36)} {
		if strings.Contains(got, leak) {
			t.Errorf("mask left a secret in %q", got)
		}
	}
	if !strings.Contains(got, "Secret:  <secret>") {
		t.Errorf("mask = %q", got)
	}
}
