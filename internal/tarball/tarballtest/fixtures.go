// Package tarballtest holds the package folders the pack tests build:
// plain files under internal/tarball/testdata plus nodes git cannot keep
// (modes, symlinks, unusual names). The library's tests and the pack
// command's tests both use them.
package tarballtest

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// Node is one thing a fixture builds on disk that git cannot keep: a
// mode, a symlink, an unusual name, a .git folder.
type Node struct {
	Path    string
	Content string
	Mode    fs.FileMode // 0 means 0644
	Symlink string      // link target, when set
	Dir     bool
}

// Fixture is a package folder: plain files under testdata/<name> (if that
// folder exists) plus the nodes built at test time.
type Fixture struct {
	Name  string
	Nodes []Node
}

// testdata names that git or the surrounding repository would treat
// specially are stored with an underscore.
var renames = map[string]string{
	"_gitignore":    ".gitignore",
	"_npmignore":    ".npmignore",
	"_node_modules": "node_modules",
}

var longName = strings.Repeat("n", 120)

// Fixtures are every package folder the tests compare with npm.
var Fixtures = []Fixture{
	{Name: "basic"},
	{Name: "files-globs"},
	{Name: "files-folders"},
	{Name: "npmignore-root"},
	{Name: "npmignore-nested"},
	{Name: "gitignore-fallback"},
	{Name: "npmignore-over-gitignore"},
	{Name: "always-included"},
	{Name: "always-excluded", Nodes: []Node{
		{Path: ".git/HEAD", Content: "ref: refs/heads/main\n"},
		{Path: "lib/.git", Content: "gitdir: elsewhere\n"},
	}},
	{Name: "bundled"},
	{Name: "case-insensitive"},
	{Name: "modes", Nodes: []Node{
		{Path: "package.json", Content: `{"name":"modes","version":"1.0.0","bin":{"cli":"cli.js","other":"./bin/other.js","quirk":"run.js"}}`},
		{Path: "cli.js", Content: "#!/usr/bin/env node\n"},
		{Path: "bin/other.js", Content: "#!/usr/bin/env node\n"},
		{Path: "lib/run.js", Content: "same name as a root bin, one folder down\n"},
		{Path: "tools/run.sh", Content: "#!/bin/sh\necho hi\n", Mode: 0o755},
		{Path: "private.txt", Content: "owner only\n", Mode: 0o600},
		{Path: "group-write.txt", Content: "g+w\n", Mode: 0o664},
		{Path: "owner-exec.sh", Content: "#!/bin/sh\n", Mode: 0o700},
		{Path: "readonly.txt", Content: "r\n", Mode: 0o444},
		{Path: "world.txt", Content: "w\n", Mode: 0o666},
	}},
	{Name: "long-and-unicode-paths", Nodes: []Node{
		{Path: "package.json", Content: `{"name":"long-and-unicode-paths","version":"1.0.0"}`},
		{Path: "héllo.js", Content: "hi"},
		{Path: "empty-é.txt", Content: ""},
		{Path: "日本語/ファイル.md", Content: "# 日本\n"},
		{Path: "emoji-😀.txt", Content: "smile\n"},
		{Path: "a/" + strings.Repeat("d", 60) + "/" + strings.Repeat("f", 50) + ".js", Content: "split into prefix and name\n"},
		{Path: "b/" + longName + ".js", Content: "base name over 100 bytes\n"},
		{Path: strings.Repeat("deep/", 35) + "x.js", Content: "prefix over 155 bytes\n"},
		{Path: "c/" + strings.Repeat("é", 60) + ".js", Content: "long and not ASCII\n"},
		{Path: strings.Repeat("p", 91) + ".js", Content: "exactly 99 bytes with package/\n"},
		{Path: strings.Repeat("q", 92) + ".js", Content: "exactly 100 bytes with package/\n"},
	}},
	{Name: "symlinks", Nodes: []Node{
		{Path: "package.json", Content: `{"name":"symlinks","version":"1.0.0","files":["lib","linked.js","linkdir"],"main":"main-link.js"}`},
		{Path: "lib/real.js", Content: "real\n"},
		{Path: "lib/alias.js", Symlink: "real.js"},
		{Path: "linked.js", Symlink: "lib/real.js"},
		{Path: "linkdir", Symlink: "lib"},
		{Path: "main-link.js", Symlink: "lib/real.js"},
		{Path: "README.md", Symlink: "lib/real.js"},
		{Path: "dangling.js", Symlink: "nowhere.js"},
	}},
	{Name: "sort-order", Nodes: sortOrderNodes()},
	{Name: "odd-entries", Nodes: []Node{
		{Path: "package.json", Content: `{"name":"odd-entries","version":"1.0.0"}`},
		{Path: "star*name.js", Content: "skipped: names with * are refused\n"},
		{Path: "empty-dir", Dir: true},
		{Path: "only-ignored/.DS_Store", Content: "x"},
		{Path: "zero.txt", Content: ""},
		{Path: "block.txt", Content: strings.Repeat("b", 512)},
		{Path: "big.bin", Content: strings.Repeat("0123456789abcdef", 4096) + "tail"},
		{Path: "CHANGELOG.md", Content: "changes\n"},
		{Path: "readme", Content: "bare readme\n"},
		{Path: "readme~", Content: "backup\n"},
	}},
	{Name: "files-with-required", Nodes: []Node{
		{Path: "package.json", Content: `{"name":"files-with-required","version":"3.0.0","files":["lib/keep.js","/lib/also.js","lib/sub/deep.js","package-lock.json","!lib/gone.js","docs/*"]}`},
		{Path: "lib/keep.js", Content: "k\n"},
		{Path: "lib/also.js", Content: "a\n"},
		{Path: "lib/gone.js", Content: "g\n"},
		{Path: "lib/other.js", Content: "o\n"},
		{Path: "lib/.npmignore", Content: "keep.js\nalso.js\nsub\n"},
		{Path: "lib/sub/deep.js", Content: "d\n"},
		{Path: "package-lock.json", Content: "{}\n"},
		{Path: "docs/a.md", Content: "a\n"},
		{Path: "docs/inner/b.md", Content: "b\n"},
	}},
	{Name: "glob-rules", Nodes: []Node{
		{Path: "package.json", Content: `{"name":"glob-rules","version":"1.0.0"}`},
		{Path: ".npmignore", Content: "**/*.test.js\nlib/**/fixtures\na/**/b\n*.{md,txt}\n[abc].js\n?.ts\n!lib/**/keep.*\n\\#hash.js\nsrc/*/gen\n/root-only.js\n**/tmp/**\n"},
		{Path: "x.test.js"}, {Path: "lib/y.test.js"}, {Path: "lib/deep/fixtures/f.json"}, {Path: "lib/fixtures/g.json"},
		{Path: "a/b"}, {Path: "a/x/y/b"}, {Path: "a/c"}, {Path: "notes.md"}, {Path: "lib/keep.md"}, {Path: "notes.txt"},
		{Path: "a.js"}, {Path: "d.js"}, {Path: "x.ts"}, {Path: "xy.ts"}, {Path: "#hash.js"}, {Path: "src/one/gen/g.js"},
		{Path: "src/one/two/gen/g.js"}, {Path: "root-only.js"}, {Path: "lib/root-only.js"}, {Path: "tmp/t.js"}, {Path: "lib/tmp/u.js"},
		{Path: "README.txt", Content: "forced in despite *.txt\n"},
	}},
	{Name: "bundled-link", Nodes: []Node{
		{Path: "package.json", Content: `{"name":"@scope/bundled-link","version":"1.0.0-beta.1","dependencies":{"linked":"file:../linked"},"bundleDependencies":true}`},
		{Path: "index.js"},
		{Path: "../linked/package.json", Content: `{"name":"linked","version":"1.0.0"}`},
		{Path: "../linked/index.js"},
		{Path: "../linked/.npmignore", Content: "ignored.js\n"},
		{Path: "../linked/ignored.js"},
		{Path: "../linked/.DS_Store"},
		{Path: "node_modules/linked", Symlink: "../../linked"},
	}},
	{Name: "directories-bin", Nodes: []Node{
		{Path: "package.json", Content: `{"name":"directories-bin","version":"1.0.0","directories":{"bin":"./scripts"},"files":["lib"]}`},
		{Path: "scripts/one.js"}, {Path: "scripts/sub/two.js"}, {Path: "two.js"}, {Path: "lib/one.js"},
	}},
}

