package publishing

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/gonpm/gonpm/internal/registry"
	"github.com/gonpm/gonpm/internal/semver"
)

// FuzzDropVersion feeds arbitrary registry documents to unpublish's
// rewrite: it never panics, the version and every tag naming it are gone,
// a removed "latest" moves to the highest remaining version, the document
// still prints as JSON, and the tarball path it deletes is relative to
// the registry.
func FuzzDropVersion(f *testing.F) {
	seeds := []struct{ doc, version string }{
		{`{"_id":"p","_rev":"3-a","dist-tags":{"latest":"1.1.0","beta":"1.1.0","old":"1.0.0"},` +
			`"versions":{"1.0.0":{},"1.1.0":{"dist":{"tarball":"http://127.0.0.1:1/npm/p/-/p-1.1.0.tgz"}},"2.0.0-rc.1":{}}}`, "1.1.0"},
		{`{"versions":{"1.0.0":{"dist":{"tarball":"a:/http://elsewhere/x.tgz"}}},"dist-tags":{"latest":"1.0.0"}}`, "1.0.0"},
		{`{"versions":{"1.0.0":{"dist":{"tarball":"http://h/%zz"}},"v2.0.0":{},"junk":{}},"dist-tags":{"latest":"1.0.0"}}`, "1.0.0"},
		{`{"versions":[],"dist-tags":"latest"}`, "1.0.0"},
		{`{"versions":{"1.0.0":5},"dist-tags":{"latest":5}}`, "1.0.0"},
		{`{"_attachments":{},"_revisions":[],"n":1e400}`, ""},
		{`null`, "1.0.0"},
	}
	for _, s := range seeds {
		f.Add([]byte(s.doc), s.version)
	}
	u := &Unpublisher{reg: "http://127.0.0.1:1/npm/", name: "p"}
	client := registry.New(registry.Options{Registry: u.reg})
	f.Fuzz(func(t *testing.T, data []byte, version string) {
		doc, err := decodePackument(data)
		if err != nil {
			return
		}
		tags, _ := doc["dist-tags"].(map[string]any)
		latestWas, hadLatest := tags["latest"].(string)

		tarball := dropVersion(doc, version)

		versions, _ := doc["versions"].(map[string]any)
		if _, ok := versions[version]; ok {
			t.Fatalf("version %q is still in %s", version, data)
		}
		for tag, v := range tags {
			if v == version {
				t.Fatalf("tag %q still names the removed version %q", tag, version)
			}
		}
		if hadLatest && latestWas == version {
			latest, _ := tags["latest"].(string)
			checkHighest(t, versions, latest)
		}
		if _, err := json.Marshal(doc); err != nil {
			t.Fatalf("the rewritten document does not print: %v", err)
		}
		if p := u.tarballPath(tarball); p != "" {
			target, err := client.URL(&registry.Request{Path: p + "/-rev/1-a", Registry: u.reg})
			if err != nil || !strings.HasPrefix(target, u.reg) {
				t.Fatalf("tarball %q makes the DELETE go to %q (%v), outside %s", tarball, target, err, u.reg)
			}
		}
	})
}

// checkHighest: latest is a remaining version and no remaining version is
// higher; "" only when no remaining key is a version.
func checkHighest(t *testing.T, versions map[string]any, latest string) {
	t.Helper()
	var top *semver.Version
	for raw := range versions {
		if v, err := semver.Parse(raw); err == nil && (top == nil || semver.Compare(v, top) > 0) {
			top = v
		}
	}
	if top == nil {
		if latest != "" {
			t.Fatalf("latest moved to %q, but no version remains", latest)
		}
		return
	}
	if _, ok := versions[latest]; !ok {
		t.Fatalf("latest moved to %q, which is not a remaining version", latest)
	}
	v, err := semver.Parse(latest)
	if err != nil || semver.Compare(v, top) != 0 {
		t.Fatalf("latest moved to %q, but %s is the highest remaining", latest, top)
	}
}

// FuzzRefuseVersion feeds arbitrary packuments to publish's version
// checks: never a panic, never publishing over a listed version, and an
// implicit "latest" is refused exactly when a listed release that is not
// deprecated is at least as high.
func FuzzRefuseVersion(f *testing.F) {
	f.Add([]byte(`{"versions":{"1.0.0":{},"2.0.0":{"deprecated":"no"},"3.0.0-rc.1":{}}}`), "1.5.0", false)
	f.Add([]byte(`{"versions":{"1.0.0":{"deprecated":0},"1.0.1":{"deprecated":""},"x":{}}}`), "1.0.0", true)
	f.Add([]byte(`{"versions":{"v1.0.0":{},"1.0.0 ":{}}}`), "0.9.0", false)
	f.Add([]byte(`{"versions":null}`), "1.0.0", false)
	f.Add([]byte(`{"versions":{"1.0.0":"x"}}`), "1.0.0", false)
	f.Fuzz(func(t *testing.T, data []byte, version string, explicit bool) {
		published, err := publishedVersions(data)
		if err != nil {
			return
		}
		newV, err := semver.Parse(version)
		if err != nil {
			return
		}
		version = newV.String()
		p := &Package{name: "p", version: version, explicitTag: explicit}
		refused := p.refuseVersion(published) != nil
		_, exists := published[version]
		higher := false
		for raw, info := range published {
			if v, err := semver.Parse(raw); err == nil && !v.IsPrerelease() && !info.deprecated && semver.Compare(v, newV) >= 0 {
				higher = true
			}
		}
		if want := exists || !explicit && higher; refused != want {
			t.Fatalf("publishing %s over %s (explicit tag %v): refused = %v, want %v", version, data, explicit, refused, want)
		}
	})
}
