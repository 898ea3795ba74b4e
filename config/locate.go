package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/pflag"
)

// cliLayer holds the flags that were set on the command line and name a
// config key. Boolean flags read "true" or "false".
func (c *Config) cliLayer() *layer {
	l := newLayer(LayerCLI, "")
	if c.opts.Flags == nil {
		return l
	}
	// VisitAll with Changed rather than Visit: cobra parses inherited
	// persistent flags in the subcommand's flag set, so the root's set
	// does not list them as visited, but the flags themselves are shared.
	c.opts.Flags.VisitAll(func(f *pflag.Flag) {
		if f.Changed && f.Name == "no-color" && f.Value.String() == "true" {
			// npm's --no-color is color=false.
			l.add(entry{Key: "color", Value: "false"}, c.env)
			return
		}
		if !f.Changed || f.Name == "location" || !IsKnownKey(f.Name) {
			return
		}
		l.add(entry{Key: f.Name, Value: f.Value.String()}, c.env)
	})
	return l
}

func (c *Config) globalMode() bool {
	v, _, ok := c.lookupRaw("global")
	return ok && v.value == "true"
}

// localPrefix is the nearest ancestor of the working directory holding a
// package.json or node_modules, else the working directory itself.
func (c *Config) localPrefix() string {
	if v, l, ok := c.lookupRaw("prefix"); ok && l.name == LayerCLI && v.value != "" {
		return c.resolvePath(v.value)
	}
	cwd := c.opts.Cwd
	for dir := cwd; ; {
		if exists(filepath.Join(dir, "package.json")) || isDir(filepath.Join(dir, "node_modules")) {
			if root := workspaceRoot(dir); root != "" && !c.workspacesOff() {
				return root
			}
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return cwd
		}
		dir = parent
	}
}

// workspacesOff is --workspaces=false (or --global), which stops npm
// from looking for a workspace root.
func (c *Config) workspacesOff() bool {
	if v, l, ok := c.lookupRaw("workspaces"); ok && l.name == LayerCLI && v.value == "false" {
		return true
	}
	return c.globalMode()
}

func (c *Config) userConfigPath() string {
	if v, _, ok := c.lookupRaw("userconfig"); ok && v.value != "" && v.value != "true" {
		return c.resolvePath(v.value)
	}
	return filepath.Join(c.opts.Home, ".npmrc")
}

// globalPrefix is the configured prefix, else $PREFIX, else two folders
// above the node binary on PATH (under $DESTDIR if set). It is "" when
// there is no node, and then there is no global file either.
func (c *Config) globalPrefix() string {
	if v, _, ok := c.lookupRaw("prefix"); ok && v.value != "" {
		return c.resolvePath(v.value)
	}
	if p := c.env["PREFIX"]; p != "" {
		return p
	}
	node := c.findNode()
	if node == "" {
		return ""
	}
	prefix := filepath.Dir(filepath.Dir(node))
	if d := c.env["DESTDIR"]; d != "" {
		prefix = filepath.Join(d, prefix)
	}
	return prefix
}

// findNode looks for an executable "node" on the PATH of the loaded
// environment and resolves symlinks, as node's own execPath does.
func (c *Config) findNode() string {
	for _, dir := range filepath.SplitList(c.env["PATH"]) {
		if dir == "" {
			continue
		}
		p := filepath.Join(dir, "node")
		st, err := os.Stat(p)
		if err != nil || st.IsDir() || st.Mode().Perm()&0o111 == 0 {
			continue
		}
		if real, err := filepath.EvalSymlinks(p); err == nil {
			p = real
		}
		if abs, err := filepath.Abs(p); err == nil {
			return abs
		}
	}
	return ""
}

// resolvePath resolves "~/" against the home directory and relative paths
// against the working directory, like npm's path-typed keys.
func (c *Config) resolvePath(p string) string {
	switch {
	case p == "~":
		return c.opts.Home
	case strings.HasPrefix(p, "~/"):
		return filepath.Join(c.opts.Home, p[2:])
	case filepath.IsAbs(p):
		return filepath.Clean(p)
	default:
		return filepath.Join(c.opts.Cwd, p)
	}
}

// readLayer (re)reads the file of a file layer. A missing file is empty.
func (c *Config) readLayer(l *layer) error {
	fresh := newLayer(l.name, l.file)
	data, err := os.ReadFile(l.file)
	switch {
	case errors.Is(err, os.ErrNotExist):
	case err != nil:
		return fmt.Errorf("reading %s config: %w", l.name, err)
	default:
		fresh.exists = true
		for _, e := range parseNpmrc(string(data)) {
			fresh.add(e, c.env)
		}
	}
	*l = *fresh
	return nil
}
