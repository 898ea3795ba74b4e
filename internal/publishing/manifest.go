package publishing

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/gonpm/gonpm/internal/pkgspec"
	"github.com/gonpm/gonpm/internal/semver"
)

// readPackageJSON reads and decodes dir/package.json, keeping numbers as
// written.
func readPackageJSON(dir string) (map[string]any, error) {
	file := filepath.Join(dir, "package.json")
	data, err := os.ReadFile(file)
	if err != nil {
		if os.IsNotExist(err) {
			return nil, fmt.Errorf("no package.json in %s: publish a package folder or a .tgz file", dir)
		}
		return nil, err
	}
	return decodeManifest(data, file)
}

func decodeManifest(data []byte, file string) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var raw map[string]any
	if err := dec.Decode(&raw); err != nil {
		return nil, pkgspec.ManifestError(file, data, err)
	}
	if raw == nil {
		return nil, fmt.Errorf("%s must hold a JSON object, not null; fix the file", file)
	}
	return raw, nil
}

// validateManifest checks what the registry needs: a valid name and a
// semantic version. It returns the name and the cleaned version.
func validateManifest(raw map[string]any, file string) (name, version string, err error) {
	if err := stringField(raw, "name", "my-pkg", file); err != nil {
		return "", "", err
	}
	if err := stringField(raw, "version", "1.0.0", file); err != nil {
		return "", "", err
	}
	name, _ = raw["name"].(string)
	if name == "" {
		return "", "", fmt.Errorf("%s has no \"name\": a package needs a name to be published", file)
	}
	if err := pkgspec.ValidateName(name); err != nil {
		return "", "", fmt.Errorf("%s: %w", file, err)
	}
	rawVersion, _ := raw["version"].(string)
	if rawVersion == "" {
		return "", "", fmt.Errorf("%s has no \"version\": a package needs a version to be published", file)
	}
	v, err := semver.Parse(rawVersion)
	if err != nil {
		return "", "", fmt.Errorf("%s: %w", file, err)
	}
	return name, v.String(), nil
}

// normalize turns package.json into the version document npm 11 publishes
// (protocol-publish §2.2): "_" keys dropped, version cleaned, bin and
// people normalised, readme, gitHead and types filled in from the folder.
// dir is "" for a tarball, whose folder is not at hand.
func normalize(raw map[string]any, name, version, dir string) map[string]any {
	m := make(map[string]any, len(raw)+6)
	for k, v := range raw {
		if !strings.HasPrefix(k, "_") {
			m[k] = v
		}
	}
	m["version"] = version

	if bd, ok := m["bundledDependencies"]; ok {
		if _, has := m["bundleDependencies"]; !has {
			m["bundleDependencies"] = bd
		}
		delete(m, "bundledDependencies")
	}
	if b, ok := m["bundleDependencies"].(bool); ok && !b {
		delete(m, "bundleDependencies")
	}
	normalizeBin(m, name)
	normalizePeople(m)
	if kw, ok := m["keywords"].(string); ok {
		m["keywords"] = strings.FieldsFunc(kw, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' })
	}
	if repo, ok := m["repository"].(string); ok && repo != "" {
		m["repository"] = map[string]any{"type": "git", "url": repo}
	}

	if dir != "" {
		fillFromFolder(m, dir)
	}
	m["_id"] = name + "@" + version
	return m
}

// fillFromFolder adds what npm reads from files next to package.json.
func fillFromFolder(m map[string]any, dir string) {
	if _, ok := m["readme"]; !ok {
		if file, text, ok := findReadme(dir); ok {
			m["readme"], m["readmeFilename"] = text, file
		} else {
			m["readme"] = "ERROR: No README data found!"
		}
	}
	if _, ok := m["gitHead"]; !ok {
		if head := gitHead(dir); head != "" {
			m["gitHead"] = head
		}
	}
	_, hasTypes := m["types"]
	_, hasTypings := m["typings"]
	if main, ok := m["main"].(string); ok && !hasTypes && !hasTypings {
		dts := strings.TrimSuffix(path.Clean(filepath.ToSlash(main)), path.Ext(main)) + ".d.ts"
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(dts))); err == nil {
			m["types"] = "./" + strings.TrimPrefix(dts, "./")
		}
	}
	scripts, _ := m["scripts"].(map[string]any)
	if _, err := os.Stat(filepath.Join(dir, "server.js")); err == nil && scripts["start"] == nil {
		if scripts == nil {
			scripts = map[string]any{}
		}
		scripts["start"] = "node server.js"
		m["scripts"] = scripts
	}
}

