package registry

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
)

// gatedSource answers only once the server has challenged `want`
// requests, so every one of them is waiting for a code at the same time.
// It counts the questions it is asked.
type gatedSource struct {
	challenged <-chan struct{}
	code       string
	err        error

	mu    sync.Mutex
	asked []OTPRequest
}

func (g *gatedSource) OTP(ctx context.Context, req OTPRequest) (string, error) {
	g.mu.Lock()
	g.asked = append(g.asked, req)
	g.mu.Unlock()
	select {
	case <-g.challenged:
	case <-ctx.Done():
		return "", ctx.Err()
	}
	return g.code, g.err
}

// Requests challenged at the same time share one question to the OTP
// source: one prompt, one browser approval, one otp-command run.
func TestConcurrentChallengesAskOnce(t *testing.T) {
	const n = 6
	tests := []struct {
		name         string
		given        string // --otp
		source       error
		wantRejected bool
		wantErr      bool
	}{
		{name: "no code yet", given: ""},
		{name: "the given code is refused: asked again once", given: "000000", wantRejected: true},
		{name: "no terminal: every request fails with the OTP error", source: ErrNoOTPSource, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var (
				mu         sync.Mutex
				challenges int
			)
			challenged := make(chan struct{})
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.Header.Get("Npm-Otp") == "123456" {
					w.WriteHeader(http.StatusOK)
					return
				}
				mu.Lock()
				challenges++
				if challenges == n {
					close(challenged)
				}
				mu.Unlock()
				w.Header().Set("WWW-Authenticate", "OTP")
				w.WriteHeader(http.StatusUnauthorized)
			}))
			defer srv.Close()
			src := &gatedSource{challenged: challenged, code: "123456", err: tt.source}
			c := newTestClient(t, srv.URL, Options{OTP: tt.given, OTPSource: src})

			errs := make([]error, n)
			var wg sync.WaitGroup
			for i := range n {
				wg.Add(1)
				go func() {
					defer wg.Done()
					_, errs[i] = c.Do(t.Context(), &Request{Method: "PUT", Path: "pkg", JSON: i})
				}()
			}
			wg.Wait()

			if len(src.asked) != 1 {
				t.Fatalf("the OTP source was asked %d times for %d concurrent challenges, want once", len(src.asked), n)
			}
			if src.asked[0].Rejected != tt.wantRejected {
				t.Errorf("Rejected = %v, want %v", src.asked[0].Rejected, tt.wantRejected)
			}
			for i, err := range errs {
				var oe *OTPError
				if tt.wantErr != (err != nil) || (tt.wantErr && !errors.As(err, &oe)) {
					t.Errorf("request %d: err = %v, want an OTP error: %v", i, err, tt.wantErr)
				}
			}
			if got := c.otpFor(originOfString(srv.URL), originOfString(srv.URL)); !tt.wantErr && got != "123456" {
				t.Errorf("the client keeps %q for the registry, want the shared code", got)
			}
		})
	}
}
