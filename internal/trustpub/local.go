package trustpub

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/gonpm/gonpm/internal/pkgspec"
)

// ReadManifest reads name and repository from the package.json of the
// package folder that holds dir, leniently as npm does: anything missing
// or unreadable is empty.
func ReadManifest(dir string) Manifest {
	prefix, ok := pkgspec.LocalPrefix(dir)
	if !ok {
		return Manifest{}
	}
	data, err := os.ReadFile(filepath.Join(prefix, "package.json"))
	if err != nil {
		return Manifest{}
	}
	var pj struct {
		Name       any `json:"name"`
		Repository any `json:"repository"`
	}
	if json.Unmarshal(data, &pj) != nil {
		return Manifest{}
	}
	m := Manifest{}
	m.Name, _ = pj.Name.(string)
	switch repo := pj.Repository.(type) {
	case string:
		m.Repository = repo
	case map[string]any:
		m.Repository, _ = repo["url"].(string)
	}
	return m
}

// gitTimeout bounds the one git command trust runs.
const gitTimeout = 5 * time.Second

// OriginURL returns the URL of the git remote "origin" of the repository
// holding dir, or "" when git is missing, dir is not in a repository, or
// it has no origin. Only `git remote get-url` runs, which reads the
// repository's configuration and starts nothing else.
func OriginURL(ctx context.Context, dir string) string {
	ctx, cancel := context.WithTimeout(ctx, gitTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "git", "remote", "get-url", "origin")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_TERMINAL_PROMPT=0", "LC_ALL=C")
	out, err := cmd.Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}
