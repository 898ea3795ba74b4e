package publishing

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestValidateManifest(t *testing.T) {
	tests := []struct {
		name        string
		raw         map[string]any
		wantVersion string
		wantErr     string
	}{
		{"plain", map[string]any{"name": "pkg", "version": "1.2.3"}, "1.2.3", ""},
		{"v prefix cleaned", map[string]any{"name": "pkg", "version": "v1.2.3"}, "1.2.3", ""},
		{"build dropped", map[string]any{"name": "@s/pkg", "version": "1.0.0-rc.1+abc"}, "1.0.0-rc.1", ""},
		{"no name", map[string]any{"version": "1.0.0"}, "", `has no "name"`},
		{"upper case name", map[string]any{"name": "Pkg", "version": "1.0.0"}, "", "lower case"},
		{"bad scope", map[string]any{"name": "@/pkg", "version": "1.0.0"}, "", "@scope/name"},
		{"no version", map[string]any{"name": "pkg"}, "", `has no "version"`},
		{"short version", map[string]any{"name": "pkg", "version": "1.0"}, "", `invalid version "1.0"`},
		{"version not a string", map[string]any{"name": "pkg", "version": 1}, "", `"version" in package.json must be a string`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, v, err := validateManifest(tt.raw, "package.json")
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || v != tt.wantVersion {
				t.Fatalf("version %q, err %v; want %q", v, err, tt.wantVersion)
			}
		})
	}
}

func TestNormalize(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string]string{
		"README.txt": "plain readme",
		"Readme.md":  "# markdown readme",
		"lib/x.js":   "",
		"lib/x.d.ts": "",
		"server.js":  "",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(text), 0o644)
	}
	git := filepath.Join(dir, ".git")
	os.MkdirAll(filepath.Join(git, "refs", "heads"), 0o755)
	os.WriteFile(filepath.Join(git, "HEAD"), []byte("ref: refs/heads/main\n"), 0o644)
	head := strings.Repeat("ab", 20)
	os.WriteFile(filepath.Join(git, "packed-refs"), []byte("# pack-refs\n"+head+" refs/heads/main\n"), 0o644)

	raw := map[string]any{
		"name": "@s/tool", "version": "v1.0.0", "_secret": "x", "_from": "y",
		"main":                "lib/x.js",
		"bin":                 "./bin/../cli.js",
		"author":              "Ann Example <ann@example.com> (http://127.0.0.1/ann)",
		"keywords":            "a, b c",
		"repository":          "git+ssh://127.0.0.1/repo.git",
		"bundledDependencies": []any{"dep"},
		"scripts":             map[string]any{"test": "true"},
	}
	m := normalize(raw, "@s/tool", "1.0.0", dir)
	want := map[string]any{
		"name": "@s/tool", "version": "1.0.0", "_id": "@s/tool@1.0.0",
		"main":               "lib/x.js",
		"types":              "./lib/x.d.ts",
		"bin":                map[string]any{"tool": "cli.js"},
		"author":             map[string]any{"name": "Ann Example", "email": "ann@example.com", "url": "http://127.0.0.1/ann"},
		"keywords":           []string{"a", "b", "c"},
		"repository":         map[string]any{"type": "git", "url": "git+ssh://127.0.0.1/repo.git"},
		"bundleDependencies": []any{"dep"},
		"scripts":            map[string]any{"test": "true", "start": "node server.js"},
		"readme":             "# markdown readme",
		"readmeFilename":     "Readme.md",
		"gitHead":            head,
	}
	if !reflect.DeepEqual(m, want) {
		t.Errorf("normalize =\n%#v\nwant\n%#v", m, want)
	}
	if _, ok := raw["_id"]; ok {
		t.Error("normalize changed the manifest it was given")
	}
}

func TestNormalizeWithoutReadme(t *testing.T) {
	m := normalize(map[string]any{"name": "p", "version": "1.0.0", "bin": map[string]any{"a": 1, "b": "b.js"}}, "p", "1.0.0", t.TempDir())
	if m["readme"] != "ERROR: No README data found!" {
		t.Errorf("readme = %q", m["readme"])
	}
	if _, ok := m["readmeFilename"]; ok {
		t.Error("readmeFilename set without a README")
	}
	if !reflect.DeepEqual(m["bin"], map[string]any{"b": "b.js"}) {
		t.Errorf("bin = %v, want only the string entry", m["bin"])
	}
}

func TestTarballURL(t *testing.T) {
	tests := []struct{ reg, name, want string }{
		{"http://127.0.0.1:4873/", "pkg", "http://127.0.0.1:4873/pkg/-/pkg-1.0.0.tgz"},
		{"https://127.0.0.1/npm/", "@s/pkg", "http://127.0.0.1/npm/@s/pkg/-/@s/pkg-1.0.0.tgz"},
	}
	for _, tt := range tests {
		if got := tarballURL(tt.reg, tt.name, "1.0.0"); got != tt.want {
			t.Errorf("tarballURL(%q, %q) = %q, want %q", tt.reg, tt.name, got, tt.want)
		}
	}
}
