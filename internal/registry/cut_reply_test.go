package registry

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// cutReplies answers the first cuts requests with a 200 whose JSON body
// stops halfway (the connection closes early), then answers in full.
func cutReplies(t *testing.T, cuts int) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var calls atomic.Int32
	const full = `{"ok":true,"name":"pkg"}`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := calls.Add(1)
		w.Header().Set("Content-Type", "application/json")
		if int(n) > cuts {
			w.Write([]byte(full))
			return
		}
		w.Header().Set("Content-Length", "24")
		w.WriteHeader(http.StatusOK)
		w.Write([]byte(full[:10]))
		rc := http.NewResponseController(w)
		rc.Flush()
		conn, _, err := rc.Hijack()
		if err != nil {
			t.Errorf("hijack: %v", err)
			return
		}
		conn.Close()
	}))
	t.Cleanup(srv.Close)
	return srv, &calls
}

func TestCutOffReplies(t *testing.T) {
	tests := []struct {
		name      string
		method    string
		cuts      int
		wantCalls int32
		wantErr   bool // Do fails
		wantCut   bool // Do succeeds but says the body was cut, and Decode fails
	}{
		{"a read is fetched again", "GET", 1, 2, false, false},
		{"a read cut every time fails", "GET", 99, 3, true, false},
		{"a write is not sent again and counts as done", "PUT", 1, 1, false, true},
		{"a deletion likewise", "DELETE", 1, 1, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, calls := cutReplies(t, tt.cuts)
			c := newTestClient(t, srv.URL, Options{Retries: 2})
			resp, err := c.Do(context.Background(), &Request{Method: tt.method, Path: "pkg"})
			if got := calls.Load(); got != tt.wantCalls {
				t.Errorf("requests = %d, want %d", got, tt.wantCalls)
			}
			switch {
			case tt.wantCut && (err != nil || resp.Cut == nil):
				t.Fatalf("Do = %v, cut %v; want success with the cut noted", err, resp != nil && resp.Cut != nil)
			case !tt.wantCut && !tt.wantErr && (err != nil || resp.Cut != nil):
				t.Fatalf("Do = %v; want the whole reply", err)
			case tt.wantErr && (err == nil || !strings.Contains(err.Error(), "cut off")):
				t.Fatalf("Do = %v; want an error saying the reply was cut off", err)
			}
			if tt.wantCut {
				var v map[string]any
				if err := resp.Decode(&v); err == nil || !strings.Contains(err.Error(), "cut off") {
					t.Errorf("Decode of a cut reply = %v; want an error saying so", err)
				}
			}
		})
	}
}
