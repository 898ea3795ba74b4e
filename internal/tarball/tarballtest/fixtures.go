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
	// Pack is the folder to pack, relative to the built folder ("" for
	// the folder itself): a workspace inside a monorepo.
	Pack string
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

func init() {
	Fixtures = append(Fixtures,
		Fixture{Name: "workspaces-root", Nodes: workspacesNodes()},
		Fixture{Name: "workspace-member", Nodes: workspacesNodes(), Pack: "packages/a"},
		Fixture{Name: "workspace-member-nested", Nodes: workspacesNodes(), Pack: "packages/group/c"},
		Fixture{Name: "monorepo-ts-root", Nodes: tsMonorepoNodes()},
		Fixture{Name: "monorepo-ts-member", Nodes: tsMonorepoNodes(), Pack: "packages/core"},
		Fixture{Name: "monorepo-bundling-root", Nodes: bundlingMonorepoNodes()},
	)
}

// workspacesNodes is a workspaces root probing every ignore file npm
// might consult: a workspace's own .npmignore, .npmignore and .ignore in
// its subfolders, a nested non-workspace folder with a package.json, the
// root's .gitignore with anchored rules and globs, a .gitignore in the
// folder between root and workspace, and a workspace bundled through a
// node_modules link.
func workspacesNodes() []Node {
	return []Node{
		{Path: "package.json", Content: `{"name":"ws-root","version":"1.0.0","workspaces":["packages/*","packages/group/*","!packages/skipped"],"dependencies":{"b":"1.0.0"},"bundleDependencies":["b"]}`},
		{Path: ".gitignore", Content: "/dist\n*.log\n/tools/sub/skip.js\nsecret*\n/packages/a/anchored-from-root.js\n"},
		{Path: "index.js"}, {Path: "root.log"}, {Path: "dist/root-dist.js"}, {Path: "docs/guide.md"},
		{Path: "packages/.gitignore", Content: "only-in-packages.txt\n"},
		{Path: "packages/a/package.json", Content: `{"name":"a","version":"1.0.0"}`},
		{Path: "packages/a/.npmignore", Content: "lib/deep\n*.md\nnotes.txt\n"},
		{Path: "packages/a/.gitignore", Content: "index.js\n"},
		{Path: "packages/a/index.js"}, {Path: "packages/a/README.md"}, {Path: "packages/a/CHANGES.md"},
		{Path: "packages/a/notes.txt", Content: "notes\n"}, {Path: "packages/a/a.log"}, {Path: "packages/a/secret.txt", Content: "s\n"},
		{Path: "packages/a/anchored-from-root.js"}, {Path: "packages/a/dist/out.js"}, {Path: "packages/a/only-in-packages.txt", Content: "x\n"},
		{Path: "packages/a/lib/.npmignore", Content: "x.js\n"}, {Path: "packages/a/lib/.ignore", Content: "y.js\n"},
		{Path: "packages/a/lib/x.js"}, {Path: "packages/a/lib/y.js"}, {Path: "packages/a/lib/z.js"}, {Path: "packages/a/lib/deep/d.js"},
		{Path: "packages/a/lib/nested-pkg/package.json", Content: `{"name":"nested","version":"0.0.0"}`},
		{Path: "packages/a/lib/nested-pkg/.npmignore", Content: "hidden.js\n"},
		{Path: "packages/a/lib/nested-pkg/hidden.js"},
		{Path: "packages/b/package.json", Content: `{"name":"b","version":"1.0.0","files":["src"]}`},
		{Path: "packages/b/.npmignore", Content: "b.md\n"},
		{Path: "packages/b/src/b.js"}, {Path: "packages/b/b.md"},
		{Path: "packages/group/.npmignore", Content: "*.snap\n"},
		{Path: "packages/group/c/package.json", Content: `{"name":"c","version":"1.0.0"}`},
		{Path: "packages/group/c/c.js"}, {Path: "packages/group/c/c.snap"}, {Path: "packages/group/c/c.log"}, {Path: "packages/group/c/dist/c.js"},
		{Path: "packages/skipped/package.json", Content: `{"name":"skipped","version":"1.0.0"}`},
		{Path: "packages/skipped/.npmignore", Content: "gone.js\n"}, {Path: "packages/skipped/gone.js"},
		{Path: "tools/sub/package.json", Content: `{"name":"tool","version":"1.0.0","private":true}`},
		{Path: "tools/sub/.npmignore", Content: "x.js\n"}, {Path: "tools/sub/.ignore", Content: "y.js\n"},
		{Path: "tools/sub/skip.js"}, {Path: "tools/sub/keep.js"}, {Path: "tools/sub/x.js"}, {Path: "tools/sub/y.js"},
		{Path: "tools/plain/.npmignore", Content: "x.js\n"}, {Path: "tools/plain/x.js"}, {Path: "tools/plain/keep.js"},
		{Path: "node_modules/b", Symlink: "../packages/b"},
	}
}

