package registrytest

import (
	"crypto/sha1"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"strings"
	"testing"
)

// publishDocFor builds the body npm sends to publish name@version.
func publishDocFor(srvURL, name, version string) map[string]any {
	manifest := map[string]any{"name": name, "version": version}
	tgz := BuildTarball(manifest, "module.exports = 1;\n")
	sum1 := sha1.Sum(tgz)
	sum512 := sha512.Sum512(tgz)
	v := map[string]any{
		"name": name, "version": version, "_id": name + "@" + version,
		"dist": map[string]any{
			"shasum":    hex.EncodeToString(sum1[:]),
			"integrity": "sha512-" + base64.StdEncoding.EncodeToString(sum512[:]),
			"tarball":   "http://elsewhere.invalid/" + name + "/-/" + name + "-" + version + ".tgz",
		},
	}
	return map[string]any{
		"_id": name, "name": name, "description": "d",
		"dist-tags": map[string]string{"latest": version},
		"versions":  map[string]any{version: v},
		"access":    nil,
		"_attachments": map[string]any{name + "-" + version + ".tgz": map[string]any{
			"content_type": "application/octet-stream",
			"data":         base64.StdEncoding.EncodeToString(tgz),
			"length":       len(tgz),
		}},
	}
}

func escapeName(name string) string { return strings.Replace(name, "/", "%2f", 1) }

func dist(doc map[string]any, version string) map[string]any {
	return doc["versions"].(map[string]any)[version].(map[string]any)["dist"].(map[string]any)
}

func attachmentOf(doc map[string]any) map[string]any {
	for _, a := range doc["_attachments"].(map[string]any) {
		return a.(map[string]any)
	}
	return nil
}

func TestPublishValidation(t *testing.T) {
	tests := []struct {
		name       string
		mutate     func(doc map[string]any)
		wantStatus int
		wantError  string
	}{
		{"valid", func(map[string]any) {}, http.StatusOK, ""},
		{"bad shasum", func(d map[string]any) { dist(d, "1.0.0")["shasum"] = strings.Repeat("0", 40) }, http.StatusBadRequest, "shasum"},
		{"bad integrity", func(d map[string]any) {
			dist(d, "1.0.0")["integrity"] = "sha512-" + base64.StdEncoding.EncodeToString(make([]byte, 64))
		}, http.StatusBadRequest, "integrity"},
		{"wrong length", func(d map[string]any) { attachmentOf(d)["length"] = 3 }, http.StatusBadRequest, "length"},
		{"bad base64", func(d map[string]any) { attachmentOf(d)["data"] = "!!!" }, http.StatusBadRequest, "base64"},
		{"name mismatch", func(d map[string]any) { d["name"] = "other" }, http.StatusBadRequest, "name"},
		{"tag to unknown version", func(d map[string]any) { d["dist-tags"] = map[string]string{"latest": "9.9.9"} }, http.StatusBadRequest, "9.9.9"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := New(t)
			tok := srv.AddUser("alice", "pw", "a@example.com")
			doc := publishDocFor(srv.URL, "pkg", "1.0.0")
			tt.mutate(doc)
			r := do(t, srv, call{method: "PUT", path: "pkg", token: tok, body: doc})
			if r.status != tt.wantStatus {
				t.Fatalf("status %d (%s), want %d", r.status, r.raw, tt.wantStatus)
			}
			if tt.wantError != "" {
				if msg, _ := r.json(t)["error"].(string); !strings.Contains(msg, tt.wantError) {
					t.Errorf("error %q does not mention %q", msg, tt.wantError)
				}
				if srv.Packument("pkg") != nil {
					t.Error("a rejected publish created the package")
				}
			}
		})
	}
}

func TestPublishRules(t *testing.T) {
	srv := New(t)
	alice := srv.AddUser("alice", "pw", "a@example.com")
	bob := srv.AddUser("bob", "pw", "b@example.com")

	if r := do(t, srv, call{method: "PUT", path: "pkg", token: alice, body: publishDocFor(srv.URL, "pkg", "1.0.0")}); r.status != http.StatusOK {
		t.Fatalf("first publish: %d %s", r.status, r.raw)
	}
	doc := srv.Packument("pkg")
	if got := srv.Maintainers("pkg"); len(got) != 1 || got[0] != "alice" {
		t.Errorf("maintainers after first publish = %v, want [alice]", got)
	}
	if got := dist(doc, "1.0.0")["tarball"]; got != srv.URL+"pkg/-/pkg-1.0.0.tgz" {
		t.Errorf("dist.tarball = %v, want it rewritten to this server", got)
	}
	if doc["_rev"] == "" || doc["time"].(map[string]any)["1.0.0"] == nil {
		t.Errorf("packument lacks _rev or time: %v", doc)
	}
	if srv.Access("pkg") != "public" {
		t.Errorf("access of a new unscoped package = %q, want public", srv.Access("pkg"))
	}

	r := do(t, srv, call{method: "PUT", path: "pkg", token: alice, body: publishDocFor(srv.URL, "pkg", "1.0.0")})
	if msg, _ := r.json(t)["error"].(string); r.status != http.StatusForbidden || msg != "You cannot publish over the previously published versions: 1.0.0." {
		t.Errorf("republish: %d %q", r.status, msg)
	}
	if r := do(t, srv, call{method: "PUT", path: "pkg", token: bob, body: publishDocFor(srv.URL, "pkg", "2.0.0")}); r.status != http.StatusForbidden {
		t.Errorf("publish by a non-maintainer: %d, want 403", r.status)
	}
	if r := do(t, srv, call{method: "PUT", path: "pkg", body: publishDocFor(srv.URL, "pkg", "2.0.0")}); r.status != http.StatusUnauthorized {
		t.Errorf("anonymous publish: %d, want 401", r.status)
	}

	scoped := publishDocFor(srv.URL, "@s/pk", "1.0.0")
	if r := do(t, srv, call{method: "PUT", path: escapeName("@s/pk"), token: alice, body: scoped}); r.status != http.StatusOK {
		t.Fatalf("scoped publish: %d %s", r.status, r.raw)
	}
	if srv.Access("@s/pk") != "restricted" {
		t.Errorf("access of a new scoped package without access = %q, want restricted", srv.Access("@s/pk"))
	}
	if r := do(t, srv, call{method: "GET", path: "@s/pk"}); r.status != http.StatusNotFound {
		t.Errorf("anonymous read of a restricted package: %d, want 404", r.status)
	}
	for _, path := range []string{"@s/pk/-/pk-1.0.0.tgz", "@s%2fpk/-/@s/pk-1.0.0.tgz"} {
		r := do(t, srv, call{method: "GET", path: path, token: alice})
		if r.status != http.StatusOK || string(r.raw) != string(srv.Tarball("@s/pk", "1.0.0")) {
			t.Errorf("GET %s: %d, want the stored tarball", path, r.status)
		}
	}
}

