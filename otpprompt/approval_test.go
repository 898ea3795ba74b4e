package otpprompt

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gonpm/gonpm/internal/iostreams"
)

// watchedBuffer is a stderr that several goroutines write to, and that
// tells a waiting test about every write.
type watchedBuffer struct {
	mu     sync.Mutex
	buf    bytes.Buffer
	writes chan struct{}
}

func newWatchedBuffer() *watchedBuffer { return &watchedBuffer{writes: make(chan struct{}, 1)} }

func (b *watchedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	n, err := b.buf.Write(p)
	select {
	case b.writes <- struct{}{}:
	default:
	}
	return n, err
}

func (b *watchedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// waitFor returns once the output matches re, failing after a generous
// bound instead of hanging.
func (b *watchedBuffer) waitFor(ctx context.Context, re *regexp.Regexp) error {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	for !re.MatchString(b.String()) {
		select {
		case <-b.writes:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

func TestApprovalWaitShowsHowLongItHasWaited(t *testing.T) {
	tests := []struct {
		name string
		tty  bool
		// seen must appear while the poll still waits.
		seen *regexp.Regexp
		// after must hold for the whole output once the wait is over.
		after func(out string) bool
	}{
		{
			name: "CI log: still-waiting lines",
			seen: regexp.MustCompile(`(?s)Waiting for approval\.\.\.\n.*Still waiting for the approval in the browser \(\d+s so far\)\.\.\.\n.*Still waiting`),
			after: func(out string) bool {
				return !strings.Contains(out, "\r") && !strings.Contains(out, "\x1b[")
			},
		},
		{
			name: "terminal: a spinner with the time, cleared at the end",
			tty:  true,
			seen: regexp.MustCompile(`\r\S+ Waiting for approval\.\.\. +\[\d+s\]`),
			after: func(out string) bool {
				return strings.HasSuffix(out, "\x1b[2K\r") && !strings.Contains(out, "Still waiting")
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ios, _, _, _ := iostreams.Test()
			errOut := newWatchedBuffer()
			ios.ErrOut = errOut
			ios.SetStderrTTY(tt.tty)
			a := Approval{IO: ios, StillWaitingEvery: time.Millisecond}
			token, err := a.Wait(t.Context(), "Approve at:", "http://127.0.0.1:1/approve", "Waiting for approval...",
				func(ctx context.Context) (string, error) {
					if err := errOut.waitFor(ctx, tt.seen); err != nil {
						return "", err
					}
					return "tok", nil
				})
			if err != nil || token != "tok" {
				t.Fatalf("Wait: %q, %v; stderr:\n%q", token, err, errOut.String())
			}
			out := errOut.String()
			if !tt.after(out) {
				t.Errorf("stderr after the wait:\n%q", out)
			}
			// Nothing is written once Wait has returned.
			if again := errOut.String(); again != out {
				t.Errorf("the display went on after the wait: %q", strings.TrimPrefix(again, out))
			}
		})
	}
}
