package registry

import (
	"context"
	"errors"
	"time"
)

// OTPRequest is what the two-factor layer asks an OTPSource for.
type OTPRequest struct {
	Challenge Challenge
	// Attempt counts the codes asked for in this command, from 1.
	Attempt int
	// Rejected is set when the previous code was refused.
	Rejected bool
	// ClockSkew is local time minus the registry's, when known.
	ClockSkew time.Duration
	// Poll waits for a web challenge to be approved and returns the token
	// to send as the one-time password.
	Poll func(ctx context.Context) (string, error)
}

// OTPSource supplies one-time passwords when the registry asks for one:
// a masked prompt, a browser approval, a command.
type OTPSource interface {
	OTP(ctx context.Context, req OTPRequest) (string, error)
}

// ErrNoOTPSource is returned by an OTPSource that cannot obtain a code
// here (no terminal, CI). It becomes an *OTPError for the user.
var ErrNoOTPSource = errors.New("no terminal to ask for it on")

// maxOTPAttempts bounds how many codes one command asks for.
const maxOTPAttempts = 3
