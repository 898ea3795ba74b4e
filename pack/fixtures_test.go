package pack

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// node is one thing a fixture builds on disk that git cannot keep: a
// mode, a symlink, an unusual name, a .git folder.
type node struct {
	path    string
	content string
	mode    fs.FileMode // 0 means 0644
	symlink string      // link target, when set
	dir     bool
}

// fixture is a package folder: plain files under testdata/<name> (if that
// folder exists) plus the nodes built at test time.
type fixture struct {
	name  string
	nodes []node
}

// testdata names that git or the surrounding repository would treat
// specially are stored with an underscore.
var renames = map[string]string{
	"_gitignore":    ".gitignore",
	"_npmignore":    ".npmignore",
	"_node_modules": "node_modules",
}

var longName = strings.Repeat("n", 120)

var fixtures = []fixture{
	{name: "basic"},
	{name: "files-globs"},
	{name: "files-folders"},
	{name: "npmignore-root"},
	{name: "npmignore-nested"},
	{name: "gitignore-fallback"},
	{name: "npmignore-over-gitignore"},
	{name: "always-included"},
	{name: "always-excluded", nodes: []node{
		{path: ".git/HEAD", content: "ref: refs/heads/main\n"},
		{path: "lib/.git", content: "gitdir: elsewhere\n"},
	}},
	{name: "bundled"},
	{name: "case-insensitive"},
	{name: "modes", nodes: []node{
		{path: "package.json", content: `{"name":"modes","version":"1.0.0","bin":{"cli":"cli.js","other":"./bin/other.js","quirk":"run.js"}}`},
		{path: "cli.js", content: "#!/usr/bin/env node\n"},
		{path: "bin/other.js", content: "#!/usr/bin/env node\n"},
		{path: "lib/run.js", content: "same name as a root bin, one folder down\n"},
		{path: "tools/run.sh", content: "#!/bin/sh\necho hi\n", mode: 0o755},
		{path: "private.txt", content: "owner only\n", mode: 0o600},
		{path: "group-write.txt", content: "g+w\n", mode: 0o664},
		{path: "owner-exec.sh", content: "#!/bin/sh\n", mode: 0o700},
		{path: "readonly.txt", content: "r\n", mode: 0o444},
		{path: "world.txt", content: "w\n", mode: 0o666},
	}},
	{name: "long-and-unicode-paths", nodes: []node{
		{path: "package.json", content: `{"name":"long-and-unicode-paths","version":"1.0.0"}`},
		{path: "héllo.js", content: "hi"},
		{path: "empty-é.txt", content: ""},
		{path: "日本語/ファイル.md", content: "# 日本\n"},
		{path: "emoji-😀.txt", content: "smile\n"},
		{path: "a/" + strings.Repeat("d", 60) + "/" + strings.Repeat("f", 50) + ".js", content: "split into prefix and name\n"},
		{path: "b/" + longName + ".js", content: "base name over 100 bytes\n"},
		{path: strings.Repeat("deep/", 35) + "x.js", content: "prefix over 155 bytes\n"},
		{path: "c/" + strings.Repeat("é", 60) + ".js", content: "long and not ASCII\n"},
		{path: strings.Repeat("p", 91) + ".js", content: "exactly 99 bytes with package/\n"},
		{path: strings.Repeat("q", 92) + ".js", content: "exactly 100 bytes with package/\n"},
	}},
	{name: "symlinks", nodes: []node{
		{path: "package.json", content: `{"name":"symlinks","version":"1.0.0","files":["lib","linked.js","linkdir"],"main":"main-link.js"}`},
		{path: "lib/real.js", content: "real\n"},
		{path: "lib/alias.js", symlink: "real.js"},
		{path: "linked.js", symlink: "lib/real.js"},
		{path: "linkdir", symlink: "lib"},
		{path: "main-link.js", symlink: "lib/real.js"},
		{path: "README.md", symlink: "lib/real.js"},
		{path: "dangling.js", symlink: "nowhere.js"},
	}},
	{name: "sort-order", nodes: sortOrderNodes()},
	{name: "odd-entries", nodes: []node{
		{path: "package.json", content: `{"name":"odd-entries","version":"1.0.0"}`},
		{path: "star*name.js", content: "skipped: names with * are refused\n"},
		{path: "empty-dir", dir: true},
		{path: "only-ignored/.DS_Store", content: "x"},
		{path: "zero.txt", content: ""},
		{path: "block.txt", content: strings.Repeat("b", 512)},
		{path: "big.bin", content: strings.Repeat("0123456789abcdef", 4096) + "tail"},
		{path: "CHANGELOG.md", content: "changes\n"},
		{path: "readme", content: "bare readme\n"},
		{path: "readme~", content: "backup\n"},
	}},
	{name: "files-with-required", nodes: []node{
		{path: "package.json", content: `{"name":"files-with-required","version":"3.0.0","files":["lib/keep.js","/lib/also.js","lib/sub/deep.js","package-lock.json","!lib/gone.js","docs/*"]}`},
		{path: "lib/keep.js", content: "k\n"},
		{path: "lib/also.js", content: "a\n"},
		{path: "lib/gone.js", content: "g\n"},
		{path: "lib/other.js", content: "o\n"},
		{path: "lib/.npmignore", content: "keep.js\nalso.js\nsub\n"},
		{path: "lib/sub/deep.js", content: "d\n"},
		{path: "package-lock.json", content: "{}\n"},
		{path: "docs/a.md", content: "a\n"},
		{path: "docs/inner/b.md", content: "b\n"},
	}},
	{name: "glob-rules", nodes: []node{
		{path: "package.json", content: `{"name":"glob-rules","version":"1.0.0"}`},
		{path: ".npmignore", content: "**/*.test.js\nlib/**/fixtures\na/**/b\n*.{md,txt}\n[abc].js\n?.ts\n!lib/**/keep.*\n\\#hash.js\nsrc/*/gen\n/root-only.js\n**/tmp/**\n"},
		{path: "x.test.js"}, {path: "lib/y.test.js"}, {path: "lib/deep/fixtures/f.json"}, {path: "lib/fixtures/g.json"},
		{path: "a/b"}, {path: "a/x/y/b"}, {path: "a/c"}, {path: "notes.md"}, {path: "lib/keep.md"}, {path: "notes.txt"},
		{path: "a.js"}, {path: "d.js"}, {path: "x.ts"}, {path: "xy.ts"}, {path: "#hash.js"}, {path: "src/one/gen/g.js"},
		{path: "src/one/two/gen/g.js"}, {path: "root-only.js"}, {path: "lib/root-only.js"}, {path: "tmp/t.js"}, {path: "lib/tmp/u.js"},
		{path: "README.txt", content: "forced in despite *.txt\n"},
	}},
	{name: "bundled-link", nodes: []node{
		{path: "package.json", content: `{"name":"@scope/bundled-link","version":"1.0.0-beta.1","dependencies":{"linked":"file:../linked"},"bundleDependencies":true}`},
		{path: "index.js"},
		{path: "../linked/package.json", content: `{"name":"linked","version":"1.0.0"}`},
		{path: "../linked/index.js"},
		{path: "../linked/.npmignore", content: "ignored.js\n"},
		{path: "../linked/ignored.js"},
		{path: "../linked/.DS_Store"},
		{path: "node_modules/linked", symlink: "../../linked"},
	}},
	{name: "directories-bin", nodes: []node{
		{path: "package.json", content: `{"name":"directories-bin","version":"1.0.0","directories":{"bin":"./scripts"},"files":["lib"]}`},
		{path: "scripts/one.js"}, {path: "scripts/sub/two.js"}, {path: "two.js"}, {path: "lib/one.js"},
	}},
}

