package pack

import (
	"context"
	"io"

	"github.com/gonpm/gonpm/internal/lifecycle"
)

// runScript runs the package's lifecycle script for event, if it has one.
func runScript(ctx context.Context, dir string, m *manifest, event string, env []string, out io.Writer) error {
	return lifecycle.Run(ctx, dir, m.raw, event, env, out)
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
