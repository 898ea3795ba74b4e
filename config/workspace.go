package config

import (
	"encoding/json"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// workspaceRoot returns the folder above prefix whose package.json lists
// prefix among its workspaces, as npm looks for it: then the root is the
// local prefix and its .npmrc the project file (npm ignores a workspace's
// own .npmrc). "" when prefix is no workspace.
func workspaceRoot(prefix string) string {
	for p := filepath.Dir(prefix); ; p = filepath.Dir(p) {
		if patterns := workspaceGlobs(p); len(patterns) > 0 && matchesWorkspace(p, patterns, prefix) {
			return p
		}
		if filepath.Dir(p) == p {
			return ""
		}
	}
}

func workspaceGlobs(dir string) []string {
	data, err := os.ReadFile(filepath.Join(dir, "package.json"))
	if err != nil {
		return nil
	}
	var pkg struct {
		Workspaces json.RawMessage `json:"workspaces"`
	}
	if json.Unmarshal(data, &pkg) != nil || len(pkg.Workspaces) == 0 {
		return nil
	}
	var list []string
	if json.Unmarshal(pkg.Workspaces, &list) != nil {
		var obj struct {
			Packages []string `json:"packages"`
		}
		if json.Unmarshal(pkg.Workspaces, &obj) != nil {
			return nil
		}
		list = obj.Packages
	}
	return list
}

// matchesWorkspace applies the globs in order, a "!" glob removing what
// earlier ones matched, as @npmcli/map-workspaces does; only folders with
// a package.json, outside node_modules, are workspaces.
func matchesWorkspace(root string, patterns []string, dir string) bool {
	rel, err := filepath.Rel(root, dir)
	if err != nil || rel == "." || strings.HasPrefix(rel, "..") {
		return false
	}
	if _, err := os.Stat(filepath.Join(dir, "package.json")); err != nil {
		return false
	}
	parts := strings.Split(filepath.ToSlash(rel), "/")
	for _, p := range parts {
		if p == "node_modules" {
			return false
		}
	}
	matched := false
	for _, pat := range patterns {
		neg := strings.HasPrefix(pat, "!")
		pat = strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(pat, "!"), "./"), "/")
		if globParts(strings.Split(pat, "/"), parts) {
			matched = !neg
		}
	}
	return matched
}

func globParts(pat, name []string) bool {
	if len(pat) == 0 {
		return len(name) == 0
	}
	if pat[0] == "**" {
		for i := 0; i <= len(name); i++ {
			if globParts(pat[1:], name[i:]) {
				return true
			}
		}
		return false
	}
	if len(name) == 0 {
		return false
	}
	ok, _ := path.Match(pat[0], name[0])
	return ok && globParts(pat[1:], name[1:])
}
