//go:build linux || darwin || dragonfly || freebsd || netbsd || openbsd

package otpprompt

import "golang.org/x/sys/unix"

// hideInput turns terminal echo off and returns what turns it back on.
// Masked prompts call it before writing the prompt: the terminal echoes
// characters as they arrive, so an answer typed or pasted right after the
// prompt appears would otherwise be shown before the read starts.
func hideInput(fd int) (restore func()) {
	old, err := unix.IoctlGetTermios(fd, getTermios)
	if err != nil {
		return func() {}
	}
	quiet := *old
	quiet.Lflag &^= unix.ECHO
	if unix.IoctlSetTermios(fd, setTermios, &quiet) != nil {
		return func() {}
	}
	return func() { _ = unix.IoctlSetTermios(fd, setTermios, old) }
}
