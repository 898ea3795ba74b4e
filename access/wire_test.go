package access

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/iostreams"
	"github.com/gonpm/gonpm/internal/registry"
)

type seen struct {
	method, path, scope string
	body                map[string]any
}

// fakeRegistry records requests and answers like the public registry for
// the endpoints access uses; orgs do not exist, so user lookups fall back.
func fakeRegistry(t *testing.T) (*httptest.Server, func() []seen) {
	var mu sync.Mutex
	var log []seen
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		data, _ := io.ReadAll(r.Body)
		s := seen{method: r.Method, path: r.URL.EscapedPath(), scope: r.Header.Get("Npm-Scope")}
		if len(data) > 0 {
			if err := json.Unmarshal(data, &s.body); err != nil {
				t.Errorf("%s %s: body is not a JSON object: %q", r.Method, s.path, data)
			}
		}
		mu.Lock()
		log = append(log, s)
		mu.Unlock()
		switch {
		case strings.HasPrefix(s.path, "/-/org/"):
			http.Error(w, `{"error":"not found"}`, http.StatusNotFound)
		case strings.HasSuffix(s.path, "/visibility"):
			w.Write([]byte(`{"public":true}`))
		default:
			w.Write([]byte(`{}`))
		}
	}))
	t.Cleanup(srv.Close)
	return srv, func() []seen {
		mu.Lock()
		defer mu.Unlock()
		return append([]seen(nil), log...)
	}
}

// testFactory gives commands a client of the registry at url.
func testFactory(t *testing.T, url string) *cmdutil.Factory {
	home := t.TempDir()
	cfg, err := config.Load(config.LoadOptions{
		Cwd:  home,
		Home: home,
		Env:  []string{"NPM_CONFIG_REGISTRY=" + url, "NPM_CONFIG_GLOBALCONFIG=" + filepath.Join(home, "global")},
	})
	if err != nil {
		t.Fatal(err)
	}
	reg, _ := cfg.Registry()
	ios, _, _, _ := iostreams.Test()
	client := registry.New(registry.Options{Registry: reg, Credentials: cfg})
	return &cmdutil.Factory{
		IOStreams:      ios,
		Config:         func() (*config.Config, error) { return cfg, nil },
		RegistryClient: func() (*registry.Client, error) { return client, nil },
		Cwd:            home,
	}
}

// run runs `gonpm access <args>`.
func run(f *cmdutil.Factory, args ...string) error {
	cmd := NewCmdAccess(f)
	cmd.SetArgs(args)
	cmd.SetOut(io.Discard)
	cmd.SetErr(io.Discard)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	return cmd.ExecuteContext(context.Background())
}

// TestRequestsFollowNPM checks each subcommand's requests against the
// protocol npm 11 uses (method, path, body, npm-scope header).
func TestRequestsFollowNPM(t *testing.T) {
	tests := []struct {
		args []string
		want []seen
	}{
		{[]string{"set", "status=public", "@s/pk"}, []seen{
			{method: "POST", path: "/-/package/@s%2fpk/access", body: map[string]any{"access": "public"}},
			{method: "GET", path: "/-/package/@s%2fpk/visibility"},
		}},
		{[]string{"set", "status=private", "@s/pk"}, []seen{
			{method: "POST", path: "/-/package/@s%2fpk/access", body: map[string]any{"access": "restricted"}},
			{method: "GET", path: "/-/package/@s%2fpk/visibility"},
		}},
		{[]string{"set", "mfa=none", "pk"}, []seen{
			{method: "POST", path: "/-/package/pk/access", body: map[string]any{"publish_requires_tfa": false}},
		}},
		{[]string{"set", "mfa=publish", "pk"}, []seen{
			{method: "POST", path: "/-/package/pk/access", body: map[string]any{"publish_requires_tfa": true, "automation_token_overrides_tfa": false}},
		}},
		{[]string{"set", "2fa=automation", "pk"}, []seen{
			{method: "POST", path: "/-/package/pk/access", body: map[string]any{"publish_requires_tfa": true, "automation_token_overrides_tfa": true}},
		}},
		{[]string{"grant", "read-only", "@s:devs", "@s/pk"}, []seen{
			{method: "PUT", path: "/-/team/s/devs/package", scope: "s", body: map[string]any{"package": "@s/pk", "permissions": "read-only"}},
		}},
		{[]string{"revoke", "s:devs", "pk"}, []seen{
			{method: "DELETE", path: "/-/team/s/devs/package", scope: "s", body: map[string]any{"package": "pk"}},
		}},
		{[]string{"get", "status", "@s/pk"}, []seen{
			{method: "GET", path: "/-/package/@s%2fpk/visibility"},
		}},
		{[]string{"list", "collaborators", "@s/pk"}, []seen{
			{method: "GET", path: "/-/package/@s%2fpk/collaborators"},
		}},
		{[]string{"list", "packages", "s:devs"}, []seen{
			{method: "GET", path: "/-/team/s/devs/package"},
		}},
		{[]string{"list", "packages", "@alice"}, []seen{
			{method: "GET", path: "/-/org/alice/package"},
			{method: "GET", path: "/-/user/alice/package"},
		}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			srv, requests := fakeRegistry(t)
			if err := run(testFactory(t, srv.URL), tt.args...); err != nil {
				t.Fatal(err)
			}
			got := requests()
			if len(got) != len(tt.want) {
				t.Fatalf("requests %+v, want %+v", got, tt.want)
			}
			for i := range got {
				g, w := got[i], tt.want[i]
				gb, _ := json.Marshal(g.body)
				wb, _ := json.Marshal(w.body)
				if g.method != w.method || g.path != w.path || g.scope != w.scope || string(gb) != string(wb) {
					t.Errorf("request %d = %s %s scope=%q %s, want %s %s scope=%q %s", i, g.method, g.path, g.scope, gb, w.method, w.path, w.scope, wb)
				}
			}
		})
	}
}
