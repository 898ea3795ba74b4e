// Package otpprompt asks people for secrets: masked password and
// one-time-password prompts on a terminal, and the answers to the
// registry's two-factor challenges (a code, or a browser approval).
package otpprompt

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/gonpm/gonpm/internal/iostreams"
)

// Prompter reads answers from a person. Prompts are written to stderr so
// stdout stays clean for data.
type Prompter interface {
	// Password reads a line without echoing it.
	Password(prompt string) (string, error)
	// Input reads a line, echoed.
	Input(prompt string) (string, error)
}

// ErrNoInput is returned when stdin ends before an answer.
var ErrNoInput = errors.New("no answer: standard input was closed; run the command in a terminal, or pipe the answers to it one per line")

// TermPrompter prompts on the command's streams.
type TermPrompter struct {
	IO *iostreams.IOStreams
}

// NewPrompter returns a prompter on io.
func NewPrompter(io *iostreams.IOStreams) *TermPrompter { return &TermPrompter{IO: io} }

// Password reads a masked line from the terminal (see maskedInput: termios
// on Unix, golang.org/x/term on Windows consoles). Echo is turned off
// before the prompt is shown, so even type-ahead is never displayed.
// Ctrl-C restores the terminal and returns iostreams.ErrCancel. Without a
// terminal it reads a plain line from stdin (for piped input).
func (p *TermPrompter) Password(prompt string) (string, error) {
	fd := p.IO.InFd()
	if fd < 0 {
		fmt.Fprint(p.IO.ErrOut, prompt)
		return p.readPiped()
	}
	// Catch Ctrl-C before echo goes off, so no interrupt can end gonpm
	// with the terminal left silent.
	interrupts := make(chan os.Signal, 1)
	signal.Notify(interrupts, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(interrupts)
	read, restore, err := maskedInput(fd, p.IO.In)
	if err != nil {
		return "", fmt.Errorf("reading the terminal: %w", err)
	}
	defer restore()
	fmt.Fprint(p.IO.ErrOut, prompt)

	type answer struct {
		line string
		err  error
	}
	answers := make(chan answer, 1)
	go func() {
		line, err := read()
		answers <- answer{line, err}
	}()
	select {
	case a := <-answers:
		fmt.Fprintln(p.IO.ErrOut)
		if a.err != nil {
			return "", a.err
		}
		return a.line, nil
	case <-interrupts:
		restore()
		fmt.Fprintln(p.IO.ErrOut)
		return "", iostreams.ErrCancel
	}
}

// Input reads one echoed line.
func (p *TermPrompter) Input(prompt string) (string, error) {
	if p.IO.InFd() < 0 {
		fmt.Fprint(p.IO.ErrOut, prompt)
		return p.readPiped()
	}
	// Catch Ctrl-C before the prompt shows, so an early one cancels
	// cleanly instead of killing gonpm.
	interrupts := make(chan os.Signal, 1)
	signal.Notify(interrupts, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(interrupts)
	fmt.Fprint(p.IO.ErrOut, prompt)
	type answer struct {
		line string
		err  error
	}
	answers := make(chan answer, 1)
	go func() {
		line, err := readLine(p.IO.In)
		answers <- answer{line, err}
	}()
	select {
	case a := <-answers:
		return a.line, a.err
	case <-interrupts:
		fmt.Fprintln(p.IO.ErrOut)
		return "", iostreams.ErrCancel
	}
}

// readPiped reads an answer from piped input. Nothing echoes it, so end
// the prompt's line ourselves.
func (p *TermPrompter) readPiped() (string, error) {
	line, err := readLine(p.IO.In)
	fmt.Fprintln(p.IO.ErrOut)
	return line, err
}

// readLine reads up to a newline one byte at a time, so nothing past the
// line is consumed from a shared stdin.
func readLine(r io.Reader) (string, error) {
	var b strings.Builder
	buf := make([]byte, 1)
	for {
		n, err := r.Read(buf)
		if n == 1 {
			if buf[0] == '\n' {
				return strings.TrimRight(b.String(), "\r"), nil
			}
			b.WriteByte(buf[0])
		}
		if err == io.EOF {
			if b.Len() == 0 {
				return "", ErrNoInput
			}
			return strings.TrimRight(b.String(), "\r"), nil
		}
		if err != nil {
			return "", err
		}
	}
}
