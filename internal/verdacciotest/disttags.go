package verdacciotest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"testing"
)

// DistTags reads a package's dist-tags (tag → version) straight from the
// registry, without going through any client under test. It returns nil
// when the registry has no such package.
func (v *Verdaccio) DistTags(t testing.TB, pkg string) map[string]string {
	t.Helper()
	// A scoped name travels as one path segment: @scope%2Fname.
	resp, err := v.client.Get(v.URL + "-/package/" + url.PathEscape(pkg) + "/dist-tags")
	if err != nil {
		t.Fatalf("reading dist-tags of %s: %v", pkg, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	switch resp.StatusCode {
	case http.StatusOK:
	case http.StatusNotFound:
		return nil
	default:
		t.Fatalf("reading dist-tags of %s: %s: %s", pkg, resp.Status, raw)
	}
	tags := map[string]string{}
	if err := json.Unmarshal(raw, &tags); err != nil {
		t.Fatalf("reading dist-tags of %s: %v", pkg, err)
	}
	return tags
}