// sortOrderNodes makes names that byte order and ICU collation disagree on.
func sortOrderNodes() []Node {
	names := []string{
		"A.js", "a.js", "_a.js", "-a.js", "a-b.js", "a_b.js", "a.b.js", "ab.js", "aB.js", "Ab.js",
		"a1.js", "a10.js", "a2.js", "1a.js", "B.JS", "b.Js", "Makefile", "makefile2", ".eslintrc",
		"x.TXT", "x.txt2", "lib/A.js", "Lib/a.js", "lib-a/x.js", "lib_a/x.js", "lib.a/x.js",
		"@scoped/x.js", "@Scoped/y.js", "~tilde.js", "é.js", "e.js", "E.js", "f.JS", "index.d.ts",
		"index.ts", "index.js", "x.tar.gz", "..dots", "a.", "Z/z", "z/Z",
	}
	nodes := []Node{{Path: "package.json", Content: `{"name":"sort-order","version":"1.0.0"}`}}
	for _, n := range names {
		nodes = append(nodes, Node{Path: n, Content: n + "\n"})
	}
	return nodes
}

// Build copies the fixture's testdata and creates its nodes in a new
// temporary folder, returning its path.
func (fx Fixture) Build(t testing.TB) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), fx.Name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(testdata(), fx.Name)
	if _, err := os.Stat(src); err == nil {
		if err := copyTree(src, dir); err != nil {
			t.Fatal(err)
		}
	}
	for _, n := range fx.Nodes {
		if err := n.create(dir); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func (n Node) create(root string) error {
	p := filepath.Join(root, filepath.FromSlash(n.Path))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	switch {
	case n.Dir:
		return os.MkdirAll(p, 0o755)
	case n.Symlink != "":
		return os.Symlink(n.Symlink, p)
	}
	mode := n.Mode
	if mode == 0 {
		mode = 0o644
	}
	content := n.Content
	if content == "" && !strings.HasSuffix(n.Path, ".txt") {
		content = "content of " + n.Path + "\n"
	}
	if err := os.WriteFile(p, []byte(content), mode); err != nil {
		return err
	}
	// Chmod, because WriteFile's mode passes through the umask.
	return os.Chmod(p, mode)
}

// copyTree copies testdata into dst with every file at mode 0644 (git
// does not keep modes) and the underscore names restored.
func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		parts := strings.Split(filepath.ToSlash(rel), "/")
		for i, part := range parts {
			if r, ok := renames[part]; ok {
				parts[i] = r
			}
		}
		target := filepath.Join(dst, filepath.FromSlash(strings.Join(parts, "/")))
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if err := os.WriteFile(target, data, 0o644); err != nil {
			return err
		}
		return os.Chmod(target, 0o644)
	})
}

// ByName returns the fixture called name.
func ByName(t testing.TB, name string) Fixture {
	t.Helper()
	for _, fx := range Fixtures {
		if fx.Name == name {
			return fx
		}
	}
	t.Fatalf("no fixture %q", name)
	return Fixture{}
}

// testdata is internal/tarball/testdata, wherever the tests run from.
func testdata() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "testdata")
}

// FindNpm returns the real npm to compare with, or skips the test when it
// is not on PATH (fails instead with GONPM_REQUIRE_NPM=1).
func FindNpm(t testing.TB) string {
	t.Helper()
	npm, err := exec.LookPath("npm")
	if err != nil {
		if os.Getenv("GONPM_REQUIRE_NPM") == "1" {
			t.Fatal("npm is required (GONPM_REQUIRE_NPM=1) but not on PATH")
		}
		t.Skip("npm not on PATH: cannot compare with the real npm pack")
	}
	return npm
}
