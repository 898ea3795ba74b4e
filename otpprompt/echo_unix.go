//go:build unix

package otpprompt

import (
	"io"
	"sync"

	"golang.org/x/sys/unix"
)

// disableEcho turns off the terminal's echo and returns a function that
// puts the previous settings back (safe to call more than once). Only
// ECHO is cleared: line editing and Ctrl-C keep working.
func disableEcho(fd int) (func(), error) {
	old, err := unix.IoctlGetTermios(fd, ioctlGetTermios)
	if err != nil {
		return nil, err
	}
	quiet := *old
	quiet.Lflag &^= unix.ECHO
	quiet.Lflag |= unix.ICANON | unix.ISIG
	if err := unix.IoctlSetTermios(fd, ioctlSetTermios, &quiet); err != nil {
		return nil, err
	}
	var once sync.Once
	return func() {
		once.Do(func() { _ = unix.IoctlSetTermios(fd, ioctlSetTermios, old) })
	}, nil
}

// maskedInput turns echo off on the terminal fd and returns how to read
// the masked line from in and how to put the terminal back. On Unix it
// clears ECHO with termios itself rather than use x/term's ReadPassword:
// that loops for ever when a read returns end of input (Ctrl-D at the
// prompt), which must end the prompt with an error instead.
func maskedInput(fd int, in io.Reader) (read func() (string, error), restore func(), err error) {
	restore, err = disableEcho(fd)
	if err != nil {
		return nil, nil, err
	}
	return func() (string, error) { return readLine(in) }, restore, nil
}
