package registrytest

import (
	"net/http"
	"testing"
)

func TestAbbreviatedPackument(t *testing.T) {
	srv := New(t)
	srv.AddUser("alice", "pw", "a@example.com")
	srv.AddPackage("alice", "pkg", "1.0.0", "2.0.0")

	corgi := do(t, srv, call{method: "GET", path: "pkg", header: http.Header{
		"Accept": {"application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8, */*"},
	}})
	if ct := corgi.header.Get("Content-Type"); corgi.status != http.StatusOK || ct != corgiType {
		t.Fatalf("corgi request: %d, Content-Type %q", corgi.status, ct)
	}
	doc := corgi.json(t)
	for _, k := range []string{"_rev", "maintainers", "time", "readme"} {
		if _, ok := doc[k]; ok {
			t.Errorf("abbreviated packument has %q", k)
		}
	}
	if doc["modified"] == nil || doc["dist-tags"].(map[string]any)["latest"] != "2.0.0" {
		t.Errorf("abbreviated packument lacks modified or dist-tags: %v", doc)
	}
	v := doc["versions"].(map[string]any)["1.0.0"].(map[string]any)
	if v["dist"] == nil || v["name"] != "pkg" || v["description"] != nil || v["maintainers"] != nil {
		t.Errorf("abbreviated version = %v, want dist and name but no description/maintainers", v)
	}

	full := do(t, srv, call{method: "GET", path: "pkg", header: http.Header{"Accept": {"application/json"}}}).json(t)
	for _, k := range []string{"_id", "_rev", "name", "dist-tags", "versions", "time", "maintainers"} {
		if _, ok := full[k]; !ok {
			t.Errorf("full packument lacks %q", k)
		}
	}
	if r := do(t, srv, call{method: "GET", path: "pkg?write=true"}); r.status != http.StatusOK {
		t.Errorf("?write=true: %d", r.status)
	}
	if r := do(t, srv, call{method: "GET", path: "nope"}); r.status != http.StatusNotFound {
		t.Errorf("unknown package: %d", r.status)
	}
}

func TestDistTagsAPI(t *testing.T) {
	srv := New(t)
	tok := srv.AddUser("alice", "pw", "a@example.com")
	other := srv.AddUser("bob", "pw", "b@example.com")
	srv.AddPackage("alice", "@s/pk", "1.0.0", "2.0.0")
	base := "-/package/" + escapeName("@s/pk") + "/dist-tags"
	tests := []struct {
		name   string
		c      call
		status int
	}{
		{"set", call{method: "PUT", path: base + "/beta", token: tok, body: "1.0.0"}, http.StatusOK},
		{"unknown version", call{method: "PUT", path: base + "/beta", token: tok, body: "9.9.9"}, http.StatusBadRequest},
		{"body not a JSON string", call{method: "PUT", path: base + "/beta", token: tok, body: []byte("1.0.0")}, http.StatusBadRequest},
		{"not a maintainer", call{method: "PUT", path: base + "/x", token: other, body: "1.0.0"}, http.StatusForbidden},
		{"remove latest", call{method: "DELETE", path: base + "/latest", token: tok}, http.StatusBadRequest},
		{"remove unknown", call{method: "DELETE", path: base + "/nope", token: tok}, http.StatusNotFound},
	}
	for _, tt := range tests {
		if r := do(t, srv, tt.c); r.status != tt.status {
			t.Errorf("%s: %d (%s), want %d", tt.name, r.status, r.raw, tt.status)
		}
	}
	tags := do(t, srv, call{method: "GET", path: "-/package/@s/pk/dist-tags"}).json(t)
	if tags["beta"] != "1.0.0" || tags["latest"] != "2.0.0" {
		t.Errorf("tags = %v", tags)
	}
	if r := do(t, srv, call{method: "DELETE", path: base + "/beta", token: tok}); r.status != http.StatusOK || srv.DistTags("@s/pk")["beta"] != "" {
		t.Errorf("delete beta: %d, tags %v", r.status, srv.DistTags("@s/pk"))
	}
}
