package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gonpm/gonpm/internal/registrytest"
)

// TestStageApproveReviewAndPromptOnATerminal approves two staged versions
// on a terminal: gonpm shows the review, asks to confirm, then asks for
// one code (masked) for both. A third staged version is rejected; the real
// npm then installs an approved version and never sees the rejected one.
func TestStageApproveReviewAndPromptOnATerminal(t *testing.T) {
	a := loggedIn(t, "sam", registrytest.ModeAuthAndWrites)
	a.srv.AddPackage("sam", "stp", "1.0.0")
	first := a.srv.StageVersion("sam", "stp", "1.1.0", "latest", map[string]string{"lib/new.js": "module.exports = 1;\n"})
	second := a.srv.StageVersion("sam", "stp", "1.2.0-beta.1", "beta", nil)
	rejected := a.srv.StageVersion("sam", "stp", "2.0.0", "latest", nil)

	c := StartConsole(t, a.env, a.home, gonpmBinary(t), "stage", "approve", first, second)
	c.Expect(`Staged stp@1\.1\.0 \(id ` + first + `\)`)
	c.Expect(`files compared with stp@1\.0\.0 on latest:`)
	c.Expect(`\+ 20B +lib/new\.js`)
	c.Expect(`Staged stp@1\.2\.0-beta\.1`)
	c.Expect(`Approve and publish these 2 staged versions\? \[y/N\] `)
	c.Send("y")
	c.Expect(`Enter OTP: `)
	code := a.code()
	c.Send(code)
	c.Expect(`Staged package ` + first + ` approved and published successfully\.`)
	c.Expect(`Staged package ` + second + ` approved and published successfully\.`)
	if status := c.Wait(); status != 0 {
		t.Fatalf("exit status %d; screen:\n%s", status, c.Output())
	}
	out := c.Output()
	if n := strings.Count(out, "Enter OTP:"); n != 1 {
		t.Errorf("asked for a code %d times, want once for both", n)
	}
	if strings.Contains(out, code) {
		t.Errorf("the code was echoed:\n%s", out)
	}
	if tags := a.srv.DistTags("stp"); tags["latest"] != "1.1.0" || tags["beta"] != "1.2.0-beta.1" {
		t.Fatalf("tags after approving = %v", tags)
	}

	// Reject the third on a terminal: no review, one prompt.
	c = StartConsole(t, a.env, a.home, gonpmBinary(t), "stage", "reject", rejected)
	c.Expect(`Enter OTP: `)
	c.Send(a.code())
	c.Expect(`Staged package ` + rejected + ` has been rejected\.`)
	if status := c.Wait(); status != 0 {
		t.Fatalf("reject: exit status %d; screen:\n%s", status, c.Output())
	}

	requireNPM(t)
	env := npmEnv(t, a.home, a.srv.URL)
	consumer := filepath.Join(a.home, "consumer")
	os.MkdirAll(consumer, 0o755)
	os.WriteFile(filepath.Join(consumer, "package.json"), []byte(`{"name":"consumer","version":"1.0.0","private":true}`), 0o644)
	runNpm(t, env, consumer, a.srv.URL, "install", "stp@1.1.0")
	if _, err := os.Stat(filepath.Join(consumer, "node_modules", "stp", "lib", "new.js")); err != nil {
		t.Fatalf("npm did not install the approved version's files: %v", err)
	}
	var versions []string
	if err := json.Unmarshal([]byte(runNpm(t, env, consumer, a.srv.URL, "view", "stp", "versions", "--json")), &versions); err != nil {
		t.Fatal(err)
	}
	if strings.Join(versions, " ") != "1.0.0 1.1.0 1.2.0-beta.1" {
		t.Errorf("npm view stp versions = %v; the rejected 2.0.0 must never appear", versions)
	}
}

// TestStageApproveDeclinedAtReview publishes nothing and asks no code.
func TestStageApproveDeclinedAtReview(t *testing.T) {
	a := loggedIn(t, "tia", registrytest.ModeAuthAndWrites)
	a.srv.AddPackage("tia", "decl", "1.0.0")
	id := a.srv.StageVersion("tia", "decl", "1.1.0", "latest", nil)
	c := StartConsole(t, a.env, a.home, gonpmBinary(t), "stage", "approve", id)
	c.Expect(`Approve and publish this staged version\? \[y/N\] `)
	c.Send("")
	c.Expect(`nothing was published`)
	if status := c.Wait(); status != 1 {
		t.Fatalf("exit status %d, want 1; screen:\n%s", status, c.Output())
	}
	if strings.Contains(c.Output(), "Enter OTP") || len(a.srv.StagedVersions("decl")) != 1 || a.srv.DistTags("decl")["latest"] != "1.0.0" {
		t.Errorf("declining asked for a code or changed the registry; screen:\n%s", c.Output())
	}
}

// TestStageApproveWebApproval approves with one browser approval.
func TestStageApproveWebApproval(t *testing.T) {
	a := loggedIn(t, "uma", registrytest.ModeAuthAndWrites, registrytest.WithChallenge(registrytest.ChallengeWeb), registrytest.WithRetryAfter("0"))
	a.srv.AddPackage("uma", "webst", "1.0.0")
	one := a.srv.StageVersion("uma", "webst", "1.1.0", "latest", nil)
	two := a.srv.StageVersion("uma", "webst", "1.2.0", "next", nil)
	c := StartConsole(t, a.env, a.home, gonpmBinary(t), "stage", "approve", one, two, "--yes", "--browser=false")
	c.Expect(`Authenticate your account at:`)
	a.srv.ApproveWeb()
	c.Expect(`Staged package ` + two + ` approved and published successfully\.`)
	if status := c.Wait(); status != 0 {
		t.Fatalf("exit status %d; screen:\n%s", status, c.Output())
	}
	if n := strings.Count(c.Output(), "Authenticate your account at:"); n != 1 {
		t.Errorf("asked for approval %d times, want once", n)
	}
	if strings.Contains(c.Output(), "[y/N]") {
		t.Error("--yes still asked to confirm")
	}
	if tags := a.srv.DistTags("webst"); tags["latest"] != "1.1.0" || tags["next"] != "1.2.0" {
		t.Errorf("tags = %v", tags)
	}
}
