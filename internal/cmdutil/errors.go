package cmdutil

import (
	"errors"
	"fmt"
	"github.com/gonpm/gonpm/internal/exitcode"
	"github.com/gonpm/gonpm/internal/iostreams"
)

// Exit codes, documented in the README and in `gonpm help exit-codes`;
// errors decide theirs with an ExitCode method (see package exitcode).
const (
	ExitOK          = exitcode.OK
	ExitError       = exitcode.Error
	ExitUsage       = exitcode.Usage
	ExitPartial     = exitcode.Partial
	ExitAuth        = exitcode.Auth
	ExitOTPRequired = exitcode.OTPRequired
	ExitCancelled   = exitcode.Cancelled
)

// FlagError is a usage mistake: wrong arguments or flag values. It exits 2.
type FlagError struct{ err error }

func (e *FlagError) Error() string { return e.err.Error() }
func (e *FlagError) Unwrap() error { return e.err }

// ExitCode is 2: a usage mistake.
func (e *FlagError) ExitCode() int { return ExitUsage }

// FlagErrorf returns a usage error.
func FlagErrorf(format string, args ...any) error {
	return &FlagError{err: fmt.Errorf(format, args...)}
}

// ErrCancel is returned when the user interrupts a prompt (Ctrl-C).
var ErrCancel = iostreams.ErrCancel

// ErrSilent exits 1 without printing anything more.
var ErrSilent = errors.New("silent error")

// PartialError reports that some of several operations failed (exit 3).
type PartialError struct {
	Failed, Total int
	// StageRequired: every publish that failed was refused because the
	// registry takes those versions only as staged publishes (exit 6).
	StageRequired bool
}

func (e *PartialError) Error() string {
	msg := fmt.Sprintf("%d of %d failed", e.Failed, e.Total)
	if e.StageRequired {
		msg += ": the registry accepts these versions only as staged publishes: run `gonpm stage publish` with the same arguments (it skips what was published), then a maintainer approves each staged version with `gonpm stage approve <stage-id>...` and two-factor authentication"
	}
	return msg
}

// ExitCode is 3: some operations failed; 6 when staging would publish
// the rest.
func (e *PartialError) ExitCode() int {
	if e.StageRequired {
		return exitcode.StageRequired
	}
	return ExitPartial
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
