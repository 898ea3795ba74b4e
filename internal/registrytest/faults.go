package registrytest

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// DropMode says whether and when a fault closes the connection without an answer.
type DropMode int

const (
	// DropNone answers normally (with the fault's status, if any).
	DropNone DropMode = iota
	// DropBeforeResponse closes the connection after reading the request,
	// without applying it.
	DropBeforeResponse
	// DropAfterApply applies the request, then closes the connection without
	// answering: the client cannot know the write happened.
	DropAfterApply
)

// Fault is an injected failure. It hits the next Times requests (0 means 1)
// whose method and path match; the path is a prefix of the raw request URI.
type Fault struct {
	Method string // "" matches any method
	Path   string // prefix of the raw path with query; "" matches any path
	// Status, when non-zero and Drop is DropNone, is answered instead of
	// routing the request.
	Status      int
	RetryAfter  string
	Body        string // default {"error":"injected fault"}
	ContentType string // default application/json
	Times       int
	Drop        DropMode
	// ApplyFirst, with a Status, routes the request (keeping its effect)
	// before answering the status: a registry that stored a write and
	// then failed to say so, like a 502 from a proxy after the backend
	// answered.
	ApplyFirst bool
	// Delay waits before doing anything else; a fault with only a Delay
	// then routes the request normally.
	Delay time.Duration
	// Truncate routes the request (keeping its effect) and sends the real
	// answer with its full Content-Length but only half of its body, then
	// closes the connection: a reply cut off on the way.
	Truncate bool
	// Gather holds each matching request until Gather of them are held at
	// once, then lets them all go on (to the fault's other effects, or
	// routing): proof that a client sends them concurrently, without any
	// timing. A client that sends them one by one gets its requests
	// answered after GatherTimeout (default 10 s) each, and
	// Server.PeakInFlight stays at 1.
	Gather        int
	GatherTimeout time.Duration
}

type faultSlot struct {
	Fault
	left int
	gate *gate
}

// gate opens once n requests wait at it.
type gate struct {
	n, waiting int
	open       chan struct{}
}

// Inject adds a fault. Faults are matched in the order they were injected.
func (s *Server) Inject(f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := f.Times
	if n <= 0 {
		n = 1
	}
	slot := &faultSlot{Fault: f, left: n}
	if f.Gather > 0 {
		slot.gate = &gate{n: f.Gather, open: make(chan struct{})}
	}
	s.faults = append(s.faults, slot)
}

// takeFault returns the first matching fault with uses left and spends one use,
// with its gate when it gathers requests. The caller holds s.mu.
func (s *Server) takeFault(r *http.Request) (*Fault, *gate) {
	for i, f := range s.faults {
		if f.Method != "" && !strings.EqualFold(f.Method, r.Method) {
			continue
		}
		if f.Path != "" && !strings.HasPrefix(r.URL.RequestURI(), f.Path) {
			continue
		}
		f.left--
		if f.left == 0 {
			s.faults = append(s.faults[:i:i], s.faults[i+1:]...)
		}
		fault := f.Fault
		if f.gate != nil {
			f.gate.waiting++
			if f.gate.waiting == f.gate.n {
				close(f.gate.open)
			}
		}
		return &fault, f.gate
	}
	return nil, nil
}

// wait holds a request at g until it opens, the timeout passes or the
// client goes away.
func (g *gate) wait(r *http.Request, timeout time.Duration) {
	if timeout <= 0 {
		timeout = 10 * time.Second
	}
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case <-g.open:
	case <-t.C:
	case <-r.Context().Done():
	}
}

// applyFault carries out f and reports whether the request is fully handled.
func (s *Server) applyFault(w http.ResponseWriter, r *http.Request, body []byte, f *Fault) bool {
	switch f.Drop {
	case DropBeforeResponse:
		dropConnection(w)
		return true
	case DropAfterApply:
		s.route(newDiscardWriter(), r, body)
		dropConnection(w)
		return true
	}
	if f.Truncate {
		s.truncatedAnswer(w, r, body)
		return true
	}
	if f.Status == 0 {
		return false
	}
	if f.ApplyFirst {
		s.route(newDiscardWriter(), r, body)
	}
	h := w.Header()
	h.Set("Date", s.clockNow().UTC().Format(http.TimeFormat))
	if f.RetryAfter != "" {
		h.Set("Retry-After", f.RetryAfter)
	}
	ct, b := f.ContentType, f.Body
	if ct == "" {
		ct = "application/json"
	}
	if b == "" {
		b = `{"error":"injected fault"}`
	}
	h.Set("Content-Type", ct)
	w.WriteHeader(f.Status)
	w.Write([]byte(b))
	return true
}

// truncatedAnswer routes the request into a buffer, then sends the status,
// the headers and the first half of the body, and drops the connection.
func (s *Server) truncatedAnswer(w http.ResponseWriter, r *http.Request, body []byte) {
	buf := newDiscardWriter()
	s.route(buf, r, body)
	for k, v := range buf.h {
		w.Header()[k] = v
	}
	w.Header().Set("Content-Length", strconv.Itoa(buf.body.Len()))
	w.WriteHeader(buf.status)
	w.Write(buf.body.Bytes()[:buf.body.Len()/2])
	// Send what was written before the connection goes.
	http.NewResponseController(w).Flush()
	dropConnection(w)
}

// clockNow reads the clock outside a locked section.
func (s *Server) clockNow() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.now()
}

// dropConnection closes the client connection without writing a response.
func dropConnection(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		// Not hijackable (HTTP/2): abort the handler, which resets the stream.
		panic(http.ErrAbortHandler)
	}
	conn.Close()
}

// discardWriter takes an answer nobody receives; it keeps it for
// truncatedAnswer.
type discardWriter struct {
	h      http.Header
	status int
	body   bytes.Buffer
}

func newDiscardWriter() *discardWriter {
	return &discardWriter{h: http.Header{}, status: http.StatusOK}
}

func (d *discardWriter) Header() http.Header         { return d.h }
func (d *discardWriter) Write(b []byte) (int, error) { return d.body.Write(b) }
func (d *discardWriter) WriteHeader(code int)        { d.status = code }
