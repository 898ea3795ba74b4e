package registry

import (
	"context"
	"encoding/base64"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gonpm/gonpm/config"
)

// Credential scoping with the real npmrc lookup: each test registry is a
// recorder on a loopback address, and the assertions read what each one
// was sent.

// loopbackServer starts a recorder on addr ("127.0.0.2:0" is a second
// host name for the same machine), answering 200 {} unless route says
// otherwise.
func loopbackServer(t *testing.T, addr string) (*httptest.Server, *recorder) {
	t.Helper()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Skipf("cannot listen on %s: %v", addr, err)
	}
	rec := &recorder{answer: func(int, *http.Request) (int, http.Header, string) { return 200, nil, `{}` }}
	srv := &httptest.Server{Listener: ln, Config: &http.Server{Handler: rec}}
	srv.Start()
	t.Cleanup(srv.Close)
	return srv, rec
}

// loadConfig loads npmrc as the user config, as gonpm would.
func loadConfig(t *testing.T, npmrc string) *config.Config {
	t.Helper()
	home := t.TempDir()
	if err := os.WriteFile(filepath.Join(home, ".npmrc"), []byte(npmrc), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(config.LoadOptions{Cwd: home, Home: home, Env: []string{"HOME=" + home, "PATH="}})
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// authSeen lists the Authorization headers a server received, by path.
func authSeen(rec *recorder) map[string]string {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	out := map[string]string{}
	for _, r := range rec.requests {
		out[r.URL.Path] = r.Header.Get("Authorization")
	}
	return out
}

func hostOf(srv *httptest.Server) string { return strings.TrimPrefix(srv.URL, "http://") }

func TestCredentialsStayWithTheirRegistry(t *testing.T) {
	a, recA := loopbackServer(t, "127.0.0.1:0")
	b, recB := loopbackServer(t, "127.0.0.2:0")
	c, recC := loopbackServer(t, "127.0.0.1:0") // same host as a, other port
	basic := base64.StdEncoding.EncodeToString([]byte("pat:pat-pw"))

	tests := []struct {
		name    string
		npmrc   string
		reg     string // the client's registry
		req     Request
		server  *recorder
		path    string
		want    string // Authorization the server must see; "" for none
		silentA bool   // a must have received nothing
	}{
		{
			name:   "tarball on another host without its own credential",
			npmrc:  fmt.Sprintf("//%s/:_authToken=token-a\n", hostOf(a)),
			reg:    a.URL + "/",
			req:    Request{Method: "GET", Path: b.URL + "/pkg/-/pkg-1.0.0.tgz"},
			server: recB, path: "/pkg/-/pkg-1.0.0.tgz", want: "",
		},
		{
			name:   "tarball on another host with its own credential",
			npmrc:  fmt.Sprintf("//%s/:_authToken=token-a\n//%s/:_authToken=token-b\n", hostOf(a), hostOf(b)),
			reg:    a.URL + "/",
			req:    Request{Method: "GET", Path: b.URL + "/pkg/-/pkg-1.0.0.tgz"},
			server: recB, path: "/pkg/-/pkg-1.0.0.tgz", want: "Bearer token-b",
		},
		{
			name: "scoped registry on another host gets only its own credential",
			npmrc: fmt.Sprintf("@team:registry=%s/\n//%s/:_authToken=token-a\n//%s/:_authToken=token-b\n",
				b.URL, hostOf(a), hostOf(b)),
			reg:    a.URL + "/",
			req:    Request{Method: "GET", Path: "@team%2fpkg", Registry: b.URL + "/"},
			server: recB, path: "/@team/pkg", want: "Bearer token-b", silentA: true,
		},
		{
			name:   "scoped registry without a credential gets none",
			npmrc:  fmt.Sprintf("@team:registry=%s/\n//%s/:_authToken=token-a\n", b.URL, hostOf(a)),
			reg:    a.URL + "/",
			req:    Request{Method: "GET", Path: "@team%2fpkg", Registry: b.URL + "/"},
			server: recB, path: "/@team/pkg", want: "", silentA: true,
		},
		{
			name:   "registry with a path, credential under its nerf dart",
			npmrc:  fmt.Sprintf("//%s/npm/:_authToken=token-npm\n//%s/:_authToken=token-root\n", hostOf(c), hostOf(c)),
			reg:    c.URL + "/npm/",
			req:    Request{Method: "GET", Path: "pkg"},
			server: recC, path: "/npm/pkg", want: "Bearer token-npm", silentA: true,
		},
		{
			name:   "registry with a path, credential written without the trailing slash",
			npmrc:  fmt.Sprintf("//%s/npm:_authToken=token-npm\n", hostOf(c)),
			reg:    c.URL + "/npm/",
			req:    Request{Method: "GET", Path: "pkg"},
			server: recC, path: "/npm/pkg", want: "Bearer token-npm", silentA: true,
		},
		{
			name:   "a path's credential is not another path's registry credential",
			npmrc:  fmt.Sprintf("//%s/npm/:_authToken=token-npm\n", hostOf(c)),
			reg:    c.URL + "/other/",
			req:    Request{Method: "GET", Path: "pkg"},
			server: recC, path: "/other/pkg", want: "", silentA: true,
		},
		{
			// npm: a URL on the registry's host and port outside its path
			// (a tarball elsewhere on the same server) gets the registry's
			// credential.
			name:   "same host and port outside the registry path",
			npmrc:  fmt.Sprintf("//%s/npm/:_authToken=token-npm\n", hostOf(c)),
			reg:    c.URL + "/npm/",
			req:    Request{Method: "GET", Path: c.URL + "/tarballs/pkg-1.0.0.tgz"},
			server: recC, path: "/tarballs/pkg-1.0.0.tgz", want: "Bearer token-npm", silentA: true,
		},
		{
			name:   "another port on the same host is another registry",
			npmrc:  fmt.Sprintf("//%s/:_authToken=token-a\n//%s/:_authToken=token-c\n", hostOf(a), hostOf(c)),
			reg:    c.URL + "/",
			req:    Request{Method: "GET", Path: "-/whoami"},
			server: recC, path: "/-/whoami", want: "Bearer token-c", silentA: true,
		},
		{
			name:   "another port without a credential gets none",
			npmrc:  fmt.Sprintf("//%s/:_authToken=token-a\n", hostOf(a)),
			reg:    c.URL + "/",
			req:    Request{Method: "GET", Path: "-/whoami"},
			server: recC, path: "/-/whoami", want: "", silentA: true,
		},
		{
			name:   "userinfo in the registry URL goes to that registry",
			npmrc:  fmt.Sprintf("registry=http://pat:pat-pw@%s/\n", hostOf(a)),
			reg:    fmt.Sprintf("http://pat:pat-pw@%s/", hostOf(a)),
			req:    Request{Method: "GET", Path: "-/whoami"},
			server: recA, path: "/-/whoami", want: "Basic " + basic,
		},
		{
			name:   "userinfo in the registry URL stays away from other hosts",
			npmrc:  fmt.Sprintf("registry=http://pat:pat-pw@%s/\n", hostOf(a)),
			reg:    fmt.Sprintf("http://pat:pat-pw@%s/", hostOf(a)),
			req:    Request{Method: "GET", Path: b.URL + "/pkg/-/pkg-1.0.0.tgz"},
			server: recB, path: "/pkg/-/pkg-1.0.0.tgz", want: "", silentA: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, rec := range []*recorder{recA, recB, recC} {
				rec.mu.Lock()
				rec.requests = nil
				rec.mu.Unlock()
			}
			cfg := loadConfig(t, tt.npmrc)
			client := New(Options{Registry: tt.reg, Credentials: cfg, UserAgent: "gonpm-test"})
			req := tt.req
			if _, err := client.Do(context.Background(), &req); err != nil {
				t.Fatal(err)
			}
			seen := authSeen(tt.server)
			got, ok := seen[tt.path]
			if !ok {
				t.Fatalf("the server did not get %s (it got %v)", tt.path, seen)
			}
			if got != tt.want {
				t.Errorf("%s was sent Authorization %q, want %q", tt.path, got, tt.want)
			}
			if tt.silentA && tt.server != recA && recA.count() != 0 {
				t.Errorf("the default registry was contacted too")
			}
		})
	}
}

// TestRedirectsNeverCarryCredentialsAcrossHosts follows every redirect
// status. As in npm (make-fetch-happen), Authorization is dropped when a
// hop changes the host name, and is never recomputed for later hops, so
// A → B → A arrives back at A without it. Unlike npm, a hop to another
// port of the same host name drops it too: the origin is scheme, host and
// port.
func TestRedirectsNeverCarryCredentialsAcrossHosts(t *testing.T) {
	a, recA := loopbackServer(t, "127.0.0.1:0")
	b, recB := loopbackServer(t, "127.0.0.2:0")
	c, recC := loopbackServer(t, "127.0.0.1:0")
	cfg := loadConfig(t, fmt.Sprintf("//%s/:_authToken=token-a\n//%s/:_authToken=token-b\n//%s/:_authToken=token-c\n",
		hostOf(a), hostOf(b), hostOf(c)))

	for _, status := range []int{301, 302, 303, 307, 308} {
		// Each hop is "/<n>/<target>/…": redirect to the next server.
		route := func() func(int, *http.Request) (int, http.Header, string) {
			return func(_ int, r *http.Request) (int, http.Header, string) {
				hops := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
				if len(hops) < 2 {
					return 200, nil, `{}`
				}
				next := map[string]string{"a": a.URL, "b": b.URL, "c": c.URL}[hops[1]]
				return status, http.Header{"Location": {next + "/" + strings.Join(hops[1:], "/")}}, ""
			}
		}
		recA.answer, recB.answer, recC.answer = route(), route(), route()

		tests := []struct {
			route string
			want  map[*recorder]string // Authorization at the final hop's server
			final string
		}{
			{route: "a/a", final: "/a", want: map[*recorder]string{recA: "Bearer token-a"}},
			{route: "a/b", final: "/b", want: map[*recorder]string{recB: ""}},
			{route: "a/b/a", final: "/a", want: map[*recorder]string{recA: ""}},
			{route: "a/a/b/a/a", final: "/a", want: map[*recorder]string{recA: ""}},
			{route: "a/c", final: "/c", want: map[*recorder]string{recC: ""}},
			{route: "a/c/a", final: "/a", want: map[*recorder]string{recA: ""}},
		}
		for _, tt := range tests {
			t.Run(fmt.Sprintf("%d %s", status, tt.route), func(t *testing.T) {
				for _, rec := range []*recorder{recA, recB, recC} {
					rec.mu.Lock()
					rec.requests = nil
					rec.mu.Unlock()
				}
				client := New(Options{Registry: a.URL + "/", Credentials: cfg, UserAgent: "gonpm-test"})
				path := strings.TrimPrefix(tt.route, "a")
				if _, err := client.Do(context.Background(), &Request{Method: "GET", Path: "x" + path}); err != nil {
					t.Fatal(err)
				}
				if first := recA.requests[0]; first.Header.Get("Authorization") != "Bearer token-a" {
					t.Fatalf("the first hop had Authorization %q", first.Header.Get("Authorization"))
				}
				for rec, want := range tt.want {
					seen := authSeen(rec)
					got, ok := seen[tt.final]
					if !ok {
						t.Fatalf("the last hop %s was not reached (saw %v)", tt.final, seen)
					}
					if got != want {
						t.Errorf("last hop %s got Authorization %q, want %q", tt.final, got, want)
					}
				}
				for _, r := range recB.requests {
					if auth := r.Header.Get("Authorization"); auth != "" {
						t.Errorf("127.0.0.2 got Authorization %q on %s", auth, r.URL.Path)
					}
				}
			})
		}
	}
}
