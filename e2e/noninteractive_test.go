package e2e

import (
	"context"
	"errors"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/gonpm/gonpm/internal/registrytest"
)

// hangGuard bounds a command that must fail fast; reaching it means gonpm
// waited for input that could never come.
const hangGuard = 5 * time.Second

// TestNoTerminalNoCodeFailsFast runs a challenged write the way a CI job
// does: stdin is an open pipe nobody writes to (so any read would block),
// no terminal, no code. gonpm must exit 5 at once with how to pass a code,
// and the registry must be unchanged.
func TestNoTerminalNoCodeFailsFast(t *testing.T) {
	for _, style := range []registrytest.ChallengeStyle{registrytest.ChallengeHeader, registrytest.ChallengeBody, registrytest.ChallengeWeb} {
		a := loggedIn(t, "ivan", registrytest.ModeAuthAndWrites, registrytest.WithChallenge(style))
		a.srv.AddPackage("ivan", "ci-pkg", "1.0.0")

		ctx, cancel := context.WithTimeout(context.Background(), hangGuard)
		cmd := exec.CommandContext(ctx, gonpmBinary(t), "dist-tag", "add", "ci-pkg@1.0.0", "next")
		cmd.Env = append(a.env, "CI=true")
		cmd.Dir = a.home
		stdin, err := cmd.StdinPipe() // kept open until the end of the test
		if err != nil {
			t.Fatal(err)
		}
		var errOut strings.Builder
		cmd.Stderr = &errOut
		err = cmd.Run()
		timedOut := ctx.Err() != nil
		cancel()
		stdin.Close()
		if timedOut {
			t.Fatalf("challenge style %d: gonpm was still running after %s: it must not wait for input", style, hangGuard)
		}
		var exitErr *exec.ExitError
		if !errors.As(err, &exitErr) || exitErr.ExitCode() != 5 {
			t.Fatalf("challenge style %d: err %v, want exit status 5; stderr:\n%s", style, err, errOut.String())
		}
		msg := errOut.String()
		for _, want := range []string{"--otp=<code>", "NPM_CONFIG_OTP"} {
			if !strings.Contains(msg, want) {
				t.Errorf("challenge style %d: stderr does not say %q:\n%s", style, want, msg)
			}
		}
		if style == registrytest.ChallengeWeb && !strings.Contains(msg, "http://127.0.0.1") {
			t.Errorf("a web challenge's approval URL should be shown:\n%s", msg)
		}
		if strings.Count(strings.TrimSpace(msg), "\n") != 0 {
			t.Errorf("want one line on stderr, got:\n%s", msg)
		}
		if _, ok := a.srv.DistTags("ci-pkg")["next"]; ok {
			t.Errorf("challenge style %d: the tag was set", style)
		}
	}
}
