package e2e

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gonpm/gonpm/internal/registrytest"
)

var (
	qrRow        = regexp.MustCompile(`[▀▄█]{10,}`)
	secretOnScr  = `Secret:\s+([A-Z2-7]{16,})\r?\n`
	recoveryCode = regexp.MustCompile(`(?m)^\t([0-9a-f]{64})\r?$`)
	logLine      = regexp.MustCompile(`(?m)^gonpm (silly|http|verbose|info|notice) .*$`)
)

// enrolment is what an enable-2fa screen gave the person.
type enrolment struct {
	secret   string
	recovery []string
	screen   string
}

// enrolOnTerminal runs `gonpm profile enable-2fa <args>` on a terminal,
// types the password, reads the secret off the screen and types a code
// computed from it.
func enrolOnTerminal(t *testing.T, rt *redactingTB, a *account, password string, args ...string) enrolment {
	t.Helper()
	c := StartConsole(rt, a.env, a.home, gonpmBinary(t), append([]string{"profile", "enable-2fa"}, args...)...)
	c.Expect(`Password: `)
	c.Send(password)
	c.Expect(`Scan this QR code with your authenticator app:`)
	c.Expect(qrRow.String())
	secret := c.Expect(secretOnScr)[1]
	rt.add(secret)
	c.Expect(`Code from your authenticator app: `)
	code := a.srv.TOTP(secret, time.Now())
	rt.add(code)
	c.Send(code)
	c.Expect(`2FA successfully enabled`)
	if status := c.Wait(); status != 0 {
		rt.Fatalf("enable-2fa exit status %d; screen:\n%s", status, c.Output())
	}
	screen := c.Output()
	var codes []string
	for _, m := range recoveryCode.FindAllStringSubmatch(screen, -1) {
		codes = append(codes, m[1])
	}
	rt.add(codes...)
	for _, typed := range []string{password, code} {
		if strings.Contains(screen, typed) {
			rt.Errorf("something typed at a masked prompt appeared on the screen")
		}
	}
	return enrolment{secret: secret, recovery: codes, screen: screen}
}

func TestEnable2FAOnATerminalThenUseAndDisable(t *testing.T) {
	rt := redacting(t)
	a := loggedIn(t, "ivy", "")
	a.srv.AddPackage("ivy", "ivy-pkg", "1.0.0")
	rt.add("pw-ivy")

	e := enrolOnTerminal(t, rt, a, "pw-ivy", "auth-and-writes", "--loglevel", "silly")
	if len(e.recovery) != 10 {
		rt.Fatalf("%d recovery codes on the screen, want 10:\n%s", len(e.recovery), e.screen)
	}
	if !strings.Contains(e.screen, "Issuer:") || !strings.Contains(e.screen, "Account: ivy") {
		rt.Errorf("the enrolment does not name the issuer and account:\n%s", e.screen)
	}
	if rows := qrRow.FindAllString(e.screen, -1); len(rows) < 10 {
		rt.Errorf("the QR code has %d rows of blocks, want a whole code", len(rows))
	}
	logs := logLine.FindAllString(e.screen, -1)
	if len(logs) == 0 {
		rt.Fatalf("no log lines at --loglevel silly; screen:\n%s", e.screen)
	}
	for _, l := range logs {
		for _, s := range append([]string{e.secret, "pw-ivy"}, e.recovery...) {
			if strings.Contains(l, s) {
				rt.Errorf("a secret appears in the log line %q", l)
			}
		}
	}
	if mode := a.srv.TFAMode("ivy"); mode != registrytest.ModeAuthAndWrites {
		t.Fatalf("server mode = %q, want auth-and-writes", mode)
	}

	// profile get agrees.
	out, _, status := runGonpm(t, a.env, a.home, "", "profile", "get", "two-factor auth")
	if status != 0 || strings.TrimSpace(out) != "auth-and-writes" {
		t.Errorf("profile get two-factor auth = %q (exit %d)", out, status)
	}

	// A write is now challenged; a fresh code from the secret passes.
	c := StartConsole(rt, a.env, a.home, gonpmBinary(t), "dist-tag", "add", "ivy-pkg@1.0.0", "next")
	c.Expect(`Enter OTP: `)
	code := a.srv.TOTP(e.secret, time.Now())
	rt.add(code)
	c.Send(code)
	c.Expect(`\+next: ivy-pkg@1\.0\.0`)
	if status := c.Wait(); status != 0 {
		t.Fatalf("dist-tag add exit %d", status)
	}

	// A recovery code answers a challenge once; a second use fails.
	c = StartConsole(rt, a.env, a.home, gonpmBinary(t), "dist-tag", "add", "ivy-pkg@1.0.0", "beta")
	c.Expect(`Enter OTP: `)
	c.Send(e.recovery[1])
	c.Expect(`\+beta: ivy-pkg@1\.0\.0`)
	c.Wait()
	_, errOut, status := runGonpm(t, a.env, a.home, "", "dist-tag", "rm", "ivy-pkg", "beta", "--otp="+e.recovery[1])
	if status != 5 || !strings.Contains(errOut, "rejected the one-time password") {
		rt.Errorf("a spent recovery code: exit %d, stderr %q", status, errOut)
	}

	// disable-2fa with another recovery code typed at the prompt.
	c = StartConsole(rt, a.env, a.home, gonpmBinary(t), "profile", "disable-2fa")
	c.Expect(`Password: `)
	c.Send("pw-ivy")
	c.Expect(`Enter OTP: `)
	c.Send(e.recovery[0])
	c.Expect(`Two factor authentication disabled\.`)
	if status := c.Wait(); status != 0 {
		t.Fatalf("disable-2fa exit %d", status)
	}
	if strings.Contains(c.Output(), e.recovery[0]) || strings.Contains(c.Output(), "pw-ivy") {
		rt.Error("the password or the recovery code was echoed")
	}
	if mode := a.srv.TFAMode("ivy"); mode != "" {
		t.Errorf("server mode after disable-2fa = %q, want off", mode)
	}
	out, _, _ = runGonpm(t, a.env, a.home, "", "profile", "disable-2fa")
	if out != "Two factor authentication not enabled.\n" {
		t.Errorf("disable-2fa when off printed %q", out)
	}
}