func TestUnpublishAndRevisions(t *testing.T) {
	srv := New(t)
	tok := srv.AddUser("alice", "pw", "a@example.com")
	srv.AddPackage("alice", "pkg", "1.0.0", "1.1.0")
	doc := do(t, srv, call{method: "GET", path: "pkg?write=true", token: tok}).json(t)
	rev := doc["_rev"].(string)
	delete(doc["versions"].(map[string]any), "1.1.0")
	doc["dist-tags"] = map[string]string{"latest": "1.0.0"}

	if r := do(t, srv, call{method: "PUT", path: "pkg/-rev/1-stale", token: tok, body: doc}); r.status != http.StatusConflict {
		t.Fatalf("PUT with a stale _rev: %d, want 409", r.status)
	}
	if r := do(t, srv, call{method: "PUT", path: "pkg/-rev/" + rev, token: tok, body: doc}); r.status != http.StatusOK {
		t.Fatalf("PUT without 1.1.0: %d %s", r.status, r.raw)
	}
	after := srv.Packument("pkg")
	newRev := after["_rev"].(string)
	if newRev == rev {
		t.Error("_rev did not change")
	}
	if _, ok := after["versions"].(map[string]any)["1.1.0"]; ok {
		t.Fatal("1.1.0 is still listed")
	}
	if r := do(t, srv, call{method: "DELETE", path: "pkg/-/pkg-1.1.0.tgz/-rev/" + rev, token: tok}); r.status != http.StatusConflict {
		t.Errorf("tarball DELETE with the old _rev: %d, want 409", r.status)
	}
	if r := do(t, srv, call{method: "DELETE", path: "pkg/-/pkg-1.1.0.tgz/-rev/" + newRev, token: tok}); r.status != http.StatusOK {
		t.Fatalf("tarball DELETE: %d %s", r.status, r.raw)
	}
	if r := do(t, srv, call{method: "GET", path: "pkg/-/pkg-1.1.0.tgz"}); r.status != http.StatusNotFound {
		t.Errorf("tarball still served after DELETE: %d", r.status)
	}
	// The version number stays burnt.
	if r := do(t, srv, call{method: "PUT", path: "pkg", token: tok, body: publishDocFor(srv.URL, "pkg", "1.1.0")}); r.status != http.StatusForbidden {
		t.Errorf("republishing an unpublished version: %d, want 403", r.status)
	}

	rev = srv.Packument("pkg")["_rev"].(string)
	if r := do(t, srv, call{method: "DELETE", path: "pkg/-rev/" + rev, token: tok}); r.status != http.StatusOK || srv.Packument("pkg") != nil {
		t.Fatalf("whole-package DELETE: %d, package still there: %v", r.status, srv.Packument("pkg") != nil)
	}
}

func TestOwners(t *testing.T) {
	srv := New(t)
	tok := srv.AddUser("alice", "pw", "a@example.com")
	srv.AddUser("bob", "pw", "b@example.com")
	srv.AddPackage("alice", "@s/pk", "1.0.0")
	rev := srv.Packument("@s/pk")["_rev"].(string)
	owners := func(names ...string) map[string]any {
		var m []map[string]string
		for _, n := range names {
			m = append(m, map[string]string{"name": n, "email": n + "@example.com"})
		}
		return map[string]any{"_id": "@s/pk", "_rev": rev, "maintainers": m}
	}
	path := escapeName("@s/pk") + "/-rev/" + rev
	if r := do(t, srv, call{method: "PUT", path: path, token: tok, body: owners("alice", "nobody")}); r.status != http.StatusNotFound {
		t.Errorf("adding an unknown user: %d, want 404", r.status)
	}
	if r := do(t, srv, call{method: "PUT", path: path, token: tok, body: owners("alice", "bob")}); r.status != http.StatusOK {
		t.Fatalf("owner add: %d %s", r.status, r.raw)
	}
	if got := srv.Maintainers("@s/pk"); strings.Join(got, ",") != "alice,bob" {
		t.Errorf("maintainers = %v, want [alice bob]", got)
	}
	if r := do(t, srv, call{method: "PUT", path: path, token: tok, body: owners("alice")}); r.status != http.StatusConflict {
		t.Errorf("owner change with the old _rev: %d, want 409", r.status)
	}
	u := do(t, srv, call{method: "GET", path: "-/user/org.couchdb.user:bob"}).json(t)
	if u["name"] != "bob" || u["email"] != "b@example.com" || u["password"] != nil {
		t.Errorf("user document = %v", u)
	}
}
