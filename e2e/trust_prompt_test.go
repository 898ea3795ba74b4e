package e2e

import (
	"strings"
	"testing"

	"github.com/gonpm/gonpm/internal/registrytest"
)

// TestTrustOnATerminal: trust github shows the configuration, asks y/N,
// then asks for the code (masked) after the registry's challenge, once.
func TestTrustOnATerminal(t *testing.T) {
	a := loggedIn(t, "tess", registrytest.ModeAuthAndWrites)
	a.srv.AddPackage("tess", "trusted-pkg", "1.0.0")

	c := StartConsole(t, a.env, a.home, gonpmBinary(t), "trust", "github", "trusted-pkg", "--file", "release.yml", "--repo", "octo/repo", "--allow-publish")
	c.Expect(`repository: octo/repo`)
	c.Expect(`Do you want to proceed\? \(y/N\) `)
	c.Send("y")
	c.Expect(`Enter OTP: `)
	code := a.code()
	c.Send(code)
	c.Expect(`Trust configuration created successfully for trusted-pkg`)
	if status := c.Wait(); status != 0 {
		t.Fatalf("exit status %d; screen:\n%s", status, c.Output())
	}
	out := c.Output()
	if strings.Contains(out, code) {
		t.Errorf("the typed code was echoed on the screen:\n%s", out)
	}
	if n := strings.Count(out, "Enter OTP:"); n != 1 {
		t.Errorf("asked for a code %d times, want once", n)
	}
	if got := a.srv.TrustConfigs("trusted-pkg"); len(got) != 1 || got[0].Claims["repository"] != "octo/repo" {
		t.Errorf("trust configs on the registry: %+v", got)
	}
}

// TestTrustDeclinedOnATerminal: anything but y/yes cancels before any
// request and before any code is asked.
func TestTrustDeclinedOnATerminal(t *testing.T) {
	a := loggedIn(t, "uma", registrytest.ModeAuthAndWrites)
	a.srv.AddPackage("uma", "declined-pkg", "1.0.0")

	c := StartConsole(t, a.env, a.home, gonpmBinary(t), "trust", "gitlab", "declined-pkg", "--file=.gitlab-ci.yml", "--project=g/p", "--allow-publish")
	c.Expect(`Do you want to proceed\? \(y/N\) `)
	c.Send("")
	c.Expect(`User cancelled operation`)
	if status := c.Wait(); status != 1 {
		t.Fatalf("exit status %d, want 1; screen:\n%s", status, c.Output())
	}
	if strings.Contains(c.Output(), "Enter OTP") {
		t.Errorf("a code was asked for after declining:\n%s", c.Output())
	}
	for _, r := range a.srv.Requests() {
		if strings.Contains(r.Path, "/trust") {
			t.Errorf("request sent after declining: %s %s", r.Method, r.Path)
		}
	}
}

// TestTrustWebApproval: with a browser challenge, one approval covers the
// request; --yes skips the question.
func TestTrustWebApproval(t *testing.T) {
	a := loggedIn(t, "wyn", registrytest.ModeAuthAndWrites, registrytest.WithChallenge(registrytest.ChallengeWeb), registrytest.WithRetryAfter("0"))
	a.srv.AddPackage("wyn", "web-trust", "1.0.0")
	a.srv.AutoApproveWeb("wyn")

	c := StartConsole(t, a.env, a.home, gonpmBinary(t), "trust", "revoke", "web-trust", "--id=nope", "--browser=false")
	c.Expect(`Authenticate your account at:`)
	c.Expect(`web-trust has no trust configuration with id nope`)
	if status := c.Wait(); status != 1 {
		t.Fatalf("exit status %d, want 1 (approved, then no such id); screen:\n%s", status, c.Output())
	}

	c = StartConsole(t, a.env, a.home, gonpmBinary(t), "trust", "circleci", "web-trust", "--yes", "--browser=false",
		"--org-id=0b5d3f52-7c61-4e3a-9d0c-1f2e3a4b5c6d", "--project-id=1b5d3f52-7c61-4e3a-9d0c-1f2e3a4b5c6d",
		"--pipeline-definition-id=2b5d3f52-7c61-4e3a-9d0c-1f2e3a4b5c6d", "--vcs-origin=github.com/o/r", "--allow-publish")
	c.Expect(`Authenticate your account at:`)
	c.Expect(`Trust configuration created successfully for web-trust`)
	if status := c.Wait(); status != 0 {
		t.Fatalf("exit status %d; screen:\n%s", status, c.Output())
	}
	if strings.Contains(c.Output(), "Do you want to proceed") {
		t.Errorf("asked although --yes was given:\n%s", c.Output())
	}
	if got := a.srv.TrustConfigs("web-trust"); len(got) != 1 || got[0].Type != "circleci" {
		t.Errorf("trust configs: %+v", got)
	}
}

// TestDoctorNeverPromptsOnATerminal: doctor's package checks meet the
// registry's challenge on a terminal too, and report it instead of asking.
func TestDoctorNeverPromptsOnATerminal(t *testing.T) {
	a := loggedIn(t, "yara", registrytest.ModeAuthAndWrites)
	a.srv.AddPackage("yara", "doc-pkg", "1.0.0")
	writeFiles(t, a.home, map[string]string{"package.json": `{"name":"doc-pkg","version":"1.0.0"}`})

	c := StartConsole(t, a.env, a.home, gonpmBinary(t), "doctor")
	c.Expect(`trusted publisher +info +the registry asks for a one-time password to show them`)
	if status := c.Wait(); status != 0 {
		t.Fatalf("exit status %d; screen:\n%s", status, c.Output())
	}
	if strings.Contains(c.Output(), "Enter OTP") {
		t.Errorf("doctor asked for a code:\n%s", c.Output())
	}
}