func TestEnable2FAChangesTheModeWithAnOTP(t *testing.T) {
	rt := redacting(t)
	a := loggedIn(t, "jack", registrytest.ModeAuthOnly)
	c := StartConsole(rt, a.env, a.home, gonpmBinary(t), "profile", "enable-2fa", "auth-and-writes")
	c.Expect(`Password: `)
	c.Send("pw-jack")
	c.Expect(`Enter OTP: `)
	c.Send(a.code())
	c.Expect(`Two factor authentication mode changed to: auth-and-writes`)
	if status := c.Wait(); status != 0 {
		t.Fatalf("exit %d", status)
	}
	if mode := a.srv.TFAMode("jack"); mode != registrytest.ModeAuthAndWrites {
		t.Errorf("mode = %q", mode)
	}
	// Asking for the mode it is in changes nothing and asks nothing.
	c = StartConsole(rt, a.env, a.home, gonpmBinary(t), "profile", "enable-2fa", "auth-and-writes")
	c.Expect(`already enabled and set to auth-and-writes`)
	if status := c.Wait(); status != 0 {
		t.Fatalf("exit %d", status)
	}
}

func TestEnable2FAResetsAPendingEnrolment(t *testing.T) {
	rt := redacting(t)
	a := loggedIn(t, "kim", "pending")
	if got := a.srv.TFAMode("kim"); got != "pending" {
		t.Fatalf("setup: mode %q", got)
	}
	e := enrolOnTerminal(t, rt, a, "pw-kim", "auth-only")
	if !strings.Contains(e.screen, "unfinished two-factor set-up") {
		rt.Errorf("the reset was not announced:\n%s", e.screen)
	}
	if mode := a.srv.TFAMode("kim"); mode != registrytest.ModeAuthOnly {
		t.Errorf("mode = %q, want auth-only", mode)
	}
}

func TestEnable2FAWrongPassword(t *testing.T) {
	rt := redacting(t)
	a := loggedIn(t, "lea", "")
	c := StartConsole(rt, a.env, a.home, gonpmBinary(t), "profile", "enable-2fa")
	c.Expect(`Password: `)
	c.Send("not-my-password")
	c.Expect(`incorrect password`)
	if status := c.Wait(); status == 0 {
		t.Error("exit 0 after a wrong password")
	}
	if strings.Contains(c.Output(), "not-my-password") {
		t.Error("the password was echoed or repeated")
	}
	if mode := a.srv.TFAMode("lea"); mode != "" {
		t.Errorf("mode = %q, want unchanged (off)", mode)
	}
}

func TestEnable2FAWrongCode(t *testing.T) {
	rt := redacting(t)
	a := loggedIn(t, "max", "")
	c := StartConsole(rt, a.env, a.home, gonpmBinary(t), "profile", "enable-2fa")
	c.Expect(`Password: `)
	c.Send("pw-max")
	rt.add(c.Expect(secretOnScr)[1])
	c.Expect(`Code from your authenticator app: `)
	c.Send("000000")
	c.Expect(`two-factor authentication was not enabled`)
	if status := c.Wait(); status != 1 {
		t.Errorf("exit %d, want 1", status)
	}
	out, _, _ := runGonpm(t, a.env, a.home, "", "profile", "get", "two-factor auth")
	if strings.TrimSpace(out) != "disabled" {
		t.Errorf("profile get two-factor auth = %q, want disabled", out)
	}
}

func TestEnable2FAWhenTheRegistryRefusesAuthenticatorApps(t *testing.T) {
	rt := redacting(t)
	const msg = "authenticator apps can no longer be added; use a security key"
	a := loggedIn(t, "ned", "", registrytest.WithTOTPEnrolmentRefused(msg))
	c := StartConsole(rt, a.env, a.home, gonpmBinary(t), "profile", "enable-2fa")
	c.Expect(`Password: `)
	c.Send("pw-ned")
	c.Expect(regexp.QuoteMeta(msg))
	if status := c.Wait(); status != 1 {
		t.Errorf("exit %d, want 1", status)
	}
	if !strings.Contains(c.Output(), "security keys") || !strings.Contains(c.Output(), "website") {
		t.Errorf("no advice to use security keys on the website:\n%s", c.Output())
	}
}