// findReadme returns the first README file, markdown preferred, matched
// case-insensitively as npm does.
func findReadme(dir string) (name, text string, ok bool) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return "", "", false
	}
	var candidates []string
	for _, e := range entries {
		lower := strings.ToLower(e.Name())
		if !e.IsDir() && (lower == "readme" || strings.HasPrefix(lower, "readme.")) {
			candidates = append(candidates, e.Name())
		}
	}
	sort.SliceStable(candidates, func(i, j int) bool {
		return isMarkdown(candidates[i]) && !isMarkdown(candidates[j])
	})
	for _, c := range candidates {
		data, err := os.ReadFile(filepath.Join(dir, c))
		if err == nil {
			return c, string(data), true
		}
	}
	return "", "", false
}

func isMarkdown(name string) bool {
	ext := strings.ToLower(path.Ext(name))
	return ext == ".md" || ext == ".markdown"
}

// gitHead returns the commit checked out in the git repository holding
// dir, read from .git without running git.
func gitHead(dir string) string {
	for d := dir; ; d = filepath.Dir(d) {
		gitDir := filepath.Join(d, ".git")
		if st, err := os.Stat(gitDir); err == nil && st.IsDir() {
			return resolveHead(gitDir)
		}
		if filepath.Dir(d) == d {
			return ""
		}
	}
}

var commitHash = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[0-9a-f]{40}$`) })

func resolveHead(gitDir string) string {
	data, err := os.ReadFile(filepath.Join(gitDir, "HEAD"))
	if err != nil {
		return ""
	}
	head := strings.TrimSpace(string(data))
	ref, isRef := strings.CutPrefix(head, "ref: ")
	if !isRef {
		if commitHash().MatchString(head) {
			return head
		}
		return ""
	}
	if data, err := os.ReadFile(filepath.Join(gitDir, filepath.FromSlash(ref))); err == nil {
		if h := strings.TrimSpace(string(data)); commitHash().MatchString(h) {
			return h
		}
	}
	packed, err := os.ReadFile(filepath.Join(gitDir, "packed-refs"))
	if err != nil {
		return ""
	}
	for _, line := range strings.Split(string(packed), "\n") {
		if hash, name, ok := strings.Cut(strings.TrimSpace(line), " "); ok && name == ref && commitHash().MatchString(hash) {
			return hash
		}
	}
	return ""
}

// normalizeBin turns a bin string into {<name without scope>: path} and
// drops entries that are not strings, with paths made relative.
func normalizeBin(m map[string]any, name string) {
	switch bin := m["bin"].(type) {
	case string:
		cmd := name[strings.LastIndex(name, "/")+1:]
		if p := cleanRelative(bin); p != "" {
			m["bin"] = map[string]any{cmd: p}
		} else {
			delete(m, "bin")
		}
	case map[string]any:
		out := map[string]any{}
		for k, v := range bin {
			s, ok := v.(string)
			// As npm, ':' and '\\' separate path parts in a command name.
			key := path.Base(cleanRelative(strings.ReplaceAll(k, ":", "/")))
			if p := cleanRelative(s); ok && p != "" && key != "." && key != "" {
				out[key] = p
			}
		}
		m["bin"] = out
	case nil:
	default:
		delete(m, "bin")
	}
}

func cleanRelative(p string) string {
	p = strings.ReplaceAll(p, `\`, "/")
	p = strings.TrimPrefix(path.Clean("/"+p), "/")
	if p == "." {
		return ""
	}
	return p
}

var personPattern = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^([^<(]*)(?:<([^>]*)>)?\s*(?:\(([^)]*)\))?`) })

// normalizePeople turns "Name <mail> (url)" strings into objects.
func normalizePeople(m map[string]any) {
	if s, ok := m["author"].(string); ok {
		m["author"] = parsePerson(s)
	}
	for _, key := range []string{"contributors", "maintainers"} {
		list, ok := m[key].([]any)
		if !ok {
			continue
		}
		for i, p := range list {
			if s, ok := p.(string); ok {
				list[i] = parsePerson(s)
			}
		}
	}
}

func parsePerson(s string) map[string]any {
	out := map[string]any{}
	match := personPattern().FindStringSubmatch(strings.TrimSpace(s))
	if match == nil {
		out["name"] = s
		return out
	}
	if n := strings.TrimSpace(match[1]); n != "" {
		out["name"] = n
	}
	if e := strings.TrimSpace(match[2]); e != "" {
		out["email"] = e
	}
	if u := strings.TrimSpace(match[3]); u != "" {
		out["url"] = u
	}
	return out
}

// stringField refuses a field that is there but not a string ("version":
// 1), which would otherwise read as missing.
func stringField(raw map[string]any, key, example, file string) error {
	v, ok := raw[key]
	if !ok || v == nil {
		return nil
	}
	if _, ok := v.(string); !ok {
		return fmt.Errorf("%q in %s must be a string such as %q, not %v; fix the file", key, file, example, v)
	}
	return nil
}
