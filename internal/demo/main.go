// Command demo runs gonpm's main job end to end against a local test
// registry that it starts itself: create an account, turn on two-factor
// authentication (computing the code from the secret gonpm shows, as an
// authenticator app would), publish a package, and change a dist-tag,
// which meets a one-time-password challenge that is answered at the
// prompt. Each command is shown as it runs, on a real pseudo-terminal.
//
//	go run ./internal/demo
package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/gonpm/gonpm/internal/registrytest"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintf(os.Stderr, "demo failed: %v\n", err)
		os.Exit(1)
	}
}

func run() error {
	work, err := os.MkdirTemp("", "gonpm-demo")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)

	step("Building gonpm and the test registry")
	bin := filepath.Join(work, "bin")
	for _, target := range []string{"gonpm", "gonpm-testregistry"} {
		build := exec.Command("go", "build", "-o", filepath.Join(bin, target), "./cmd/"+target)
		build.Stdout, build.Stderr = os.Stdout, os.Stderr
		if err := build.Run(); err != nil {
			return fmt.Errorf("building %s: %w", target, err)
		}
	}

	reg, url, err := startRegistry(filepath.Join(bin, "gonpm-testregistry"))
	if err != nil {
		return err
	}
	defer func() { _ = reg.Process.Kill(); _ = reg.Wait() }()
	fmt.Printf("test registry listening on %s\n", url)

	home := filepath.Join(work, "home")
	pkg := filepath.Join(work, "demo-package")
	for _, dir := range []string{home, pkg} {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	env := []string{
		"HOME=" + home,
		"PATH=" + bin + string(os.PathListSeparator) + os.Getenv("PATH"),
		"TERM=" + termOr("xterm"),
		"NPM_CONFIG_REGISTRY=" + url,
	}
	d := &demo{env: env, dir: home}

	step("1. Create an account (user name, password and email are typed at the prompts)")
	s, err := d.start("gonpm", "adduser", "--auth-type=legacy")
	if err != nil {
		return err
	}
	s.answer(`Username: `, "demo-user", "demo-user")
	s.answer(`Password: `, "demo-password-123", "(the password, not shown)")
	s.answer(`Email \(this will be public\): `, "demo@example.com", "demo@example.com")
	if err := s.finish(0); err != nil {
		return err
	}

	step("2. Turn on two-factor authentication for logins and writes")
	s, err = d.start("gonpm", "profile", "enable-2fa", "auth-and-writes")
	if err != nil {
		return err
	}
	s.answer(`[Pp]assword: `, "demo-password-123", "(the password, not shown)")
	secret := s.expect(`(?i)secret:\s+([A-Z2-7]{16,})`)
	if s.err != nil {
		return s.err
	}
	code, err := registrytest.TOTPCode(secret[1], time.Now())
	if err != nil {
		return err
	}
	s.answer(`[Aa]uthenticator[^\n]*: `, code, "(the 6-digit code an authenticator app computes from the secret above)")
	if err := s.finish(0); err != nil {
		return err
	}

	step("3. Publish a package, with a one-time password from the authenticator")
	if err := writePackage(pkg); err != nil {
		return err
	}
	code, _ = registrytest.TOTPCode(secret[1], time.Now())
	d.dir = pkg
	s, err = d.startShown([]string{"gonpm", "publish", "--otp=" + code}, "gonpm publish --otp=<code>")
	if err != nil {
		return err
	}
	if err := s.finish(0); err != nil {
		return err
	}

	step("4. Point the `next` tag at the release: the registry asks for a one-time password")
	s, err = d.start("gonpm", "dist-tag", "add", "gonpm-demo-package@1.0.0", "next")
	if err != nil {
		return err
	}
	code, _ = registrytest.TOTPCode(secret[1], time.Now())
	s.answer(`Enter OTP: `, code, "(the current code from the authenticator, not shown)")
	if err := s.finish(0); err != nil {
		return err
	}

	step("5. The tags now")
	s, err = d.start("gonpm", "dist-tag", "ls", "gonpm-demo-package")
	if err != nil {
		return err
	}
	if err := s.finish(0); err != nil {
		return err
	}
	step("Done: logged in, 2FA on, published, and a write answered at the OTP prompt.")
	return nil
}

func step(title string) {
	fmt.Printf("\n\033[1m== %s\033[0m\n", title)
}

func termOr(def string) string {
	if t := os.Getenv("TERM"); t != "" && t != "dumb" {
		return t
	}
	return def
}

var listening = regexp.MustCompile(`listening on (http://\S+)`)

// startRegistry runs gonpm-testregistry on a free port and reads its URL.
func startRegistry(path string) (*exec.Cmd, string, error) {
	cmd := exec.Command(path, "--listen", "127.0.0.1:0", "--retry-after", "1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, "", err
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return nil, "", err
	}
	buf := make([]byte, 256)
	var line strings.Builder
	for !strings.Contains(line.String(), "\n") {
		n, err := out.Read(buf)
		line.Write(buf[:n])
		if err != nil {
			_ = cmd.Process.Kill()
			return nil, "", fmt.Errorf("the test registry did not start: %v", err)
		}
	}
	m := listening.FindStringSubmatch(line.String())
	if m == nil {
		_ = cmd.Process.Kill()
		return nil, "", fmt.Errorf("unexpected output from the test registry: %q", line.String())
	}
	return cmd, m[1], nil
}

func writePackage(dir string) error {
	files := map[string]string{
		"package.json": `{"name":"gonpm-demo-package","version":"1.0.0","description":"A package published by the gonpm demo","main":"index.js","license":"MIT"}` + "\n",
		"index.js":     "module.exports = () => 'hello from gonpm'\n",
		"README.md":    "# gonpm-demo-package\n",
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			return err
		}
	}
	return nil
}
