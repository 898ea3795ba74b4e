package registry

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
)

// maxsockets caps the connections to a registry, as npm's agent does:
// eight requests at once with maxsockets=2 share two connections, and
// with the default they may open up to fifteen.
func TestMaxSocketsCapsConnections(t *testing.T) {
	for _, tc := range []struct {
		maxSockets int
		wantMax    int64
	}{
		{maxSockets: 2, wantMax: 2},
		{maxSockets: 0, wantMax: 8},
	} {
		var conns, inflight atomic.Int64
		release := make(chan struct{})
		var once sync.Once
		srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			// Hold the first requests until as many are in flight as
			// the client may open, so they cannot share a connection.
			if inflight.Add(1) >= min(int64(tc.wantMax), 8) {
				once.Do(func() { close(release) })
			}
			<-release
			w.Write([]byte(`{}`))
		}))
		srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
			if s == http.StateNew {
				conns.Add(1)
			}
		}
		srv.Start()
		c := newTestClient(t, srv.URL, Options{MaxSockets: tc.maxSockets})
		var wg sync.WaitGroup
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := c.Do(context.Background(), &Request{Method: http.MethodGet, Path: "pkg"}); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		srv.Close()
		if got := conns.Load(); got != tc.wantMax {
			t.Errorf("maxsockets=%d: %d connections for 8 requests at once, want %d", tc.maxSockets, got, tc.wantMax)
		}
	}
}
