package registry

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// codes is an OTPSource that hands out codes from a list and records what
// it was asked.
type codes struct {
	list  []string
	asked []OTPRequest
	err   error
}

func (c *codes) OTP(ctx context.Context, req OTPRequest) (string, error) {
	c.asked = append(c.asked, req)
	if c.err != nil {
		return "", c.err
	}
	if len(c.list) == 0 {
		return "", errors.New("test source has no more codes")
	}
	code := c.list[0]
	c.list = c.list[1:]
	return code, nil
}

// otpServer challenges every request that does not carry the right code.
func otpServer(good string) *recorder {
	return &recorder{answer: func(n int, r *http.Request) (int, http.Header, string) {
		if r.Header.Get("Npm-Otp") == good {
			return 200, nil, `{"ok":true}`
		}
		return 401, http.Header{"Www-Authenticate": {"OTP"}}, `{"error":"otp required"}`
	}}
}

func TestChallengeIsAnsweredAndTheCodeReused(t *testing.T) {
	rec := otpServer("111111")
	srv := httptest.NewServer(rec)
	defer srv.Close()
	src := &codes{list: []string{"111111"}}
	c := newTestClient(t, srv.URL, Options{OTPSource: src})
	for i := 0; i < 3; i++ {
		if _, err := c.Do(context.Background(), &Request{Method: "PUT", Path: "a", JSON: "1.0.0"}); err != nil {
			t.Fatal(err)
		}
	}
	if len(src.asked) != 1 {
		t.Errorf("asked for %d codes, want 1 reused for the whole command", len(src.asked))
	}
	if rec.count() != 4 {
		t.Errorf("requests = %d, want 4 (challenge, retry, then two with the known code)", rec.count())
	}
}

func TestRejectedCodesAreAskedAgainAtMostThreeTimes(t *testing.T) {
	rec := otpServer("999999")
	srv := httptest.NewServer(rec)
	defer srv.Close()
	src := &codes{list: []string{"000001", "000002", "000003", "000004"}}
	c := newTestClient(t, srv.URL, Options{OTPSource: src})
	_, err := c.Do(context.Background(), &Request{Method: "PUT", Path: "a", JSON: "1"})
	var oe *OTPError
	if !errors.As(err, &oe) || !oe.Rejected {
		t.Fatalf("err = %v, want a rejected OTPError", err)
	}
	if len(src.asked) != 3 {
		t.Errorf("asked %d times, want 3", len(src.asked))
	}
	if src.asked[0].Rejected || !src.asked[1].Rejected {
		t.Errorf("the source should learn that the previous code was rejected")
	}
}

func TestRightCodeOnSecondTry(t *testing.T) {
	rec := otpServer("222222")
	srv := httptest.NewServer(rec)
	defer srv.Close()
	src := &codes{list: []string{"000000", "222222"}}
	c := newTestClient(t, srv.URL, Options{OTPSource: src})
	if _, err := c.Do(context.Background(), &Request{Method: "PUT", Path: "a", JSON: "1"}); err != nil {
		t.Fatal(err)
	}
}

func TestNoSourceFailsAtOnceWithHowToPassACode(t *testing.T) {
	rec := otpServer("333333")
	srv := httptest.NewServer(rec)
	defer srv.Close()
	c := newTestClient(t, srv.URL, Options{OTPSource: &codes{err: ErrNoOTPSource}})
	_, err := c.Do(context.Background(), &Request{Method: "PUT", Path: "a", JSON: "1"})
	var oe *OTPError
	if !errors.As(err, &oe) {
		t.Fatalf("err = %v, want OTPError", err)
	}
	msg := err.Error()
	for _, want := range []string{"--otp=<code>", "NPM_CONFIG_OTP"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q does not mention %s", msg, want)
		}
	}
	if rec.count() != 1 {
		t.Errorf("requests = %d, want 1", rec.count())
	}
}

func TestGivenCodeRejectedWithClockSkew(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Date", time.Now().Add(-5*time.Minute).UTC().Format(http.TimeFormat))
		w.Header().Set("WWW-Authenticate", "OTP")
		w.WriteHeader(401)
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL, Options{OTP: "444444", OTPSource: &codes{err: ErrNoOTPSource}})
	_, err := c.Do(context.Background(), &Request{Method: "PUT", Path: "a", JSON: "1"})
	var oe *OTPError
	if !errors.As(err, &oe) || !oe.Rejected {
		t.Fatalf("err = %v, want rejected", err)
	}
	if !strings.Contains(err.Error(), "clock") {
		t.Errorf("a 5-minute clock difference should be mentioned: %v", err)
	}
}

func TestWebChallengeSendsTheApprovalToken(t *testing.T) {
	mux := http.NewServeMux()
	var srvURL string
	polls := 0
	mux.HandleFunc("/pkg", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Npm-Otp") == "web-token" {
			w.WriteHeader(200)
			return
		}
		w.Header().Set("WWW-Authenticate", "OTP")
		w.WriteHeader(401)
		_, _ = w.Write([]byte(`{"authUrl":"` + srvURL + `/auth","doneUrl":"` + srvURL + `/done"}`))
	})
	mux.HandleFunc("/done", func(w http.ResponseWriter, r *http.Request) {
		polls++
		if polls < 2 {
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(202)
			_, _ = w.Write([]byte(`{}`))
			return
		}
		_, _ = w.Write([]byte(`{"token":"web-token"}`))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	srvURL = srv.URL
	web := &webSource{}
	c := newTestClient(t, srv.URL, Options{OTPSource: web})
	if _, err := c.Do(context.Background(), &Request{Method: "PUT", Path: "pkg", JSON: "1"}); err != nil {
		t.Fatal(err)
	}
	if web.authURL != srv.URL+"/auth" || polls != 2 {
		t.Errorf("authURL %q, polls %d", web.authURL, polls)
	}
}

type webSource struct{ authURL string }

func (w *webSource) OTP(ctx context.Context, req OTPRequest) (string, error) {
	w.authURL = req.Challenge.AuthURL
	return req.Poll(ctx)
}

func TestWebApprovalTimesOut(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "0")
		w.WriteHeader(202)
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL, Options{WebTimeout: 50 * time.Millisecond})
	_, err := c.PollDone(context.Background(), srv.URL+"/done")
	if !errors.Is(err, ErrWebTimeout) {
		t.Fatalf("err = %v, want ErrWebTimeout", err)
	}
}
