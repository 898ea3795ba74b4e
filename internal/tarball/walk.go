package tarball

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// Names of the synthetic rule sets; a NUL keeps them apart from file names.
const (
	defaultRuleSet = "\x00defaults"
	strictRuleSet  = "\x00strict"
	packageJSON    = "package.json"
	npmignore      = ".npmignore"
	gitignore      = ".gitignore"
)

// defaultIgnores apply in every directory except at the top of a bundled
// dependency that is not a link.
var defaultIgnores = []string{
	".npmignore", ".gitignore",
	"**/.git", "**/.svn", "**/.hg", "**/CVS",
	"**/.git/**", "**/.svn/**", "**/.hg/**", "**/CVS/**",
	"/.lock-wscript", "/.wafpickle-*", "/build/config.gypi",
	"npm-debug.log", "**/.npmrc", ".*.swp", ".DS_Store", "**/.DS_Store/**",
	"._*", "**/._*/**", "*.orig", "/archived-packages/**",
}

// packageStrict are the rules of a package root that nothing overrides:
// force-included metadata files, then force-excluded ones.
var packageStrict = []string{
	"/.git",
	"!/package.json",
	"!/readme{,.*[^~$]}",
	"!/copying{,.*[^~$]}",
	"!/license{,.*[^~$]}",
	"!/licence{,.*[^~$]}",
	"/.git",
	"/node_modules",
	".npmrc",
	"/package-lock.json",
	"/yarn.lock",
	"/pnpm-lock.yaml",
	"/bun.lockb",
}

// gitignoreFallbackWarning is what npm warns when a .gitignore decides
// the file list.
const gitignoreFallbackWarning = "No .npmignore file found, using .gitignore for file exclusion. Consider creating a .npmignore file to explicitly control published files."

// listing collects the result of one package walk (root plus bundles).
type listing struct {
	files    []string // relative to the package root, in walk order
	seen     map[string]bool
	info     map[string]fs.FileInfo // lstat of each file, from the walk
	warnings []string
	bundles  map[string]bool // real paths of packages already walked
}

func (l *listing) add(p string, info fs.FileInfo) {
	if !l.seen[p] {
		l.seen[p] = true
		l.files = append(l.files, p)
		l.info[p] = info
	}
}

// walker reads one directory, in the manner of ignore-walk: each directory
// has rule sets applied in a fixed order, the last matching rule wins, and
// a parent's verdict on an entry comes first.
type walker struct {
	parent   *walker
	dir      string // absolute path
	rel      string // path relative to the walk's root, "" at the root
	basename string
	out      func(string, fs.FileInfo)

	ruleSets []string // names of the rule sets that apply, in order
	rules    map[string][]*rule
	exact    bool

	pkg *manifest // set at a package root
	// inWorkspacesRoot is set below the root of a workspaces root's walk:
	// there every folder reads its package.json as an ignore file (see
	// workspaces.go).
	inWorkspacesRoot bool
	requiredFiles    []string
	// warnings collects the .gitignore fallback notice; nil except for
	// the outermost package's root.
	warnings *[]string
}

func newRules(lines []string) []*rule {
	var rs []*rule
	for _, line := range lines {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		rs = append(rs, compileRule(line))
	}
	return rs
}

// parseIgnoreFile splits an ignore file into rules.
func parseIgnoreFile(data string) []*rule {
	return newRules(strings.Split(strings.ReplaceAll(data, "\r\n", "\n"), "\n"))
}

func (w *walker) isRuleFile(name string) bool {
	for _, s := range w.ruleSets {
		if s == name {
			return true
		}
	}
	return false
}

func (w *walker) walk() error {
	dirents, err := os.ReadDir(w.dir)
	if err != nil {
		return err
	}
	names := make([]string, len(dirents))
	for i, d := range dirents {
		names[i] = d.Name()
	}
	if len(names) == 0 {
		return nil
	}
	for _, name := range names {
		if !w.isRuleFile(name) {
			continue
		}
		if name == packageJSON && w.pkg != nil {
			w.applyPackage()
			continue
		}
		data, err := os.ReadFile(filepath.Join(w.dir, name))
		if err != nil {
			return err
		}
		w.rules[name] = parseIgnoreFile(string(data))
	}

	// package.json "files" silences this directory's ignore files, and a
	// .npmignore silences the .gitignore beside it.
	if _, ok := w.rules[packageJSON]; ok {
		delete(w.rules, npmignore)
		delete(w.rules, gitignore)
	} else if _, ok := w.rules[npmignore]; ok {
		delete(w.rules, gitignore)
	} else if _, ok := w.rules[gitignore]; ok && w.parent == nil && w.warnings != nil {
		*w.warnings = append(*w.warnings, gitignoreFallbackWarning)
	}

	for _, name := range names {
		passFile := w.filter(name, false, "")
		passDir := w.filter(name, true, "")
		if !passFile && !passDir {
			continue
		}
		if strings.Contains(name, "*") {
			continue
		}
		abs := filepath.Join(w.dir, name)
		st, err := os.Lstat(abs)
		if err != nil {
			return err
		}
		switch {
		case st.Mode().IsRegular():
			if passFile {
				w.out(path.Join(w.rel, name), st)
			}
		case st.IsDir() && passDir:
			exact := passFile || w.filter(name+"/", false, "")
			if err := w.child(name, exact).walk(); err != nil {
				return err
			}
		}
	}
	return nil
}

