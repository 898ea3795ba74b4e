package e2e

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/gonpm/gonpm/internal/registrytest"
)

// Credential scoping end to end: the real binary against several test
// registries, each one's request log checked for the Authorization
// headers it received.

// registryOn starts a test registry on addr, skipping when the address
// cannot be used (127.0.0.2 is loopback on Linux, not everywhere).
func registryOn(t *testing.T, addr string) *registrytest.Server {
	t.Helper()
	srv, err := registrytest.Start(addr, "")
	if err != nil {
		t.Skipf("no test registry on %s: %v", addr, err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv
}

func hostPort(rawURL string) string {
	return strings.TrimSuffix(strings.TrimPrefix(rawURL, "http://"), "/")
}

// authHeaders lists the distinct Authorization headers a registry got
// ("" for requests without one).
func authHeaders(srv *registrytest.Server) map[string]int {
	out := map[string]int{}
	for _, r := range srv.Requests() {
		out[r.Header.Get("Authorization")]++
	}
	return out
}

// scopingEnv is a clean environment with home's .npmrc as user config.
func scopingEnv(home string, extra ...string) []string {
	return append([]string{
		"HOME=" + home,
		"PATH=" + os.Getenv("PATH"),
		"NO_COLOR=1",
		"NPM_CONFIG_FETCH_RETRIES=0",
	}, extra...)
}

func TestEachRegistryGetsOnlyItsOwnCredential(t *testing.T) {
	a := registryOn(t, "127.0.0.1:0") // default registry
	b := registryOn(t, "127.0.0.2:0") // @team's registry, another host
	c := registryOn(t, "127.0.0.1:0") // same host as a, another port
	tokenA := a.AddUser("ann", "ann-Passw0rd", "ann@example.com")
	tokenB := b.AddUser("bob", "bob-Passw0rd", "bob@example.com")
	tokenC := c.AddUser("cat", "cat-Passw0rd", "cat@example.com")
	a.AddPackage("ann", "plain-pkg", "1.0.0")
	b.AddPackage("bob", "@team/pkg", "1.0.0")

	home := t.TempDir()
	npmrc := fmt.Sprintf("registry=%s\n@team:registry=%s\n//%s/:_authToken=%s\n//%s/:_authToken=%s\n//%s/:_authToken=%s\n",
		a.URL, b.URL, hostPort(a.URL), tokenA, hostPort(b.URL), tokenB, hostPort(c.URL), tokenC)
	writeFile(t, filepath.Join(home, ".npmrc"), npmrc)
	env := scopingEnv(home)
	dir := t.TempDir()

	runs := []struct {
		args []string
		want string
	}{
		{[]string{"dist-tag", "add", "plain-pkg@1.0.0", "next"}, "+next: plain-pkg@1.0.0"},
		{[]string{"dist-tag", "add", "@team/pkg@1.0.0", "next"}, "+next: @team/pkg@1.0.0"},
		{[]string{"owner", "ls", "@team/pkg"}, "bob <bob@example.com>"},
		{[]string{"whoami"}, "ann"},
		{[]string{"whoami", "--registry", c.URL}, "cat"},
	}
	for _, r := range runs {
		stdout, stderr, code := runGonpm(t, env, dir, "", r.args...)
		if code != 0 || !strings.Contains(stdout, r.want) {
			t.Fatalf("gonpm %s: exit %d, stdout %q, stderr %q", strings.Join(r.args, " "), code, stdout, stderr)
		}
	}

	for _, tt := range []struct {
		name  string
		srv   *registrytest.Server
		token string
	}{
		{"default registry", a, tokenA},
		{"scoped registry on 127.0.0.2", b, tokenB},
		{"same host, other port", c, tokenC},
	} {
		seen := authHeaders(tt.srv)
		if seen["Bearer "+tt.token] == 0 {
			t.Errorf("%s never got its own token (saw %d kinds of Authorization)", tt.name, len(seen))
		}
		for auth, n := range seen {
			if auth != "" && auth != "Bearer "+tt.token {
				t.Errorf("%s got %d requests with another registry's credential", tt.name, n)
			}
		}
	}
	if b.DistTags("@team/pkg")["next"] != "1.0.0" || a.DistTags("plain-pkg")["next"] != "1.0.0" {
		t.Errorf("the tags did not land on the registries they belong to")
	}
}

// TestLinkToAnotherHostGetsNoCredential: the registry's token list links
// its next page on another host; gonpm follows it without the token.
func TestLinkToAnotherHostGetsNoCredential(t *testing.T) {
	var mu sync.Mutex
	got := map[string]string{} // host → Authorization of its last request
	record := func(r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		got[r.Host] = r.Header.Get("Authorization")
	}
	ln, err := net.Listen("tcp", "127.0.0.2:0")
	if err != nil {
		t.Skipf("no second loopback address: %v", err)
	}
	other := &httptest.Server{Listener: ln, Config: &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		record(r)
		fmt.Fprint(w, `{"objects":[{"key":"bbbbbbbb-2","token":"npm_b","created":"2026-01-02T00:00:00Z"}],"urls":{}}`)
	})}}
	other.Start()
	defer other.Close()
	home := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		record(r)
		fmt.Fprintf(w, `{"objects":[{"key":"aaaaaaaa-1","token":"npm_a","created":"2026-01-01T00:00:00Z"}],"urls":{"next":%q}}`,
			other.URL+"/-/npm/v1/tokens?page=2")
	}))
	defer home.Close()

	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, ".npmrc"), fmt.Sprintf("//%s/:_authToken=home-token\n", hostPort(home.URL)))
	stdout, stderr, code := runGonpm(t, scopingEnv(dir), dir, "", "token", "list", "--registry", home.URL+"/")
	if code != 0 || !strings.Contains(stdout, "aaaaaa") || !strings.Contains(stdout, "bbbbbb") {
		t.Fatalf("token list: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if got[hostPort(home.URL)] != "Bearer home-token" {
		t.Errorf("the registry did not get its token")
	}
	if auth, ok := got[hostPort(other.URL)]; !ok || auth != "" {
		t.Errorf("the page on 127.0.0.2 was not fetched without a credential (reached %v)", ok)
	}
}

