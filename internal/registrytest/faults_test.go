package registrytest

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestFaultStatusAndRetryAfter(t *testing.T) {
	srv := New(t)
	srv.AddPackage("alice", "pkg", "1.0.0")
	srv.Inject(Fault{Method: "GET", Path: "/pkg", Status: http.StatusServiceUnavailable, RetryAfter: "7", Times: 2})
	for i := range 2 {
		r := do(t, srv, call{method: "GET", path: "pkg"})
		if r.status != http.StatusServiceUnavailable || r.header.Get("Retry-After") != "7" || r.header.Get("Date") == "" {
			t.Fatalf("request %d: %d, Retry-After %q, Date %q; want 503, 7 and a Date", i, r.status, r.header.Get("Retry-After"), r.header.Get("Date"))
		}
	}
	if r := do(t, srv, call{method: "GET", path: "pkg"}); r.status != http.StatusOK {
		t.Fatalf("third request: %d, want 200 once the fault is used up", r.status)
	}
	log := srv.Requests()
	if len(log) != 3 || log[0].Status != 503 || log[2].Status != 200 {
		t.Errorf("log = %v", log)
	}
}

func TestFaultCustomBodyAndFilters(t *testing.T) {
	srv := New(t)
	srv.AddPackage("alice", "pkg", "1.0.0")
	srv.Inject(Fault{Method: "PUT", Status: http.StatusTooManyRequests, Body: "slow down", ContentType: "text/plain"})
	if r := do(t, srv, call{method: "GET", path: "pkg"}); r.status != http.StatusOK {
		t.Fatalf("a GET hit a PUT fault: %d", r.status)
	}
	r := do(t, srv, call{method: "PUT", path: "anything", body: map[string]any{}})
	if r.status != http.StatusTooManyRequests || string(r.raw) != "slow down" || r.header.Get("Content-Type") != "text/plain" {
		t.Fatalf("fault reply %d %q %q", r.status, r.raw, r.header.Get("Content-Type"))
	}
}

func TestFaultDrops(t *testing.T) {
	tests := []struct {
		drop       DropMode
		wantTagged bool
	}{
		{DropBeforeResponse, false},
		{DropAfterApply, true},
	}
	for _, tt := range tests {
		name := map[DropMode]string{DropBeforeResponse: "before response", DropAfterApply: "after apply"}[tt.drop]
		t.Run(name, func(t *testing.T) {
			srv := New(t)
			tok := srv.AddUser("alice", "pw", "a@example.com")
			srv.AddPackage("alice", "pkg", "1.0.0")
			srv.Inject(Fault{Method: "PUT", Path: "/-/package/pkg/dist-tags/", Drop: tt.drop})
			req, _ := http.NewRequest("PUT", srv.URL+"-/package/pkg/dist-tags/next", strings.NewReader(`"1.0.0"`))
			req.Header.Set("Authorization", "Bearer "+tok)
			client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
			resp, err := client.Do(req)
			if err == nil {
				resp.Body.Close()
				t.Fatalf("got a response (%d); want the connection dropped", resp.StatusCode)
			}
			if _, tagged := srv.DistTags("pkg")["next"]; tagged != tt.wantTagged {
				t.Errorf("tag applied = %v, want %v", tagged, tt.wantTagged)
			}
			if log := srv.Requests(); len(log) != 1 || log[0].Status != 0 {
				t.Errorf("log = %v, want one request without a status", log)
			}
		})
	}
}

func TestFaultStatusAfterApply(t *testing.T) {
	srv := New(t)
	tok := srv.AddUser("alice", "pw", "a@example.com")
	srv.AddPackage("alice", "pkg", "1.0.0")
	srv.Inject(Fault{Method: "PUT", Path: "/-/package/pkg/dist-tags/", Status: http.StatusBadGateway, ApplyFirst: true})
	r := do(t, srv, call{method: "PUT", path: "-/package/pkg/dist-tags/next", token: tok, body: "1.0.0"})
	if r.status != http.StatusBadGateway {
		t.Fatalf("status %d, want the injected 502", r.status)
	}
	if got := srv.DistTags("pkg")["next"]; got != "1.0.0" {
		t.Errorf("next = %q after a 502 that applied the write first, want 1.0.0", got)
	}
}

func TestFaultDelayThenServe(t *testing.T) {
	srv := New(t)
	srv.AddPackage("alice", "pkg", "1.0.0")
	srv.Inject(Fault{Path: "/pkg", Delay: 10 * time.Millisecond})
	if r := do(t, srv, call{method: "GET", path: "pkg"}); r.status != http.StatusOK {
		t.Fatalf("delayed request: %d, want it served normally", r.status)
	}
}

func TestLogKeepsSecretsButStringHidesThem(t *testing.T) {
	srv := New(t)
	tok := srv.AddUser("alice", "pw", "a@example.com")
	do(t, srv, call{method: "DELETE", path: "-/user/token/" + tok, token: tok, otp: "123456"})
	log := srv.Requests()
	if len(log) != 1 || log[0].Header.Get("npm-otp") != "123456" || !strings.Contains(log[0].Path, tok) {
		t.Fatal("the log must keep headers and paths for tests")
	}
	if s := log[0].String(); strings.Contains(s, tok) || strings.Contains(s, "123456") {
		t.Error("LoggedRequest.String prints a secret")
	}
	srv.ResetLog()
	if len(srv.Requests()) != 0 {
		t.Error("ResetLog left entries")
	}
	if r := do(t, srv, call{method: "GET", path: "-/whoami", token: tok}); r.status != http.StatusUnauthorized {
		t.Errorf("token after logout: %d, want 401", r.status)
	}
}

func TestUnknownRoute(t *testing.T) {
	srv := New(t)
	for _, path := range []string{"-/nope", "-/npm/v1/nope", "-/package/x"} {
		r := do(t, srv, call{method: "GET", path: path})
		if r.status != http.StatusNotFound || strings.TrimSpace(string(r.raw)) != `{"error":"not found"}` {
			t.Errorf("GET /%s: %d %s", path, r.status, r.raw)
		}
	}
}
