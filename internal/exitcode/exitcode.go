// Package exitcode names gonpm's exit statuses and the one interface
// through which an error decides its own: the libraries that define errors
// (registry, otpprompt, iostreams, cmdutil) give them an ExitCode method,
// and cmd reads it, so cmd need not know those packages' error types.
package exitcode

// Exit statuses, documented in the README and in `gonpm help`.
const (
	OK          = 0
	Error       = 1
	Usage       = 2
	Partial     = 3
	Auth        = 4
	OTPRequired = 5
	// StageRequired: the registry takes the version only as a staged
	// publish, so `gonpm stage publish` with the same arguments would.
	StageRequired = 6
	Cancelled     = 130
)

// Coder is an error that decides the exit status.
type Coder interface {
	error
	ExitCode() int
}

// precedence is which status wins when an error's chain holds several:
// an interrupt first, then a usage mistake, a missing one-time password,
// missing or refused credentials, a publish that must be staged, and
// partial failure last.
var precedence = []int{Cancelled, Usage, OTPRequired, Auth, StageRequired, Partial}

// Of returns the exit status err decides: the status of highest
// precedence among the Coders in its chain (including joined errors), or
// Error when none decides one.
func Of(err error) int {
	found := map[int]bool{}
	walk(err, func(e error) {
		if c, ok := e.(Coder); ok {
			found[c.ExitCode()] = true
		}
	})
	for _, code := range precedence {
		if found[code] {
			return code
		}
	}
	return Error
}

func walk(err error, visit func(error)) {
	if err == nil {
		return
	}
	visit(err)
	switch u := err.(type) {
	case interface{ Unwrap() error }:
		walk(u.Unwrap(), visit)
	case interface{ Unwrap() []error }:
		for _, e := range u.Unwrap() {
			walk(e, visit)
		}
	}
}

// sentinel is an error value that carries its exit status, for errors
// compared with errors.Is.
type sentinel struct {
	msg  string
	code int
}

func (s *sentinel) Error() string { return s.msg }
func (s *sentinel) ExitCode() int { return s.code }

// New returns a distinct error value with message msg that decides code.
func New(msg string, code int) error { return &sentinel{msg: msg, code: code} }
