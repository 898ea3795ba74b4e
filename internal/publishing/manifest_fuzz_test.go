package publishing

import (
	"encoding/json"
	"path"
	"strings"
	"testing"

	"github.com/gonpm/gonpm/internal/semver"
)

// FuzzNormalizeManifest feeds arbitrary package.json text to the reader
// and normaliser publish builds the version document with: never a
// panic, and a manifest that validates becomes a document with the
// cleaned version, its _id, no other "_" keys, commands that are plain
// names pointing inside the package, and that still prints as JSON.
func FuzzNormalizeManifest(f *testing.F) {
	for _, s := range []string{
		`{"name":"p","version":"v1.0.0","_secret":1,"bin":"./cli.js","author":"A <a@b> (http://u)"}`,
		`{"name":"@s/p","version":"1.0.0-rc.1+b","bin":{"a:b":"x:y.js","..":"z.js","":"e.js","w":"../../up"},` +
			`"keywords":"a, b,,c","repository":"git://x","bundledDependencies":["d"],"contributors":["x",1,{"name":"y"}]}`,
		`{"name":"p","version":"1.0.0","bin":5,"bundleDependencies":false,"maintainers":"m"}`,
		`{"name":"P","version":"1.0.0"}`, `{"name":"p","version":"1.0"}`, `[]`, `null`, `{"name":"p","version":"1.0.0","n":1e999}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		raw, err := decodeManifest(data, "package.json")
		if err != nil {
			return
		}
		name, version, err := validateManifest(raw, "package.json")
		if err != nil {
			return
		}
		if !semver.Valid(version) || strings.HasPrefix(version, "v") {
			t.Fatalf("validated version %q is not clean", version)
		}
		doc := normalize(raw, name, version, "")
		if doc["_id"] != name+"@"+version || doc["version"] != version {
			t.Fatalf("document has _id %v, version %v", doc["_id"], doc["version"])
		}
		for k := range doc {
			if strings.HasPrefix(k, "_") && k != "_id" {
				t.Fatalf("key %q of package.json reached the registry document", k)
			}
		}
		if bin, ok := doc["bin"]; ok {
			bins, ok := bin.(map[string]any)
			if !ok {
				t.Fatalf("bin is %T, want an object", bin)
			}
			for cmd, target := range bins {
				s, ok := target.(string)
				if !ok || cmd == "" || cmd == "." || cmd == ".." || strings.ContainsAny(cmd, `/\:`) {
					t.Fatalf("bin %q → %v is not a command", cmd, target)
				}
				if s == "" || strings.HasPrefix(s, "/") || strings.Contains(s, `\`) || path.Clean(s) != s || s == ".." || strings.HasPrefix(s, "../") {
					t.Fatalf("bin %q points at %q, outside the package or unclean", cmd, s)
				}
			}
		}
		if _, err := json.Marshal(doc); err != nil {
			t.Fatalf("the document does not print as JSON: %v", err)
		}
	})
}
