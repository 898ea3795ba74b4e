//go:build !(linux || darwin || dragonfly || freebsd || netbsd || openbsd)

package otpprompt

// hideInput does nothing where termios is not available; term.ReadPassword
// still hides the answer once the read starts.
func hideInput(fd int) (restore func()) { return func() {} }
