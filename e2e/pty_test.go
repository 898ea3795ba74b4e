package e2e

import (
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"
)

// expectTimeout guards against a hang: a terminal session that waits this
// long for a prompt has failed.
const expectTimeout = 20 * time.Second

var (
	buildMu sync.Mutex
	builds  = map[string]*build{}
)

// build is one gonpm binary built for the tests.
type build struct {
	path string
	err  error
}

// gonpmBinary builds gonpm once per test run, as it ships, and returns its
// path.
func gonpmBinary(t testing.TB) string {
	t.Helper()
	return gonpmBinaryWithTags(t, "")
}

// gonpmBinaryWithTags builds gonpm with the given build tags (once per run
// for each set of tags) and returns its path.
func gonpmBinaryWithTags(t testing.TB, tags string) string {
	t.Helper()
	buildMu.Lock()
	defer buildMu.Unlock()
	b, ok := builds[tags]
	if !ok {
		b = &build{}
		builds[tags] = b
		dir, err := os.MkdirTemp("", "gonpm-e2e-bin")
		if err != nil {
			b.err = err
		} else {
			b.path = filepath.Join(dir, "gonpm"+exeSuffix())
			cmd := exec.Command("go", "build", "-tags", tags, "-o", b.path, "./cmd/gonpm")
			cmd.Dir = moduleRoot(t)
			if out, err := cmd.CombinedOutput(); err != nil {
				b.err = errors.New(string(out))
			}
		}
	}
	if b.err != nil {
		t.Fatalf("building gonpm: %v", b.err)
	}
	return b.path
}

// exeSuffix is what executables' names end with on this system.
func exeSuffix() string {
	if runtime.GOOS == "windows" {
		return ".exe"
	}
	return ""
}

func moduleRoot(t testing.TB) string {
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found")
		}
		dir = parent
	}
}

// Console is a program running on a pseudo-terminal, driven like a person
// at a keyboard: wait for a prompt, type an answer.
type Console struct {
	t    testing.TB
	cmd  *exec.Cmd
	tty  *os.File
	mu   sync.Mutex
	buf  bytes.Buffer
	seen int // how much of buf earlier Expects consumed
	more chan struct{}
	done chan struct{}
}

// StartConsole runs name with args on a new pseudo-terminal (stdin,
// stdout and stderr all on it) in dir with env.
func StartConsole(t testing.TB, env []string, dir, name string, args ...string) *Console {
	t.Helper()
	return StartConsoleSize(t, 200, 60, env, dir, name, args...)
}

// StartConsoleSize is StartConsole on a terminal of cols × rows.
func StartConsoleSize(t testing.TB, cols, rows uint16, env []string, dir, name string, args ...string) *Console {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Env = env
	cmd.Dir = dir
	tty, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: rows, Cols: cols})
	if errors.Is(err, pty.ErrUnsupported) {
		t.Skipf("no pseudo-terminals on %s (creack/pty): terminal sessions are tested on Unix", runtime.GOOS)
	}
	if err != nil {
		t.Fatalf("starting %s on a terminal: %v", name, err)
	}
	c := &Console{t: t, cmd: cmd, tty: tty, more: make(chan struct{}, 1), done: make(chan struct{})}
	go c.read()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = tty.Close()
	})
	return c
}

func (c *Console) read() {
	defer close(c.done)
	chunk := make([]byte, 4096)
	for {
		n, err := c.tty.Read(chunk)
		if n > 0 {
			c.mu.Lock()
			c.buf.Write(chunk[:n])
			c.mu.Unlock()
			select {
			case c.more <- struct{}{}:
			default:
			}
		}
		if err != nil {
			return
		}
	}
}

// Expect waits until the screen output after the previous match matches
// pattern, and returns the submatches.
func (c *Console) Expect(pattern string) []string {
	c.t.Helper()
	re := regexp.MustCompile(pattern)
	deadline := time.NewTimer(expectTimeout)
	defer deadline.Stop()
	for {
		c.mu.Lock()
		text := c.buf.String()[c.seen:]
		if loc := re.FindStringSubmatchIndex(text); loc != nil {
			m := re.FindStringSubmatch(text)
			c.seen += loc[1]
			c.mu.Unlock()
			return m
		}
		c.mu.Unlock()
		select {
		case <-c.more:
		case <-c.done:
			c.mu.Lock()
			text := c.buf.String()[c.seen:]
			c.mu.Unlock()
			if m := re.FindStringSubmatch(text); m != nil {
				return c.Expect(pattern)
			}
			c.t.Fatalf("program ended before %q appeared; screen:\n%s", pattern, c.Output())
		case <-deadline.C:
			c.t.Fatalf("%q did not appear within %s; screen:\n%s", pattern, expectTimeout, c.Output())
		}
	}
}

// Send types text followed by Enter.
func (c *Console) Send(text string) {
	c.t.Helper()
	if _, err := io.WriteString(c.tty, text+"\r"); err != nil {
		c.t.Fatalf("typing: %v", err)
	}
}

// SendRaw types bytes as they are (e.g. "\x03" for Ctrl-C).
func (c *Console) SendRaw(b string) {
	c.t.Helper()
	if _, err := io.WriteString(c.tty, b); err != nil {
		c.t.Fatalf("typing: %v", err)
	}
}

// Wait waits for the program to end and returns its exit status.
func (c *Console) Wait() int {
	c.t.Helper()
	errc := make(chan error, 1)
	go func() { errc <- c.cmd.Wait() }()
	select {
	case err := <-errc:
		<-c.done
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			return exitErr.ExitCode()
		}
		if err != nil {
			c.t.Fatalf("waiting: %v", err)
		}
		return 0
	case <-time.After(expectTimeout):
		c.t.Fatalf("program did not end within %s; screen:\n%s", expectTimeout, c.Output())
		return -1
	}
}

// Output is everything the program wrote to the terminal so far.
func (c *Console) Output() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.buf.String()
}
