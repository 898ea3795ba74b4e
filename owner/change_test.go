package owner

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/iostreams"
	"github.com/gonpm/gonpm/internal/logger"
	"github.com/gonpm/gonpm/internal/registry"
)

func names(ps []person) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Name)
	}
	return out
}

func TestPlan(t *testing.T) {
	ann, ben := person{"ann", "ann@x"}, person{"ben", "ben@x"}
	tests := []struct {
		name    string
		current []person
		who     person
		c       change
		want    []string
		changed bool
		err     error
	}{
		{"add a new owner at the end", []person{ann}, ben, add, []string{"ann", "ben"}, true, nil},
		{"add an existing owner", []person{ann, ben}, ben, add, []string{"ann", "ben"}, false, nil},
		{"add to a package without owners", nil, ann, add, []string{"ann"}, true, nil},
		{"remove an owner", []person{ann, ben}, ann, remove, []string{"ben"}, true, nil},
		{"remove someone who is not an owner", []person{ann}, ben, remove, []string{"ann"}, false, nil},
		{"remove the last owner", []person{ann}, ann, remove, nil, false, errLastOwner},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, changed, err := plan(tt.current, tt.who, tt.c)
			if !errors.Is(err, tt.err) {
				t.Fatalf("err = %v, want %v", err, tt.err)
			}
			if changed != tt.changed || !reflect.DeepEqual(names(got), tt.want) {
				t.Errorf("plan = %v (changed %t), want %v (changed %t)", names(got), changed, tt.want, tt.changed)
			}
		})
	}
}

// TestAddSendsWhatNPMSends checks the three requests of owner add against
// npm 11: the user document, the full packument, then a PUT to
// /<name>/-rev/<escaped rev> of {_id, _rev, maintainers}.
func TestAddSendsWhatNPMSends(t *testing.T) {
	type req struct {
		method, path, accept string
		body                 map[string]any
	}
	var got []req
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		data, _ := io.ReadAll(r.Body)
		rq := req{method: r.Method, path: r.URL.EscapedPath(), accept: r.Header.Get("Accept")}
		json.Unmarshal(data, &rq.body)
		got = append(got, rq)
		switch r.Method + " " + rq.path {
		case "GET /-/user/org.couchdb.user:ben%2Bx":
			w.Write([]byte(`{"_id":"org.couchdb.user:ben+x","name":"ben+x","email":"ben@x","type":"user"}`))
		case "GET /@s%2fpk":
			w.Write([]byte(`{"_id":"@s/pk","_rev":"3-a/b","name":"@s/pk","maintainers":[{"name":"ann","email":"ann@x"}],"versions":{}}`))
		default:
			w.Write([]byte(`{"ok":true}`))
		}
	}))
	defer srv.Close()
	home := t.TempDir()
	cfg, err := config.Load(config.LoadOptions{Cwd: home, Home: home, Env: []string{"NPM_CONFIG_REGISTRY=" + srv.URL, "NPM_CONFIG_GLOBALCONFIG=" + filepath.Join(home, "g")}})
	if err != nil {
		t.Fatal(err)
	}
	reg, _ := cfg.Registry()
	ios, _, stdout, _ := iostreams.Test()
	client := registry.New(registry.Options{Registry: reg, Credentials: cfg})
	opts := &ChangeOptions{
		IO:             ios,
		Config:         func() (*config.Config, error) { return cfg, nil },
		RegistryClient: func() (*registry.Client, error) { return client, nil },
		Logger:         func() *logger.Logger { return logger.New(nil, logger.Silent, nil) },
		Cwd:            home,
		Change:         add,
		User:           "ben+x",
		Package:        "@s/pk",
	}
	if err := changeRun(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	if stdout.String() != "+ ben+x (@s/pk)\n" {
		t.Errorf("stdout = %q", stdout.String())
	}
	if len(got) != 3 {
		t.Fatalf("requests: %+v", got)
	}
	if got[1].accept != "application/json" {
		t.Errorf("packument Accept = %q, want the full document (application/json)", got[1].accept)
	}
	put := got[2]
	if put.method != "PUT" || put.path != "/@s%2fpk/-rev/3-a%2Fb" {
		t.Errorf("write = %s %s, want PUT /@s%%2fpk/-rev/3-a%%2Fb", put.method, put.path)
	}
	want := map[string]any{
		"_id":  "@s/pk",
		"_rev": "3-a/b",
		"maintainers": []any{
			map[string]any{"name": "ann", "email": "ann@x"},
			map[string]any{"name": "ben+x", "email": "ben@x"},
		},
	}
	if !reflect.DeepEqual(put.body, want) {
		t.Errorf("PUT body = %v, want %v", put.body, want)
	}
}
