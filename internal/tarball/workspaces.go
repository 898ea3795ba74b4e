package tarball

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
)

// npm's pack treats ignore files differently around workspaces (found by
// experiment with npm 11.19.1, and in npm-packlist's PackWalker):
//
//   - Packing a workspaces root (a package.json with "workspaces"): in
//     every folder below the root, workspace or not, a package.json is
//     read as an ignore file — its JSON text as patterns, which match
//     nothing real — and, being there, silences the .npmignore and
//     .gitignore beside it. So a nested package's own ignore files do not
//     apply; the root's rules and ignore files of folders without a
//     package.json still do.
//   - Packing a workspace of a root above: the root's .npmignore (else its
//     .gitignore), then that of each folder between the root and the
//     workspace, are added to the workspace's default rules, as if written
//     in the workspace folder: an anchored "/dist" of the root excludes the
//     workspace's own dist.

// hasWorkspaces reports whether a package.json declares workspaces the way
// Arborist notices them (any value JavaScript counts as true).
func (m *manifest) hasWorkspaces() bool {
	switch v := m.raw["workspaces"].(type) {
	case nil:
		return false
	case bool:
		return v
	case string:
		return v != ""
	case float64:
		return v != 0
	}
	return true
}

// outOfTreeRules returns the ignore rules a workspace at dir inherits from
// its workspaces root, or nil when dir is not a workspace.
func outOfTreeRules(dir string) []string {
	root := workspaceRootOf(dir)
	if root == "" {
		return nil
	}
	rel, err := filepath.Rel(root, filepath.Dir(dir))
	if err != nil {
		return nil
	}
	var rules []string
	at := root
	for _, seg := range append([]string{""}, strings.Split(filepath.ToSlash(rel), "/")...) {
		if seg == "." {
			continue
		}
		at = filepath.Join(at, seg)
		for _, name := range []string{npmignore, gitignore} {
			if data, err := os.ReadFile(filepath.Join(at, name)); err == nil {
				rules = append(rules, strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n")...)
				break
			}
		}
	}
	return rules
}

// workspaceRootOf finds, as npm's config does, the nearest folder above
// dir whose package.json has workspaces that include dir.
func workspaceRootOf(dir string) string {
	for p := filepath.Dir(dir); ; p = filepath.Dir(p) {
		if raw := readRawManifest(p); raw != nil {
			if patterns := workspacePatterns(raw["workspaces"]); len(patterns) > 0 && isWorkspace(p, patterns, dir) {
				return p
			}
		}
		if filepath.Dir(p) == p {
			return ""
		}
	}
}

func readRawManifest(dir string) map[string]any {
	data, err := os.ReadFile(filepath.Join(dir, packageJSON))
	if err != nil {
		return nil
	}
	var raw map[string]any
	if json.Unmarshal(data, &raw) != nil {
		return nil
	}
	return raw
}

// workspacePatterns reads "workspaces": an array of globs, or an object
// with a "packages" array.
func workspacePatterns(v any) []string {
	if obj, ok := v.(map[string]any); ok {
		v = obj["packages"]
	}
	list, _ := v.([]any)
	var out []string
	for _, x := range list {
		if s, ok := x.(string); ok && s != "" {
			out = append(out, s)
		}
	}
	return out
}

// isWorkspace reports whether dir (holding a package.json) is matched by
// the workspace globs of root, later "!" patterns removing earlier
// matches, as @npmcli/map-workspaces does.
func isWorkspace(root string, patterns []string, dir string) bool {
	rel, err := filepath.Rel(root, dir)
	if err != nil || rel == "." || strings.HasPrefix(rel, "..") {
		return false
	}
	if _, err := os.Stat(filepath.Join(dir, packageJSON)); err != nil {
		return false
	}
	rel = filepath.ToSlash(rel)
	if strings.Contains("/"+rel+"/", "/node_modules/") {
		return false
	}
	matched := false
	for _, pat := range patterns {
		neg := strings.HasPrefix(pat, "!")
		pat = strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(pat, "!"), "./"), "/")
		if compileRule("/"+pat).match("/"+rel, false) {
			matched = !neg
		}
	}
	return matched
}
