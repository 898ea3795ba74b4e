package otpprompt

import (
	"errors"
	"io"
	"strings"
	"sync"

	"golang.org/x/term"
)

// maskedInput reads the masked line with x/term's ReadPassword, which
// turns the console's echo off (and processed input on, so Ctrl-C still
// interrupts) and puts it back when it returns. An interrupt leaves it
// blocked in its read, so restore puts the saved console mode back.
func maskedInput(fd int, _ io.Reader) (read func() (string, error), restore func(), err error) {
	saved, err := term.GetState(fd)
	if err != nil {
		return nil, nil, err
	}
	var once sync.Once
	restore = func() { once.Do(func() { _ = term.Restore(fd, saved) }) }
	read = func() (string, error) {
		line, err := term.ReadPassword(fd)
		if err != nil && !(errors.Is(err, io.EOF) && len(line) > 0) {
			if errors.Is(err, io.EOF) {
				return "", ErrNoInput
			}
			return "", err
		}
		return strings.TrimRight(string(line), "\r"), nil
	}
	return read, restore, nil
}
