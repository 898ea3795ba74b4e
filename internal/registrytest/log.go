package registrytest

import (
	"fmt"
	"net/http"
	"strings"
)

// LoggedRequest is one request as the server received it. Header and Body
// keep credentials and OTPs so tests can check what a client sent; String
// never prints them.
type LoggedRequest struct {
	Method string
	Path   string // raw request URI, with the query
	Header http.Header
	Body   []byte
	Status int // 0 when the connection was dropped without an answer
}

// String is a secret-free one-line summary.
func (l LoggedRequest) String() string {
	return fmt.Sprintf("%s %s %d", l.Method, redactPath(l.Path), l.Status)
}

// GoString keeps %#v from printing headers and bodies.
func (l LoggedRequest) GoString() string { return "LoggedRequest{" + l.String() + "}" }

// Requests returns a copy of the request log.
func (s *Server) Requests() []LoggedRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]LoggedRequest, len(s.log))
	for i, l := range s.log {
		l.Header = l.Header.Clone()
		l.Body = append([]byte(nil), l.Body...)
		out[i] = l
	}
	return out
}

// ResetLog forgets all logged requests.
func (s *Server) ResetLog() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.log = nil
}

// redactPath hides tokens that appear in URL paths (logout, token revoke,
// web-flow ids).
func redactPath(p string) string {
	for _, prefix := range []string{"/-/user/token/", "/-/npm/v1/tokens/token/", "/-/gonpm/web/"} {
		if i := strings.Index(p, prefix); i >= 0 {
			return p[:i+len(prefix)] + "<redacted>"
		}
	}
	return p
}
