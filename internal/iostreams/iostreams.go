// Package iostreams carries the standard streams of a command together with
// what is known about them (terminal or not), so commands never touch
// os.Stdin or os.Stdout directly and tests can fake a terminal.
package iostreams

import (
	"bytes"
	"io"
	"os"

	"github.com/gonpm/gonpm/internal/exitcode"
	"golang.org/x/term"
)

// IOStreams holds the three standard streams and their terminal status.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer

	stdinTTY  bool
	stdoutTTY bool
	stderrTTY bool

	// inFd is the file descriptor of In when it is a terminal; masked
	// reads need it.
	inFd int

	// neverPrompt is set in CI or by configuration: no prompt, no browser.
	neverPrompt bool
}

// System returns the process's real streams.
func System() *IOStreams {
	s := &IOStreams{In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr, inFd: int(os.Stdin.Fd())}
	s.stdinTTY = term.IsTerminal(int(os.Stdin.Fd()))
	s.stdoutTTY = term.IsTerminal(int(os.Stdout.Fd()))
	s.stderrTTY = term.IsTerminal(int(os.Stderr.Fd()))
	return s
}

// Test returns streams backed by buffers: stdin, stdout, stderr. None is a
// terminal until the Set*TTY methods say so.
func Test() (*IOStreams, *bytes.Buffer, *bytes.Buffer, *bytes.Buffer) {
	in, out, errOut := &bytes.Buffer{}, &bytes.Buffer{}, &bytes.Buffer{}
	return &IOStreams{In: in, Out: out, ErrOut: errOut, inFd: -1}, in, out, errOut
}

func (s *IOStreams) IsStdinTTY() bool  { return s.stdinTTY }
func (s *IOStreams) IsStdoutTTY() bool { return s.stdoutTTY }
func (s *IOStreams) IsStderrTTY() bool { return s.stderrTTY }

func (s *IOStreams) SetStdinTTY(v bool)  { s.stdinTTY = v }
func (s *IOStreams) SetStdoutTTY(v bool) { s.stdoutTTY = v }
func (s *IOStreams) SetStderrTTY(v bool) { s.stderrTTY = v }

// SetNeverPrompt forbids prompts (used in CI).
func (s *IOStreams) SetNeverPrompt(v bool) { s.neverPrompt = v }

// CanPrompt reports whether a person can answer a prompt: prompts are read
// from stdin and written to stderr, so both must be terminals.
func (s *IOStreams) CanPrompt() bool {
	return !s.neverPrompt && s.stdinTTY && s.stderrTTY
}

// InFd is the file descriptor of stdin when it is a real terminal, else -1.
func (s *IOStreams) InFd() int {
	if !s.stdinTTY {
		return -1
	}
	return s.inFd
}

// ErrCancel is returned when the user interrupts a prompt (Ctrl-C); it
// exits 130.
var ErrCancel = exitcode.New("cancelled", exitcode.Cancelled)