// sortOrderNodes makes names that byte order and ICU collation disagree on.
func sortOrderNodes() []node {
	names := []string{
		"A.js", "a.js", "_a.js", "-a.js", "a-b.js", "a_b.js", "a.b.js", "ab.js", "aB.js", "Ab.js",
		"a1.js", "a10.js", "a2.js", "1a.js", "B.JS", "b.Js", "Makefile", "makefile2", ".eslintrc",
		"x.TXT", "x.txt2", "lib/A.js", "Lib/a.js", "lib-a/x.js", "lib_a/x.js", "lib.a/x.js",
		"@scoped/x.js", "@Scoped/y.js", "~tilde.js", "é.js", "e.js", "E.js", "f.JS", "index.d.ts",
		"index.ts", "index.js", "x.tar.gz", "..dots", "a.", "Z/z", "z/Z",
	}
	nodes := []node{{path: "package.json", content: `{"name":"sort-order","version":"1.0.0"}`}}
	for _, n := range names {
		nodes = append(nodes, node{path: n, content: n + "\n"})
	}
	return nodes
}

// build copies the fixture's testdata and creates its nodes in a new
// temporary folder, returning its path.
func (fx fixture) build(t testing.TB) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), fx.name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	src := filepath.Join("testdata", fx.name)
	if _, err := os.Stat(src); err == nil {
		if err := copyTree(src, dir); err != nil {
			t.Fatal(err)
		}
	}
	for _, n := range fx.nodes {
		if err := n.create(dir); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func (n node) create(root string) error {
	p := filepath.Join(root, filepath.FromSlash(n.path))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	switch {
	case n.dir:
		return os.MkdirAll(p, 0o755)
	case n.symlink != "":
		return os.Symlink(n.symlink, p)
	}
	mode := n.mode
	if mode == 0 {
		mode = 0o644
	}
	content := n.content
	if content == "" && !strings.HasSuffix(n.path, ".txt") {
		content = "content of " + n.path + "\n"
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
