package registrytest

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"
)

// console runs a command on a pseudo-terminal and answers its prompts,
// expect-style: wait for text on the screen, then type.
type console struct {
	t      testing.TB
	cmd    *exec.Cmd
	tty    *os.File
	redact *redactor

	mu      sync.Mutex
	screen  []byte
	offset  int // everything before offset has been matched already
	changed chan struct{}
	eof     bool
	done    chan struct{}
}

func startConsole(t testing.TB, cmd *exec.Cmd, redact *redactor) *console {
	t.Helper()
	tty, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 60, Cols: 250})
	if err != nil {
		t.Fatalf("starting %s on a pty: %v", cmd.Path, err)
	}
	c := &console{t: t, cmd: cmd, tty: tty, redact: redact, changed: make(chan struct{}, 1), done: make(chan struct{})}
	go c.read()
	t.Cleanup(func() {
		tty.Close()
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
	})
	return c
}

func (c *console) read() {
	defer close(c.done)
	buf := make([]byte, 4096)
	for {
		n, err := c.tty.Read(buf)
		c.mu.Lock()
		c.screen = append(c.screen, buf[:n]...)
		if err != nil {
			c.eof = true
		}
		c.mu.Unlock()
		select {
		case c.changed <- struct{}{}:
		default:
		}
		if err != nil {
			return // EIO once the child closes the terminal
		}
	}
}

// expect waits until re matches the unread part of the screen and returns
// the submatches. It fails the test at the deadline or when the program ends.
func (c *console) expect(re *regexp.Regexp, timeout time.Duration) []string {
	c.t.Helper()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		c.mu.Lock()
		unread := string(c.screen[c.offset:])
		loc := re.FindStringSubmatchIndex(unread)
		eof := c.eof
		if loc != nil {
			c.offset += loc[1]
			c.mu.Unlock()
			m := make([]string, len(loc)/2)
			for i := range m {
				if loc[2*i] >= 0 {
					m[i] = unread[loc[2*i]:loc[2*i+1]]
				}
			}
			return m
		}
		c.mu.Unlock()
		if eof {
			c.t.Fatalf("program ended before %q appeared; screen:\n%s", re, c.redact.apply(unread))
		}
		select {
		case <-c.changed:
		case <-deadline.C:
			c.t.Fatalf("timed out waiting for %q; screen:\n%s", re, c.redact.apply(unread))
		}
	}
}

// send types a line.
func (c *console) send(line string) {
	c.t.Helper()
	if _, err := c.tty.Write([]byte(line + "\r")); err != nil {
		c.t.Fatalf("typing on the pty: %v", err)
	}
}

// wait waits for the program to exit and returns the rest of the screen.
func (c *console) wait(timeout time.Duration) (rest string, err error) {
	c.t.Helper()
	select {
	case <-c.done:
	case <-time.After(timeout):
		c.cmd.Process.Kill()
		<-c.done
	}
	err = c.cmd.Wait()
	c.mu.Lock()
	defer c.mu.Unlock()
	return string(c.screen[c.offset:]), err
}

// redactor hides known secrets in output before it is logged.
type redactor struct {
	mu      sync.Mutex
	secrets []string
}

func (r *redactor) add(secrets ...string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, s := range secrets {
		if s != "" {
			r.secrets = append(r.secrets, s)
		}
	}
}

func (r *redactor) apply(s string) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, secret := range r.secrets {
		s = strings.ReplaceAll(s, secret, "<redacted>")
	}
	// Secrets the test has not registered yet (it fails before it could)
	// are caught by their shapes.
	for _, p := range secretPatterns {
		s = p.ReplaceAllString(s, "<redacted>")
	}
	return s
}

var secretPatterns = []*regexp.Regexp{
	regexp.MustCompile(`npm_[0-9A-Za-z]{36}`),      // tokens
	regexp.MustCompile(`\b[0-9a-f]{64}\b`),         // recovery codes, web OTP tokens
	regexp.MustCompile(`secret=[A-Z2-7]+`),         // otpauth URLs
	regexp.MustCompile(`Or enter code: [A-Z2-7]+`), // npm's enrolment screen
}

// exitError says how a command ended without leaking anything.
func exitError(err error) string {
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.String()
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return "timed out"
	}
	return err.Error()
}