// tsMonorepoNodes is shaped like a TypeScript monorepo of the turbo or
// lerna kind: packages/* and apps/*, sources, build output, tests and
// tool caches, ignored from the root's .gitignore; packages publish
// "dist" through "files".
func tsMonorepoNodes() []Node {
	nodes := []Node{
		{Path: "package.json", Content: `{"name":"acme-monorepo","version":"0.0.0","private":true,"workspaces":["packages/*","apps/*"],"scripts":{"build":"turbo run build"}}`},
		{Path: ".gitignore", Content: "node_modules\n/dist\ndist/\ncoverage\n*.tsbuildinfo\n.turbo\n.env*\n!.env.example\n/.cache\n"},
		{Path: ".npmrc", Content: "save-exact=true\n"},
		{Path: "turbo.json", Content: "{}\n"}, {Path: "tsconfig.base.json", Content: "{}\n"},
		{Path: ".env.local", Content: "X=1\n"}, {Path: ".env.example", Content: "X=\n"},
		{Path: ".cache/x"}, {Path: ".turbo/cache.json"}, {Path: ".github/workflows/ci.yml"},
		{Path: "apps/web/package.json", Content: `{"name":"web","private":true,"version":"0.0.0"}`},
		{Path: "apps/web/.gitignore", Content: ".next\n"}, {Path: "apps/web/.next/build.js"}, {Path: "apps/web/pages/index.tsx"},
	}
	for _, pkg := range []string{"core", "utils", "cli"} {
		base := "packages/" + pkg + "/"
		nodes = append(nodes,
			Node{Path: base + "package.json", Content: `{"name":"@acme/` + pkg + `","version":"1.2.3","main":"dist/index.js","types":"dist/index.d.ts","files":["dist","!dist/**/*.test.*"]}`},
			Node{Path: base + "README.md"}, Node{Path: base + "LICENSE"}, Node{Path: base + "CHANGELOG.md"},
			Node{Path: base + "tsconfig.json", Content: "{}\n"}, Node{Path: base + "tsconfig.tsbuildinfo"},
			Node{Path: base + "src/index.ts"}, Node{Path: base + "src/index.test.ts"},
			Node{Path: base + "dist/index.js"}, Node{Path: base + "dist/index.d.ts"}, Node{Path: base + "dist/index.test.js"},
			Node{Path: base + "coverage/lcov.info"}, Node{Path: base + ".turbo/turbo-build.log"},
			Node{Path: base + ".npmignore", Content: "src\n*.md\n"},
		)
	}
	return nodes
}

// bundlingMonorepoNodes is a CLI published from a workspaces root that
// bundles its own workspace packages through node_modules links.
func bundlingMonorepoNodes() []Node {
	return []Node{
		{Path: "package.json", Content: `{"name":"acme-cli","version":"3.0.0","bin":{"acme":"bin/acme.js"},"workspaces":["packages/*"],"dependencies":{"@acme/util":"*","@acme/core":"*"},"bundleDependencies":["@acme/util","@acme/core"]}`},
		{Path: ".gitignore", Content: "node_modules/\n*.log\n/build\n"},
		{Path: ".npmignore", Content: "/packages\n/test\n*.log\n"},
		{Path: "bin/acme.js", Mode: 0o755}, {Path: "lib/main.js"}, {Path: "test/main.test.js"}, {Path: "build/tmp.js"}, {Path: "debug.log"},
		{Path: "packages/util/package.json", Content: `{"name":"@acme/util","version":"3.0.0","main":"index.js"}`},
		{Path: "packages/util/.npmignore", Content: "test\n"}, {Path: "packages/util/index.js"}, {Path: "packages/util/test/u.test.js"},
		{Path: "packages/util/util.log"},
		{Path: "packages/core/package.json", Content: `{"name":"@acme/core","version":"3.0.0","files":["lib"],"dependencies":{"@acme/util":"*"}}`},
		{Path: "packages/core/lib/core.js"}, {Path: "packages/core/lib/.npmignore", Content: "private.js\n"},
		{Path: "packages/core/lib/private.js"}, {Path: "packages/core/notes.md"},
		{Path: "node_modules/@acme/util", Symlink: "../../packages/util"},
		{Path: "node_modules/@acme/core", Symlink: "../../packages/core"},
	}
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
