package publishing

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/iostreams"
	"github.com/gonpm/gonpm/internal/registry"
)

// stageDestination is what `gonpm stage publish` plugs in: the same
// document, POSTed to the staging area, answered with an id.
type stageDestination struct{ id string }

func (s *stageDestination) Send(ctx context.Context, u *Upload) error {
	req := u.Request(http.MethodPost, "-/stage/package/"+registry.EscapeName(u.Package.Name()), nil)
	req.NoOTP = true
	resp, err := u.Do(ctx, req)
	if err != nil {
		return err
	}
	var answer struct {
		StageID string `json:"stageId"`
	}
	if err := json.Unmarshal(resp.Body, &answer); err != nil {
		return err
	}
	s.id = answer.StageID
	return nil
}

// The pipeline hands a checked, packed package to the destination given
// in the options, and only to it: no publish PUT is sent.
func TestPublishWithAnotherDestination(t *testing.T) {
	var (
		mu   sync.Mutex
		seen []string
		body map[string]any
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		seen = append(seen, r.Method+" "+r.URL.EscapedPath())
		switch {
		case r.Method == http.MethodGet:
			http.NotFound(w, r) // a new package
		case r.Method == http.MethodPost && r.URL.EscapedPath() == "/-/stage/package/@demo%2fstaged":
			data, _ := io.ReadAll(r.Body)
			if err := json.Unmarshal(data, &body); err != nil {
				t.Errorf("body: %v", err)
			}
			io.WriteString(w, `{"stageId":"stg-42"}`)
		default:
			http.Error(w, "unexpected", http.StatusTeapot)
		}
	}))
	defer srv.Close()

	home := t.TempDir()
	host := strings.TrimPrefix(srv.URL, "http://")
	os.WriteFile(filepath.Join(home, ".npmrc"), []byte("//"+host+"/:_authToken=tok\n"), 0o600)
	cfg, err := config.Load(config.LoadOptions{Cwd: home, Home: home, Env: []string{"HOME=" + home, "NPM_CONFIG_REGISTRY=" + srv.URL + "/"}})
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(home, "pkg")
	os.MkdirAll(dir, 0o755)
	os.WriteFile(filepath.Join(dir, "package.json"), []byte(`{"name":"@demo/staged","version":"1.0.0"}`), 0o644)
	os.WriteFile(filepath.Join(dir, "index.js"), []byte("module.exports = 1\n"), 0o644)

	ios, _, _, errOut := iostreams.Test()
	dest := &stageDestination{}
	opts := &Options{
		IO: ios, Config: cfg, Client: registry.New(registry.Options{Registry: srv.URL + "/", Credentials: cfg}),
		Version: "test", Destination: dest,
	}
	p, err := Publish(t.Context(), opts, dir)
	if err != nil {
		t.Fatalf("%v\n%s", err, errOut.String())
	}
	if dest.id != "stg-42" {
		t.Errorf("stage id = %q, want stg-42", dest.id)
	}
	for _, s := range seen {
		if strings.HasPrefix(s, "PUT ") {
			t.Errorf("the default PUT was sent: %v", seen)
		}
	}
	if body["name"] != "@demo/staged" || body["_attachments"] == nil {
		t.Errorf("staged body is not the publish document: %v", body)
	}
	if p.Name() != "@demo/staged" || p.Version() != "1.0.0" || p.Contents().Integrity == "" {
		t.Errorf("returned package %s@%s integrity %q", p.Name(), p.Version(), p.Contents().Integrity)
	}
}