// TestPlainHTTPToARemoteHostWarnsFirst: a registry on another machine
// over plain http is warned about before any request is made. The
// "remote" registry is reached through a proxy on 127.0.0.1, so no
// request leaves this machine; the proxy answers 503.
func TestPlainHTTPToARemoteHostWarnsFirst(t *testing.T) {
	var mu sync.Mutex
	var proxied []string
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		proxied = append(proxied, r.URL.Host)
		mu.Unlock()
		http.Error(w, `{"error":"no upstream here"}`, http.StatusServiceUnavailable)
	}))
	defer proxy.Close()

	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, ".npmrc"), "//registry.example.test/:_authToken=remote-token\n")
	env := scopingEnv(dir, "HTTP_PROXY="+proxy.URL, "http_proxy="+proxy.URL)
	_, stderr, code := runGonpm(t, env, dir, "", "whoami", "--registry", "http://registry.example.test/")
	if code == 0 {
		t.Fatalf("whoami through a failing proxy succeeded")
	}
	warn := strings.Index(stderr, "uses plain http")
	fail := strings.Index(stderr, "503")
	if warn < 0 || fail < 0 || warn > fail {
		t.Errorf("want the plain-http warning before the error, got:\n%s", stderr)
	}
	if strings.Contains(stderr, "remote-token") {
		t.Errorf("the token was printed")
	}
	mu.Lock()
	defer mu.Unlock()
	if len(proxied) == 0 || proxied[0] != "registry.example.test" {
		t.Errorf("the request did not go to the named registry through the proxy: %v", proxied)
	}

	// A loopback registry over http is not warned about.
	local := registrytest.New(t)
	_, stderr, _ = runGonpm(t, scopingEnv(dir), dir, "", "whoami", "--registry", local.URL)
	if strings.Contains(stderr, "plain http") {
		t.Errorf("a loopback registry was warned about:\n%s", stderr)
	}
}
