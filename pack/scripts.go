package pack

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// runScript runs the package's lifecycle script for event, if it has one,
// with `sh -c` in dir and npm's basic environment: npm_package_name,
// npm_package_version, npm_lifecycle_event, npm_lifecycle_script and the
// node_modules/.bin folders of dir and its parents first on PATH. Its
// output and the "> name@version event" banner go to out.
func runScript(ctx context.Context, dir string, m *manifest, event string, env []string, out io.Writer) error {
	scripts, _ := m.raw["scripts"].(map[string]any)
	script, _ := scripts[event].(string)
	if script == "" {
		return nil
	}
	fmt.Fprintf(out, "\n> %s@%s %s\n> %s\n\n", m.name, m.version, event, script)

	cmd := exec.CommandContext(ctx, "sh", "-c", script)
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = out, out
	cmd.Env = scriptEnv(dir, m, event, script, env)
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s script of %s@%s failed: %w", event, m.name, m.version, err)
	}
	return nil
}

func scriptEnv(dir string, m *manifest, event, script string, env []string) []string {
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
		"npm_package_name="+m.name,
		"npm_package_version="+m.version,
		"npm_lifecycle_event="+event,
		"npm_lifecycle_script="+script,
	)
}

// RunScript runs the lifecycle script for event of the package in dir, if
// it has one, the way pack runs prepack and postpack: `sh -c` in dir with
// npm's script environment, output and banner to out. Publish uses it for
// prepublishOnly, publish and postpublish.
func RunScript(ctx context.Context, dir, event string, env []string, out io.Writer) error {
	m, err := readManifest(dir)
	if err != nil {
		return err
	}
	return runScript(ctx, dir, m, event, env, out)
}
