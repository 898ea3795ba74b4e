package publish

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/iostreams"
	"github.com/gonpm/gonpm/internal/registry"
	"github.com/gonpm/gonpm/internal/registrytest"
	"github.com/spf13/pflag"
)

type testEnv struct {
	srv  *registrytest.Server
	opts *PublishOptions
	dir  string
	out  interface{ String() string }
	err  interface{ String() string }
}

// newTestEnv logs a user in on a test registry and returns publish options
// for a package folder made from files, with extra command-line flags.
func newTestEnv(t *testing.T, files map[string]string, args ...string) *testEnv {
	t.Helper()
	srv := registrytest.New(t)
	token := srv.AddUser("pat", "pat-password", "pat@example.com")
	home := t.TempDir()
	host := strings.TrimSuffix(strings.TrimPrefix(srv.URL, "http://"), "/")
	if err := os.WriteFile(filepath.Join(home, ".npmrc"), []byte("//"+host+"/:_authToken="+token+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	fs := pflag.NewFlagSet("publish", pflag.ContinueOnError)
	fs.String("tag", "", "")
	fs.String("access", "", "")
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(config.LoadOptions{Cwd: home, Home: home, Env: []string{"HOME=" + home, "NPM_CONFIG_REGISTRY=" + srv.URL}, Flags: fs})
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(home, "pkg")
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ios, _, out, errOut := iostreams.Test()
	client := registry.New(registry.Options{Registry: srv.URL, Credentials: cfg})
	opts := &PublishOptions{
		IO: ios, Cwd: dir, Env: []string{"PATH=" + os.Getenv("PATH")}, Version: "0.0.0-test",
		Config:         func() (*config.Config, error) { return cfg, nil },
		RegistryClient: func() (*registry.Client, error) { return client, nil },
	}
	return &testEnv{srv: srv, opts: opts, dir: dir, out: out, err: errOut}
}

func (e *testEnv) puts() []registrytest.LoggedRequest {
	var out []registrytest.LoggedRequest
	for _, r := range e.srv.Requests() {
		if r.Method == "PUT" && !strings.HasPrefix(r.Path, "/-/") {
			out = append(out, r)
		}
	}
	return out
}

func TestPublishRequestBody(t *testing.T) {
	e := newTestEnv(t, map[string]string{
		"package.json": `{"name": "@demo/pk", "version": "1.2.3", "description": "demo pkg", "tag": "next", "_private": 1, "main": "index.js"}`,
		"index.js":     "module.exports = 1;\n",
		"README.md":    "readme\n",
	}, "--tag=beta")
	if err := publishRun(t.Context(), e.opts); err != nil {
		t.Fatalf("%v\n%s", err, e.err.String())
	}
	puts := e.puts()
	if len(puts) != 1 || puts[0].Path != "/@demo%2fpk" {
		t.Fatalf("PUT requests = %v, want one to /@demo%%2fpk", puts)
	}
	var body map[string]any
	if err := json.Unmarshal(puts[0].Body, &body); err != nil {
		t.Fatal(err)
	}
	if v, ok := body["access"]; !ok || v != nil {
		t.Errorf("access = %v (present %v), want null", v, ok)
	}
	if body["_id"] != "@demo/pk" || body["name"] != "@demo/pk" || body["description"] != "demo pkg" {
		t.Errorf("_id %v name %v description %v", body["_id"], body["name"], body["description"])
	}
	// The package.json "tag" field wins over --tag, as in npm.
	if tags, _ := body["dist-tags"].(map[string]any); len(tags) != 1 || tags["next"] != "1.2.3" {
		t.Errorf("dist-tags = %v, want {next: 1.2.3}", body["dist-tags"])
	}
	att, _ := body["_attachments"].(map[string]any)["@demo/pk-1.2.3.tgz"].(map[string]any)
	if att == nil || att["content_type"] != "application/octet-stream" || att["data"] == "" {
		t.Fatalf("_attachments = %v", body["_attachments"])
	}
	v, _ := body["versions"].(map[string]any)["1.2.3"].(map[string]any)
	if v == nil {
		t.Fatalf("versions = %v", body["versions"])
	}
	dist, _ := v["dist"].(map[string]any)
	wantTarball := strings.TrimSuffix(e.srv.URL, "/") + "/@demo/pk/-/@demo/pk-1.2.3.tgz"
	if dist["tarball"] != wantTarball || !strings.HasPrefix(dist["integrity"].(string), "sha512-") || len(dist["shasum"].(string)) != 40 {
		t.Errorf("dist = %v", dist)
	}
	if v["_id"] != "@demo/pk@1.2.3" || v["readme"] != "readme\n" || v["readmeFilename"] != "README.md" {
		t.Errorf("version document = %v", v)
	}
	if _, ok := v["_private"]; ok {
		t.Error("a _ key of package.json was published")
	}
	if _, ok := v["maintainers"]; ok {
		t.Error("the client sent maintainers")
	}
	// What the registry stored is what was packed.
	if got := e.srv.Packument("@demo/pk"); got == nil {
		t.Fatal("the registry has no @demo/pk")
	}
	if !strings.Contains(e.out.String(), "+ @demo/pk@1.2.3") {
		t.Errorf("stdout = %q", e.out.String())
	}
}

func TestPublishRunsLifecycleScriptsInOrder(t *testing.T) {
	scripts := map[string]string{}
	for _, ev := range []string{"prepublish", "prepublishOnly", "prepack", "prepare", "postpack", "publish", "postpublish"} {
		scripts[ev] = "echo $npm_lifecycle_event >> ../events.txt"
	}
	data, _ := json.Marshal(map[string]any{"name": "scripted", "version": "1.0.0", "scripts": scripts})
	tests := []struct {
		name   string
		ignore bool
		want   string
	}{
		{"scripts", false, "prepublishOnly prepack prepare postpack publish postpublish"},
		{"ignore-scripts", true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newTestEnv(t, map[string]string{"package.json": string(data), "index.js": ""})
			e.opts.IgnoreScripts = tt.ignore
			if err := publishRun(t.Context(), e.opts); err != nil {
				t.Fatalf("%v\n%s", err, e.err.String())
			}
			got, _ := os.ReadFile(filepath.Join(e.dir, "..", "events.txt"))
			if strings.Join(strings.Fields(string(got)), " ") != tt.want {
				t.Errorf("scripts ran: %q, want %q", strings.Fields(string(got)), tt.want)
			}
			if len(e.puts()) != 1 {
				t.Errorf("%d uploads, want 1", len(e.puts()))
			}
		})
	}
}

func TestPublishFailingScriptUploadsNothing(t *testing.T) {
	e := newTestEnv(t, map[string]string{
		"package.json": `{"name": "fails", "version": "1.0.0", "scripts": {"prepublishOnly": "exit 3"}}`,
	})
	err := publishRun(t.Context(), e.opts)
	if err == nil || !strings.Contains(err.Error(), "prepublishOnly") {
		t.Fatalf("err = %v, want the prepublishOnly failure", err)
	}
	if n := len(e.puts()); n != 0 {
		t.Errorf("%d uploads after a failed script", n)
	}
}

func TestPublishTarball(t *testing.T) {
	e := newTestEnv(t, nil)
	tgz := filepath.Join(t.TempDir(), "made.tgz")
	data := registrytest.BuildTarball(map[string]any{"name": "from-tgz", "version": "2.0.0"}, "module.exports = 2;\n")
	if err := os.WriteFile(tgz, data, 0o644); err != nil {
		t.Fatal(err)
	}
	e.opts.Target = tgz
	if err := publishRun(t.Context(), e.opts); err != nil {
		t.Fatalf("%v\n%s", err, e.err.String())
	}
	if got := e.srv.Tarball("from-tgz", "2.0.0"); string(got) != string(data) {
		t.Errorf("the registry holds %d bytes, want the %d-byte file as it was", len(got), len(data))
	}
}