// child makes the walker of a plain subdirectory: no package.json rules,
// and only the required files that sit directly inside it.
func (w *walker) child(name string, exact bool) *walker {
	var required []string
	for _, f := range w.requiredFiles {
		if path.Dir(path.Clean(f)) == name {
			required = append(required, path.Base(f))
		}
	}
	c := &walker{
		parent:           w,
		dir:              filepath.Join(w.dir, name),
		rel:              path.Join(w.rel, name),
		basename:         name,
		out:              w.out,
		ruleSets:         []string{defaultRuleSet, npmignore, gitignore, strictRuleSet},
		exact:            exact,
		requiredFiles:    required,
		inWorkspacesRoot: w.inWorkspacesRoot,
	}
	if c.inWorkspacesRoot {
		c.ruleSets = []string{defaultRuleSet, packageJSON, npmignore, gitignore, strictRuleSet}
	}
	c.rules = map[string][]*rule{defaultRuleSet: newRules(defaultIgnores)}
	strict := []string{"/.git"}
	for _, f := range required {
		strict = append(strict, "!"+f)
	}
	c.rules[strictRuleSet] = newRules(strict)
	return c
}

// filter decides whether entry (relative to this directory) is included.
// With partial, entry is tested as a directory that could hold included
// files. base is the entry's own name when a descendant asks.
func (w *walker) filter(entry string, partial bool, base string) bool {
	included := true
	if w.parent != nil {
		parentBase := base
		if parentBase == "" {
			parentBase = entry
		}
		included = w.parent.filter(w.basename+"/"+entry, partial, parentBase)
		if !included && !w.exact {
			return false
		}
	}
	var forms *entryForms // built once, only when a rule is tried
	for _, set := range w.ruleSets {
		for _, r := range w.rules[set] {
			// Only a rule that could change the verdict is tried.
			if r.negate == included {
				continue
			}
			if forms == nil {
				forms = newEntryForms(entry, base)
			}
			if r.matchEntry(forms, partial) {
				included = r.negate
			}
		}
	}
	return included
}

// entryForms are the spellings of an entry that ignore rules are tried
// against, built once per entry rather than once per rule.
type entryForms struct {
	entry, rooted, dir, rootedDir string
	base, baseDir, rootedBase     string
	rootedBaseDir                 string
}

func newEntryForms(entry, base string) *entryForms {
	f := &entryForms{entry: entry, rooted: "/" + entry, dir: entry + "/", base: base}
	f.rootedDir = f.rooted + "/"
	if base != "" {
		f.rootedBase = "/" + base
		f.baseDir = base + "/"
		f.rootedBaseDir = f.rootedBase + "/"
	}
	return f
}

func (r *rule) matchEntry(e *entryForms, partial bool) bool {
	if r.match(e.rooted, false) || r.match(e.entry, false) {
		return true
	}
	if !partial {
		return false
	}
	if r.match(e.rootedDir, false) || r.match(e.dir, false) {
		return true
	}
	if r.negate && (r.match(e.rooted, true) || r.match(e.entry, true)) {
		return true
	}
	if e.base == "" || !r.relative {
		return false
	}
	return r.match(e.rootedBaseDir, false) || r.match(e.baseDir, false) ||
		(r.negate && (r.match(e.rootedBase, true) || r.match(e.base, true)))
}

