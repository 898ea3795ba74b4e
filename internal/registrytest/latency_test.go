package registrytest

import (
	"net/http"
	"sync"
	"testing"
	"time"
)

// A gathering fault lets matching requests go only once enough of them
// wait together, so a test can prove a client sends them concurrently.
func TestGatherHoldsRequestsUntilEnoughArrive(t *testing.T) {
	srv := New(t)
	srv.AddPackage("alice", "pkg", "1.0.0")
	srv.Inject(Fault{Method: "GET", Path: "/pkg", Gather: 3, Times: 3})
	var wg sync.WaitGroup
	statuses := make([]int, 3)
	for i := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			statuses[i] = do(t, srv, call{method: "GET", path: "pkg"}).status
		}()
	}
	wg.Wait()
	for i, s := range statuses {
		if s != http.StatusOK {
			t.Errorf("request %d: status %d, want 200 (a gathering fault only delays)", i, s)
		}
	}
	if got := srv.PeakInFlight(); got < 3 {
		t.Errorf("PeakInFlight = %d, want at least 3", got)
	}
}

// A client sending one request at a time is let through after the
// timeout, and the peak shows it.
func TestGatherLetsALoneRequestGoAfterItsTimeout(t *testing.T) {
	srv := New(t)
	srv.AddPackage("alice", "pkg", "1.0.0")
	srv.Inject(Fault{Method: "GET", Path: "/pkg", Gather: 2, Times: 2, GatherTimeout: 10 * time.Millisecond})
	for range 2 {
		if r := do(t, srv, call{method: "GET", path: "pkg"}); r.status != http.StatusOK {
			t.Fatalf("status %d", r.status)
		}
	}
	if got := srv.PeakInFlight(); got != 1 {
		t.Errorf("PeakInFlight = %d for requests sent one by one, want 1", got)
	}
}

// Latency delays every answer by at least the configured time.
func TestLatencyDelaysEveryRequest(t *testing.T) {
	const latency = 30 * time.Millisecond
	srv := New(t, WithLatency(latency))
	for _, path := range []string{"-/ping", "missing-pkg"} {
		start := time.Now()
		do(t, srv, call{method: "GET", path: path})
		if took := time.Since(start); took < latency {
			t.Errorf("GET %s answered after %v, want at least %v", path, took, latency)
		}
	}
	srv.SetLatency(0)
	if r := do(t, srv, call{method: "GET", path: "-/ping"}); r.status != http.StatusOK {
		t.Errorf("ping without latency: %d", r.status)
	}
}
