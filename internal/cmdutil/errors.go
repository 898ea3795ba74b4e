package cmdutil

import (
	"errors"
	"fmt"
	"github.com/gonpm/gonpm/internal/iostreams"
)

// Exit codes, documented in the README and in `gonpm help exit-codes`.
const (
	ExitOK          = 0
	ExitError       = 1
	ExitUsage       = 2
	ExitPartial     = 3
	ExitAuth        = 4
	ExitOTPRequired = 5
	ExitCancelled   = 130
)

// FlagError is a usage mistake: wrong arguments or flag values. It exits 2.
type FlagError struct{ err error }

func (e *FlagError) Error() string { return e.err.Error() }
func (e *FlagError) Unwrap() error { return e.err }

// FlagErrorf returns a usage error.
func FlagErrorf(format string, args ...any) error {
	return &FlagError{err: fmt.Errorf(format, args...)}
}

// ErrCancel is returned when the user interrupts a prompt (Ctrl-C).
var ErrCancel = iostreams.ErrCancel

// ErrSilent exits 1 without printing anything more.
var ErrSilent = errors.New("silent error")

// PartialError reports that some of several operations failed (exit 3).
type PartialError struct{ Failed, Total int }

func (e *PartialError) Error() string {
	return fmt.Sprintf("%d of %d failed", e.Failed, e.Total)
}

// ExplainedError is an error whose message already names the cause and
// the fix, so no generic hint is added to it. It unwraps to the cause,
// which still decides the exit status.
type ExplainedError struct {
	Msg string
	Err error
}

func (e *ExplainedError) Error() string { return e.Msg + ": " + e.Err.Error() }
func (e *ExplainedError) Unwrap() error { return e.Err }

// Explain returns err with msg in front and without the generic hint.
func Explain(msg string, err error) error { return &ExplainedError{Msg: msg, Err: err} }
