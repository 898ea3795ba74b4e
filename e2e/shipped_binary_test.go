package e2e

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/gonpm/gonpm/config"
)

// TestShippedBinaryHasNoWriteHook: the pause the concurrency tests use is
// compiled in only with -tags gonpm_testhook. The binary users get ignores
// the variable, writes at once, and does not even contain the hook's text.
func TestShippedBinaryHasNoWriteHook(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), writeHangGuard)
	defer cancel()
	home := t.TempDir()
	env := append(scopingEnv(home), config.TestHookEnv+"=pause-before-rename")
	cmd := gonpmCommand(ctx, t, env, home, "config", "set", "@shipped:registry=http://127.0.0.1:1/s/")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("config set with the hook variable failed: %v\n%s", err, out)
	}
	if bytes.Contains(out, []byte(config.PausedMessage)) {
		t.Errorf("the shipped binary paused:\n%s", out)
	}
	if got := readNpmrc(t, home).cfg.Get("@shipped:registry"); got != "http://127.0.0.1:1/s/" {
		t.Errorf("@shipped:registry = %q after the write", got)
	}
	bin, err := os.ReadFile(gonpmBinary(t))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(bin, []byte(config.PausedMessage)) {
		t.Errorf("%s contains the test hook's message %q", filepath.Base(gonpmBinary(t)), config.PausedMessage)
	}
}
