package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gonpm/gonpm/internal/registrytest"
)

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func countPUTs(srv *registrytest.Server, prefix string) int {
	n := 0
	for _, r := range srv.Requests() {
		if r.Method == "PUT" && strings.HasPrefix(r.Path, prefix) {
			n++
		}
	}
	return n
}

func TestPublishAndUnpublishAskForTheCodeOnATerminal(t *testing.T) {
	a := loggedIn(t, "gina", registrytest.ModeAuthAndWrites)
	dir := filepath.Join(a.home, "pkg")
	writeFiles(t, dir, map[string]string{
		"package.json": `{"name": "prompt-pub", "version": "1.0.0"}`,
		"index.js":     "module.exports = 1;\n",
	})

	c := StartConsole(t, a.env, dir, gonpmBinary(t), "publish")
	c.Expect(`This operation requires a one-time password\.`)
	c.Expect(`Enter OTP: `)
	c.Send(a.code())
	c.Expect(`\+ prompt-pub@1\.0\.0`)
	if status := c.Wait(); status != 0 {
		t.Fatalf("publish exit status %d; screen:\n%s", status, c.Output())
	}
	if got := a.srv.DistTags("prompt-pub")["latest"]; got != "1.0.0" {
		t.Fatalf("latest = %q after publishing at the prompt", got)
	}

	writeFiles(t, dir, map[string]string{"package.json": `{"name": "prompt-pub", "version": "1.1.0"}`})
	c = StartConsole(t, a.env, dir, gonpmBinary(t), "publish", "--otp", a.code())
	c.Expect(`\+ prompt-pub@1\.1\.0`)
	if status := c.Wait(); status != 0 {
		t.Fatalf("publish --otp exit status %d; screen:\n%s", status, c.Output())
	}

	c = StartConsole(t, a.env, dir, gonpmBinary(t), "unpublish", "prompt-pub@1.1.0")
	c.Expect(`Enter OTP: `)
	c.Send(a.code())
	c.Expect(`- prompt-pub@1\.1\.0`)
	if status := c.Wait(); status != 0 {
		t.Fatalf("unpublish exit status %d; screen:\n%s", status, c.Output())
	}
	if got := a.srv.DistTags("prompt-pub")["latest"]; got != "1.0.0" {
		t.Errorf("latest = %q after unpublishing 1.1.0, want 1.0.0", got)
	}
}

// TestWorkspacesPublishWithOnePrompt publishes five workspaces with one
// code typed once, then checks a second run skips all of them.
func TestWorkspacesPublishWithOnePrompt(t *testing.T) {
	a := loggedIn(t, "hank", registrytest.ModeAuthAndWrites)
	root := filepath.Join(a.home, "mono")
	files := map[string]string{
		"package.json": `{"name": "mono-root", "private": true, "workspaces": ["packages/*"]}`,
	}
	var names []string
	for i := 1; i <= 5; i++ {
		name := fmt.Sprintf("ws-pkg-%d", i)
		names = append(names, name)
		files["packages/"+name+"/package.json"] = `{"name": "` + name + `", "version": "1.0.0"}`
		files["packages/"+name+"/index.js"] = "module.exports = " + fmt.Sprint(i) + ";\n"
	}
	writeFiles(t, root, files)

	c := StartConsole(t, a.env, root, gonpmBinary(t), "publish", "--workspaces")
	c.Expect(`Enter OTP: `)
	c.Send(a.code())
	for _, n := range names {
		c.Expect(`\+ ` + n + `@1\.0\.0`)
	}
	if status := c.Wait(); status != 0 {
		t.Fatalf("exit status %d; screen:\n%s", status, c.Output())
	}
	if n := strings.Count(c.Output(), "Enter OTP:"); n != 1 {
		t.Errorf("asked for a code %d times, want once; screen:\n%s", n, c.Output())
	}
	// A terminal gets one progress line for all packages, not a line each.
	if !strings.Contains(c.Output(), "publishing 4/5 packages [") || strings.Contains(c.Output(), "gonpm notice published") {
		t.Errorf("no overall progress line on the terminal; screen:\n%s", c.Output())
	}
	for _, n := range names {
		if got := a.srv.DistTags(n)["latest"]; got != "1.0.0" {
			t.Errorf("%s latest = %q, want 1.0.0", n, got)
		}
	}

	// A second run has nothing to do: no upload, no prompt, every package
	// reported as skipped.
	before := countPUTs(a.srv, "/ws-pkg-")
	cmd := exec.Command(gonpmBinary(t), "publish", "--workspaces")
	cmd.Env, cmd.Dir = a.env, root
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("second run: %v\n%s", err, out)
	}
	for _, n := range names {
		if !strings.Contains(string(out), "skipped "+n+"@1.0.0: already published") {
			t.Errorf("second run does not report %s as skipped:\n%s", n, out)
		}
	}
	if after := countPUTs(a.srv, "/ws-pkg-"); after != before {
		t.Errorf("second run sent %d uploads, want none", after-before)
	}
}

// TestWorkspacesPublishWithOneWebApproval answers a browser challenge once
// for three workspaces.
func TestWorkspacesPublishWithOneWebApproval(t *testing.T) {
	a := loggedIn(t, "iris", registrytest.ModeAuthAndWrites, registrytest.WithChallenge(registrytest.ChallengeWeb), registrytest.WithRetryAfter("0"))
	a.srv.AutoApproveWeb("iris")
	root := filepath.Join(a.home, "mono")
	files := map[string]string{"package.json": `{"name": "web-root", "private": true, "workspaces": ["pkgs/*"]}`}
	for i := 1; i <= 3; i++ {
		name := fmt.Sprintf("web-pkg-%d", i)
		files["pkgs/"+name+"/package.json"] = `{"name": "` + name + `", "version": "1.0.0"}`
	}
	writeFiles(t, root, files)

	c := StartConsole(t, a.env, root, gonpmBinary(t), "publish", "--workspaces", "--browser=false")
	c.Expect(`\+ web-pkg-3@1\.0\.0`)
	if status := c.Wait(); status != 0 {
		t.Fatalf("exit status %d; screen:\n%s", status, c.Output())
	}
	if n := strings.Count(c.Output(), "Authenticate your account at"); n != 1 {
		t.Errorf("asked for browser approval %d times, want once; screen:\n%s", n, c.Output())
	}
	for i := 1; i <= 3; i++ {
		if got := a.srv.DistTags(fmt.Sprintf("web-pkg-%d", i))["latest"]; got != "1.0.0" {
			t.Errorf("web-pkg-%d latest = %q", i, got)
		}
	}
}