// applyPackage turns package.json into rule sets: "files" becomes an
// exclude-all followed by includes, and the strict set force-includes the
// metadata files, main, browser and bin targets.
func (w *walker) applyPackage() {
	m := w.pkg
	strict := append([]string(nil), packageStrict...)
	if m.hasFile {
		var includes []string
		for _, f := range m.files {
			if strings.HasPrefix(f, "./") {
				f = f[1:]
			}
			if strings.HasSuffix(f, "/*") {
				f += "*"
			}
			inverse := "!" + f
			st, err := os.Lstat(filepath.Join(w.dir, filepath.FromSlash(strings.TrimLeft(f, "!"))))
			switch {
			case err != nil:
				includes = append(includes, inverse)
			case st.Mode().IsRegular():
				strict = append([]string{inverse}, strict...)
				w.requiredFiles = append(w.requiredFiles, strings.TrimPrefix(f, "/"))
			case st.IsDir():
				includes = append(includes, inverse, inverse+"/**")
			}
		}
		w.rules[packageJSON] = newRules(append([]string{"*"}, includes...))
	}
	if m.browser != "" {
		strict = append(strict, "!/"+m.browser)
	}
	if m.main != "" {
		strict = append(strict, "!/"+m.main)
	}
	for _, name := range m.binOrder {
		strict = append(strict, "!/"+m.bins[name])
	}
	w.rules[strictRuleSet] = newRules(strict)
}

// walkPackage lists the files of the package at dir (rel is its path from
// the outermost package), then those of its bundled dependencies.
func walkPackage(list *listing, root, dir, rel string, m *manifest, isRoot, isLink bool) error {
	real, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return err
	}
	if list.bundles[real] {
		return nil
	}
	list.bundles[real] = true

	w := &walker{
		dir: dir,
		rel: rel,
		pkg: m,
		out: list.add,
	}
	w.rules = map[string][]*rule{defaultRuleSet: newRules(defaultIgnores)}
	switch {
	case isRoot:
		w.ruleSets = []string{defaultRuleSet, packageJSON, npmignore, gitignore, strictRuleSet}
	case isLink:
		w.ruleSets = []string{defaultRuleSet, packageJSON, npmignore, gitignore, strictRuleSet}
	default:
		w.ruleSets = []string{packageJSON, strictRuleSet}
	}
	if isRoot {
		w.warnings = &list.warnings
		w.inWorkspacesRoot = m.hasWorkspaces()
		if inherited := outOfTreeRules(dir); len(inherited) > 0 {
			w.rules[defaultRuleSet] = newRules(append(append([]string(nil), defaultIgnores...), inherited...))
		}
	}
	if err := w.walk(); err != nil {
		return err
	}
	return walkBundles(list, root, dir, rel, m, isRoot)
}

// walkBundles adds the bundled dependencies of the package at dir: at the
// root its bundleDependencies, below it every production and optional
// dependency. Dev and peer dependencies and missing ones are skipped.
func walkBundles(list *listing, root, dir, rel string, m *manifest, isRoot bool) error {
	names := m.bundle
	if !isRoot {
		names = append(sortedKeys(m.deps), sortedKeys(m.optional)...)
	}
	for _, name := range names {
		if !dependencyEdgeIsBundlable(m, name, isRoot) {
			continue
		}
		depDir, depRel, ok := resolveDependency(root, dir, rel, name)
		if !ok {
			continue
		}
		dm, err := readManifest(depDir)
		if errors.Is(err, fs.ErrNotExist) {
			dm = &manifest{raw: map[string]any{}, bins: map[string]string{}}
		} else if err != nil {
			return err
		}
		st, err := os.Lstat(depDir)
		if err != nil {
			return err
		}
		isLink := st.Mode()&fs.ModeSymlink != 0
		if err := walkPackage(list, root, depDir, depRel, dm, false, isLink); err != nil {
			return fmt.Errorf("bundled dependency %s: %w", name, err)
		}
	}
	return nil
}

// dependencyEdgeIsBundlable mirrors which dependency type wins when a name
// is declared more than once: dev over optional over prod over peer.
func dependencyEdgeIsBundlable(m *manifest, name string, isRoot bool) bool {
	switch {
	case isRoot && m.dev[name]:
		return false
	case m.optional[name], m.deps[name]:
		return true
	default:
		return false
	}
}

// resolveDependency finds name the way Node does: in the node_modules of
// the dependent package, then of each package above it, up to the root.
func resolveDependency(root, dir, rel, name string) (string, string, bool) {
	for {
		cand := filepath.Join(dir, "node_modules", filepath.FromSlash(name))
		if st, err := os.Stat(cand); err == nil && st.IsDir() {
			return cand, path.Join(rel, "node_modules", name), true
		}
		if rel == "" {
			return "", "", false
		}
		// Step out of ".../node_modules/<name>" or ".../node_modules/@s/<name>".
		i := strings.LastIndex(rel, "node_modules/")
		if i < 0 {
			return "", "", false
		}
		rel = strings.TrimSuffix(rel[:i], "/")
		dir = filepath.Join(root, filepath.FromSlash(rel))
	}
}

func sortedKeys(m map[string]bool) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sortStrings(keys)
	return keys
}
