//go:build unix

package otpprompt

import (
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
