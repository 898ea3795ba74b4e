package registrytest

import (
	"bytes"
	"errors"
	"fmt"
	"github.com/sigstore/sigstore-go/pkg/root"
	"io"
	"net"
	"net/http"
	"sync"
	"testing"
	"time"
)

// Server is a running test registry. All state sits behind one mutex, so the
// Go API may be used while requests are in flight.
type Server struct {
	// URL is the registry root with a trailing slash, "http://127.0.0.1:PORT/".
	URL string

	mu          sync.Mutex
	st          *state
	opts        options
	dataDir     string
	faults      []*faultSlot
	log         []LoggedRequest
	web         map[string]*webFlow
	webOTP      map[string]webGrant
	autoApprove map[string]bool
	// sigstoreRoot verifies provenance bundles, when set.
	sigstoreRoot root.TrustedMaterial
	// lastAutoApprove is the user web logins are auto-approved as.
	lastAutoApprove string

	// inFlight counts the requests being handled; peak is its maximum.
	inFlight, peak int

	srv       *http.Server
	closeOnce sync.Once
	closeErr  error
	serveDone chan struct{}
}

// New starts a memory-only server on 127.0.0.1 and closes it when the test ends.
func New(t testing.TB, opts ...Option) *Server {
	t.Helper()
	s, err := Start("127.0.0.1:0", "", opts...)
	if err != nil {
		t.Fatalf("starting test registry: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// Start listens on addr and serves. With a non-empty dataDir the state is
// loaded from and saved to a JSON file there after every change.
func Start(addr, dataDir string, opts ...Option) (*Server, error) {
	s := &Server{
		opts:        defaultOptions(),
		dataDir:     dataDir,
		web:         map[string]*webFlow{},
		webOTP:      map[string]webGrant{},
		autoApprove: map[string]bool{},
		serveDone:   make(chan struct{}),
	}
	for _, o := range opts {
		o(&s.opts)
	}
	s.st = newState()
	if dataDir != "" {
		st, err := loadState(dataDir)
		if err != nil {
			return nil, err
		}
		s.st = st
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listening on %s: %w", addr, err)
	}
	s.URL = "http://" + ln.Addr().String() + "/"
	s.srv = &http.Server{Handler: s, ReadHeaderTimeout: 30 * time.Second}
	go func() {
		defer close(s.serveDone)
		s.srv.Serve(ln)
	}()
	return s, nil
}

// Close stops the server and drops open connections.
func (s *Server) Close() error {
	s.closeOnce.Do(func() {
		s.closeErr = s.srv.Close()
		<-s.serveDone
		if errors.Is(s.closeErr, http.ErrServerClosed) {
			s.closeErr = nil
		}
	})
	return s.closeErr
}

// SetNow replaces the clock used for TOTP checks, timestamps and the Date header.
func (s *Server) SetNow(now func() time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.opts.now = now
}

// SetChallenge changes how OTP challenges are answered from now on.
func (s *Server) SetChallenge(style ChallengeStyle) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.opts.challenge = style
}

func (s *Server) now() time.Time { return s.opts.now() }

// SetLatency adds d before every answer from now on (see WithLatency).
func (s *Server) SetLatency(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.opts.latency = d
}

// PeakInFlight is the largest number of requests the server has handled
// at once: more than 1 means a client sent requests concurrently.
func (s *Server) PeakInFlight() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.peak
}

// ServeHTTP logs the request, applies injected faults, then routes it.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, `{"error":"reading request body"}`, http.StatusBadRequest)
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))

	s.mu.Lock()
	idx := len(s.log)
	s.log = append(s.log, LoggedRequest{
		Method: r.Method,
		Path:   r.URL.RequestURI(),
		Header: r.Header.Clone(),
		Body:   body,
	})
	f, g := s.takeFault(r)
	s.inFlight++
	s.peak = max(s.peak, s.inFlight)
	latency := s.opts.latency
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.inFlight--
		s.mu.Unlock()
	}()

	if latency > 0 {
		select {
		case <-time.After(latency):
		case <-r.Context().Done():
			return
		}
	}
	rec := &statusRecorder{ResponseWriter: w}
	if g != nil {
		g.wait(r, f.GatherTimeout)
	}
	if f != nil {
		if f.Delay > 0 {
			select {
			case <-time.After(f.Delay):
			case <-r.Context().Done():
				return
			}
		}
		if s.applyFault(rec, r, body, f) {
			s.finish(idx, r, rec.status)
			return
		}
	}
	s.route(rec, r, body)
	s.finish(idx, r, rec.status)
}

func (s *Server) finish(idx int, r *http.Request, status int) {
	s.mu.Lock()
	if idx < len(s.log) {
		s.log[idx].Status = status
	}
	logf := s.opts.logf
	s.mu.Unlock()
	// Called unlocked, so a logf that uses the Server cannot deadlock.
	if logf != nil {
		logf("%s %s %d", r.Method, redactPath(r.URL.EscapedPath()), status)
	}
}

// route handles one request under the state lock and saves the state after
// changes when the server has a data directory.
func (s *Server) route(w http.ResponseWriter, r *http.Request, body []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	w.Header().Set("Date", s.now().UTC().Format(http.TimeFormat))
	rq := &request{s: s, w: w, r: r, body: body}
	s.dispatch(rq)
	if s.dataDir != "" && r.Method != http.MethodGet && r.Method != http.MethodHead {
		if err := s.st.save(s.dataDir); err != nil && s.opts.logf != nil {
			s.opts.logf("%v", err)
		}
	}
}

// statusRecorder remembers the status for the request log.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.ResponseWriter.Write(b)
}

func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }
