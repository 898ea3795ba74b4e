package e2e

import (
	"path/filepath"
	"regexp"
	"testing"

	"github.com/gonpm/gonpm/internal/registrytest"
	"github.com/gonpm/gonpm/internal/verdacciotest"
)

// forceWarning finds the tool's "using --force" warning line.
var forceWarning = regexp.MustCompile(`(?m)^(?:npm|gonpm) warn using --force Recommended protections disabled\.$`)

// TestForceWarnsAsNpm: npm warns once that protections are off whenever
// force is set, by flag, environment or npmrc, whatever the command; and
// not at all without it. gonpm does the same.
func TestForceWarnsAsNpm(t *testing.T) {
	verdacciotest.NpmPath(t) // skips without npm
	srv := registrytest.New(t)
	srv.AddPackage("someone", "force-pkg", "1.0.0", "1.0.1")
	tests := []struct {
		name string
		args []string
		env  []string
		rc   string
		want int
	}{
		{"publish --force", []string{"publish", "--dry-run", "--force"}, nil, "", 1},
		{"unpublish --force", []string{"unpublish", "force-pkg@1.0.0", "--dry-run", "--force"}, nil, "", 1},
		{"npm_config_force", []string{"config", "get", "registry"}, []string{"npm_config_force=true"}, "", 1},
		{"force in the npmrc", []string{"owner", "ls", "force-pkg"}, nil, "force=true\n", 1},
		{"no force", []string{"publish", "--dry-run"}, nil, "", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			home := t.TempDir()
			project := filepath.Join(home, "project")
			writeFiles(t, project, map[string]string{"package.json": `{"name": "force-here", "version": "1.0.0"}`})
			if tc.rc != "" {
				writeFiles(t, home, map[string]string{".npmrc": tc.rc})
			}
			_, npmErr, err := verdacciotest.RunNpm(t, append(npmEnv(t, home, srv.URL), tc.env...), project, tc.args...)
			if err != nil {
				t.Fatalf("npm %v: %v\n%s", tc.args, err, npmErr)
			}
			_, errOut, code := runGonpm(t, append(scopingEnv(home, "NPM_CONFIG_REGISTRY="+srv.URL), tc.env...), project, "", tc.args...)
			if code != 0 {
				t.Fatalf("gonpm %v: exit %d\n%s", tc.args, code, errOut)
			}
			n, g := len(forceWarning.FindAllString(npmErr, -1)), len(forceWarning.FindAllString(errOut, -1))
			if n != tc.want || g != tc.want {
				t.Errorf("force warnings: npm %d, gonpm %d, want %d\nnpm:\n%s\ngonpm:\n%s", n, g, tc.want, npmErr, errOut)
			}
		})
	}
}
