package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/creack/pty"
)

// promptTimeout is how long a step may wait for a prompt before the demo
// gives up.
const promptTimeout = 60 * time.Second

type demo struct {
	env []string
	dir string
}

// session is one command on a pseudo-terminal whose screen is copied to
// the demo's stdout as it appears.
type session struct {
	shown string
	cmd   *exec.Cmd
	tty   *os.File
	mu    sync.Mutex
	buf   bytes.Buffer
	seen  int
	more  chan struct{}
	done  chan struct{}
	err   error
}

func (d *demo) start(args ...string) (*session, error) {
	return d.startShown(args, strings.Join(args, " "))
}

// startShown runs args, showing the command line as shown (to keep a code
// passed in a flag off the screen).
func (d *demo) startShown(args []string, shown string) (*session, error) {
	fmt.Printf("\033[36m$ %s\033[0m\n", shown)
	// Find the program on the demo's PATH, not the caller's.
	prog := args[0]
	for _, kv := range d.env {
		if p, ok := strings.CutPrefix(kv, "PATH="); ok {
			for _, dir := range strings.Split(p, string(os.PathListSeparator)) {
				if _, err := os.Stat(filepath.Join(dir, args[0])); err == nil {
					prog = filepath.Join(dir, args[0])
					break
				}
			}
		}
	}
	cmd := exec.Command(prog, args[1:]...)
	cmd.Args[0] = args[0]
	cmd.Env = d.env
	cmd.Dir = d.dir
	tty, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 60, Cols: 120})
	if err != nil {
		return nil, err
	}
	s := &session{shown: shown, cmd: cmd, tty: tty, more: make(chan struct{}, 1), done: make(chan struct{})}
	go s.read()
	return s, nil
}

func (s *session) read() {
	defer close(s.done)
	chunk := make([]byte, 4096)
	for {
		n, err := s.tty.Read(chunk)
		if n > 0 {
			os.Stdout.Write(chunk[:n])
			s.mu.Lock()
			s.buf.Write(chunk[:n])
			s.mu.Unlock()
			select {
			case s.more <- struct{}{}:
			default:
			}
		}
		if err != nil {
			return
		}
	}
}

// expect waits for pattern on the screen after the last match.
func (s *session) expect(pattern string) []string {
	if s.err != nil {
		return nil
	}
	re := regexp.MustCompile(pattern)
	deadline := time.After(promptTimeout)
	for {
		s.mu.Lock()
		text := s.buf.String()[s.seen:]
		loc := re.FindStringSubmatchIndex(text)
		if loc != nil {
			m := re.FindStringSubmatch(text)
			s.seen += loc[1]
			s.mu.Unlock()
			return m
		}
		s.mu.Unlock()
		select {
		case <-s.more:
		case <-s.done:
			s.mu.Lock()
			text := s.buf.String()[s.seen:]
			s.mu.Unlock()
			if re.MatchString(text) {
				continue
			}
			s.err = fmt.Errorf("the command ended before %q appeared", pattern)
			return nil
		case <-deadline:
			s.err = fmt.Errorf("%q did not appear within %s", pattern, promptTimeout)
			return nil
		}
	}
}

// answer waits for a prompt and types text, noting what was typed.
func (s *session) answer(prompt, text, note string) {
	if s.expect(prompt) == nil {
		return
	}
	fmt.Printf("\033[33m[typing %s]\033[0m", note)
	if _, err := io.WriteString(s.tty, text+"\r"); err != nil {
		s.err = err
	}
}

// finish waits for the command to end with the wanted status.
func (s *session) finish(want int) error {
	if s.err != nil {
		_ = s.cmd.Process.Kill()
		return s.err
	}
	err := s.cmd.Wait()
	<-s.done
	code := 0
	if exitErr, ok := err.(*exec.ExitError); ok {
		code = exitErr.ExitCode()
	} else if err != nil {
		return err
	}
	if code != want {
		return fmt.Errorf("%s exited with %d", s.shown, code)
	}
	return nil
}
