package otpprompt

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/gonpm/gonpm/internal/browser"
	"github.com/gonpm/gonpm/internal/iostreams"
	"github.com/gonpm/gonpm/internal/registry"
)

// Source answers the registry's two-factor challenges for a person at a
// terminal: a masked code prompt, or a browser approval shown as a link
// and a QR code. Without a terminal it answers registry.ErrNoOTPSource at
// once, so nothing ever waits for input that cannot come.
type Source struct {
	IO       *iostreams.IOStreams
	Prompter Prompter
	// Browser opens approval pages; nil or OpenBrowser=false only prints.
	Browser     browser.Browser
	OpenBrowser bool
}

// codePattern is what npm accepts as a code: digits and spaces, or a
// 64-character hex token.
var codePattern = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(?:[0-9 ]+|[0-9a-fA-F]{64})$`) })

// OTP implements registry.OTPSource.
func (s *Source) OTP(ctx context.Context, req registry.OTPRequest) (string, error) {
	if !s.IO.CanPrompt() {
		return "", registry.ErrNoOTPSource
	}
	if req.Challenge.Kind == registry.WebChallenge && req.Poll != nil && !req.Rejected {
		return s.web(ctx, req)
	}
	return s.code(req)
}

func (s *Source) code(req registry.OTPRequest) (string, error) {
	w := s.IO.ErrOut
	if req.Rejected {
		fmt.Fprintln(w, "The registry did not accept that one-time password.")
		if skew := req.ClockSkew; skew > 30*time.Second || skew < -30*time.Second {
			fmt.Fprintf(w, "This computer's clock is %s off from the registry's; authenticator codes depend on the time.\n", skew.Abs().Round(time.Second))
		}
	} else {
		fmt.Fprintln(w, "This operation requires a one-time password.")
	}
	for {
		answer, err := s.Prompter.Password("Enter OTP: ")
		if err != nil {
			return "", err
		}
		answer = strings.TrimSpace(answer)
		if answer != "" && codePattern().MatchString(answer) {
			return strings.ReplaceAll(answer, " ", ""), nil
		}
		fmt.Fprintln(w, "A one-time password is the 6-digit code from your authenticator app (or a recovery code).")
	}
}

func (s *Source) web(ctx context.Context, req registry.OTPRequest) (string, error) {
	approval := Approval{IO: s.IO, Browser: s.Browser, OpenBrowser: s.OpenBrowser}
	token, err := approval.Wait(ctx, "This operation requires approval in a browser. Authenticate your account at:",
		req.Challenge.AuthURL, "Waiting for approval...", req.Poll)
	if err != nil {
		return "", fmt.Errorf("waiting for the browser approval: %w", err)
	}
	fmt.Fprintln(s.IO.ErrOut, "Approved.")
	return token, nil
}
