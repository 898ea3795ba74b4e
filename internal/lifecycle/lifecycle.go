// Package lifecycle runs a package's lifecycle scripts (prepack, prepare,
// postpack, prepublishOnly, publish, postpublish) the way npm does: with
// `sh -c` in the package folder and npm's basic script environment. Pack
// and publish both use it.
package lifecycle

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Run runs the script for event from manifest (package.json as read) of
// the package in dir, if it has one, with `sh -c` in dir and npm's basic
// environment: npm_package_name, npm_package_version, npm_lifecycle_event,
// npm_lifecycle_script and the node_modules/.bin folders of dir and its
// parents first on PATH. Its output and the "> name@version event" banner
// go to out.
func Run(ctx context.Context, dir string, manifest map[string]any, event string, env []string, out io.Writer) error {
	name, _ := manifest["name"].(string)
	version, _ := manifest["version"].(string)
	scripts, _ := manifest["scripts"].(map[string]any)
	script, _ := scripts[event].(string)
	if script == "" {
		return nil
	}
	fmt.Fprintf(out, "\n> %s@%s %s\n> %s\n\n", name, version, event, script)

	cmd := exec.CommandContext(ctx, "sh", "-c", script)
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = out, out
	cmd.Env = scriptEnv(dir, name, version, event, script, env)
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s script of %s@%s failed: %w", event, name, version, err)
	}
	return nil
}

func scriptEnv(dir, name, version, event, script string, env []string) []string {
	var bins []string
	for d := dir; ; d = filepath.Dir(d) {
		bins = append(bins, filepath.Join(d, "node_modules", ".bin"))
		if filepath.Dir(d) == d {
			break
		}
	}
	out := make([]string, 0, len(env)+5)
	path := ""
	for _, kv := range env {
		if strings.HasPrefix(kv, "PATH=") {
			path = strings.TrimPrefix(kv, "PATH=")
			continue
		}
		out = append(out, kv)
	}
	if path != "" {
		bins = append(bins, path)
	}
	return append(out,
		"PATH="+strings.Join(bins, string(os.PathListSeparator)),
		"npm_package_name="+name,
		"npm_package_version="+version,
		"npm_lifecycle_event="+event,
		"npm_lifecycle_script="+script,
	)
}
