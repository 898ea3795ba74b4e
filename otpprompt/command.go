package otpprompt

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"

	"github.com/gonpm/gonpm/internal/exitcode"
	"github.com/gonpm/gonpm/internal/registry"
)

// CommandSource runs a command (the otp-command setting) to get a fresh
// one-time password each time the registry asks for one, so a password
// manager's CLI or `oathtool --totp` can answer challenges in CI. Without
// a command it hands the request to Next.
type CommandSource struct {
	Command string
	Env     []string
	Dir     string
	Next    registry.OTPSource
}

// OTPCommandError says the otp-command failed. It never carries the
// command's output, which may hold a secret.
type OTPCommandError struct {
	Command string
	Status  int
	Cause   error
	// NotACode is set when the command printed something that is not a
	// one-time password (extra lines, a prompt).
	NotACode bool
}

func (e *OTPCommandError) Error() string {
	switch {
	case e.Cause != nil:
		return fmt.Sprintf("the otp-command could not be run (%v): check the otp-command setting", e.Cause)
	case e.Status != 0:
		return fmt.Sprintf("the otp-command exited with status %d: check that it prints a one-time password when run with sh -c", e.Status)
	case e.NotACode:
		return "the otp-command printed something that is not a one-time password: it must print only the code (digits), or a 64-character recovery code"
	}
	return "the otp-command printed nothing: it must print the one-time password on standard output"
}

func (e *OTPCommandError) Unwrap() error { return e.Cause }

// ExitCode is 5: no one-time password could be had.
func (e *OTPCommandError) ExitCode() int { return exitcode.OTPRequired }

// OTP implements registry.OTPSource.
func (s *CommandSource) OTP(ctx context.Context, req registry.OTPRequest) (string, error) {
	if strings.TrimSpace(s.Command) == "" {
		if s.Next == nil {
			return "", registry.ErrNoOTPSource
		}
		return s.Next.OTP(ctx, req)
	}
	cmd := exec.CommandContext(ctx, "sh", "-c", s.Command)
	cmd.Env = s.Env
	cmd.Dir = s.Dir
	var out bytes.Buffer
	cmd.Stdout = &out
	// The command's stderr is its own business (a password manager may
	// ask for unlocking there); it is not shown in gonpm's errors.
	err := cmd.Run()
	var exitErr *exec.ExitError
	switch {
	case errors.As(err, &exitErr):
		return "", &OTPCommandError{Command: s.Command, Status: exitErr.ExitCode()}
	case err != nil:
		return "", &OTPCommandError{Command: s.Command, Cause: err}
	}
	code := strings.TrimSpace(out.String())
	if code == "" {
		return "", &OTPCommandError{Command: s.Command}
	}
	// Anything else would be sent to the registry as the code, and a
	// second line would not even fit in the header.
	if !codePattern().MatchString(code) {
		return "", &OTPCommandError{Command: s.Command, NotACode: true}
	}
	return strings.ReplaceAll(code, " ", ""), nil
}
