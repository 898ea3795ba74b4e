package tarball

import (
	"encoding/json"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/gonpm/gonpm/internal/pkgspec"
)

// manifest is the part of package.json that decides the file list.
type manifest struct {
	raw     map[string]any
	name    string
	version string
	main    string
	browser string
	files   []string
	hasFile bool // "files" is present
	// bins maps command names to package-relative targets, normalised
	// as npm does ("./cli.js" → "cli.js").
	bins map[string]string
	// binOrder keeps the order of the bin object for rule order.
	binOrder []string
	bundle   []string
	deps     map[string]bool
	optional map[string]bool
	dev      map[string]bool
	peer     map[string]bool
}

func readManifest(dir string) (*manifest, error) {
	file := filepath.Join(dir, "package.json")
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	// decodeManifest's errors name the file already.
	return decodeManifest(data, dir)
}

// decodeManifest reads the package.json text of the package in dir.
func decodeManifest(data []byte, dir string) (*manifest, error) {
	var raw map[string]any
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, pkgspec.ManifestError(filepath.Join(dir, "package.json"), data, err)
	}
	m := &manifest{raw: raw, bins: map[string]string{}}
	m.name, _ = raw["name"].(string)
	m.version, _ = raw["version"].(string)
	m.main, _ = raw["main"].(string)
	m.browser, _ = raw["browser"].(string)
	if files, ok := raw["files"].([]any); ok {
		m.hasFile = true
		for _, f := range files {
			if s, ok := f.(string); ok {
				m.files = append(m.files, s)
			}
		}
	}
	m.readBins(dir)
	m.deps = keySet(raw["dependencies"])
	m.optional = keySet(raw["optionalDependencies"])
	m.dev = keySet(raw["devDependencies"])
	m.peer = keySet(raw["peerDependencies"])
	m.bundle = bundleNames(raw)
	return m, nil
}

// readBins normalises "bin" (a string or an object) or, without it,
// expands "directories.bin".
func (m *manifest) readBins(dir string) {
	switch bin := m.raw["bin"].(type) {
	case string:
		if name, target := binName(m.name), cleanBinTarget(bin); name != "" && target != "" {
			m.addBin(name, target)
		}
		return
	case map[string]any:
		keys := orderedKeys(m.raw, "bin")
		for _, k := range keys {
			s, ok := bin[k].(string)
			if !ok {
				continue
			}
			if name, target := binName(k), cleanBinTarget(s); name != "" && target != "" {
				m.addBin(name, target)
			}
		}
		return
	}
	dirs, _ := m.raw["directories"].(map[string]any)
	binDir, _ := dirs["bin"].(string)
	if binDir = cleanBinTarget(binDir); binDir == "" {
		return
	}
	_ = filepath.WalkDir(filepath.Join(dir, filepath.FromSlash(binDir)), func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(filepath.Join(dir, filepath.FromSlash(binDir)), p)
		rel = filepath.ToSlash(rel)
		if !strings.HasPrefix(rel, ".") {
			m.addBin(path.Base(rel), binDir+"/"+rel)
		}
		return nil
	})
}

func (m *manifest) addBin(name, target string) {
	if _, ok := m.bins[name]; !ok {
		m.binOrder = append(m.binOrder, name)
	}
	m.bins[name] = target
}

// cleanBinTarget makes a bin path relative and free of "..", as npm's
// bin normaliser does; "" means invalid.
func cleanBinTarget(p string) string {
	p = strings.ReplaceAll(p, `\`, "/")
	return strings.TrimPrefix(path.Clean("/"+p), "/")
}

// binName is the command a bin key installs: its last path part, with
// ':' and '\' read as separators as npm does; "" means invalid.
func binName(key string) string {
	key = cleanBinTarget(strings.ReplaceAll(key, ":", "/"))
	if key == "" {
		return ""
	}
	return path.Base(key)
}

// bundleNames reads bundleDependencies (or its misspelling): an array of
// names, true for all dependencies, or an object whose keys count.
func bundleNames(raw map[string]any) []string {
	bd, ok := raw["bundleDependencies"]
	if !ok {
		bd = raw["bundledDependencies"]
	}
	switch v := bd.(type) {
	case bool:
		if v {
			return orderedKeys(raw, "dependencies")
		}
	case []any:
		var out []string
		for _, x := range v {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	case map[string]any:
		return orderedKeys(raw, bundleKey(raw))
	}
	return nil
}

func bundleKey(raw map[string]any) string {
	if _, ok := raw["bundleDependencies"]; ok {
		return "bundleDependencies"
	}
	return "bundledDependencies"
}

func keySet(v any) map[string]bool {
	out := map[string]bool{}
	if m, ok := v.(map[string]any); ok {
		for k := range m {
			out[k] = true
		}
	}
	return out
}

// orderedKeys returns the keys of the object raw[key]. encoding/json does
// not keep object order, so keys are sorted; where order matters (the
// order of bin rules) every order gives the same result.
func orderedKeys(raw map[string]any, key string) []string {
	m, _ := raw[key].(map[string]any)
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// ReadPackageJSON reads dir/package.json as pack reads it, with the same
// errors (the file's own read error, or one that names the file and the
// place of a JSON mistake).
func ReadPackageJSON(dir string) (map[string]any, error) {
	m, err := readManifest(dir)
	if err != nil {
		return nil, err
	}
	return m.raw, nil
}
