package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/gonpm/gonpm/internal/registrytest"
	"github.com/gonpm/gonpm/internal/verdacciotest"
)

// levelLabel finds the level of a log line: "npm notice …", "gonpm warn …".
var levelLabel = regexp.MustCompile(`^(?:npm|gonpm) (error|warn|notice|http|info|verbose|silly)\b`)

// levelCounts counts the stderr lines of each level, and the other lines.
func levelCounts(stderr string) map[string]int {
	counts := map[string]int{}
	for _, line := range strings.Split(strings.TrimRight(stderr, "\n"), "\n") {
		if line == "" {
			continue
		}
		if m := levelLabel.FindStringSubmatch(line); m != nil {
			counts[m[1]]++
		} else {
			counts["other"]++
		}
	}
	return counts
}

// TestLogLevelGovernsNoticesAsInNpm runs pack and publish --dry-run with
// npm and gonpm at each log level, set as a flag, as npm_config_loglevel
// and in the project's .npmrc: each level's lines on stderr and all of
// stdout must agree with npm (line texts differ in places, so stderr is
// compared by the count of each level's lines).
func TestLogLevelGovernsNoticesAsInNpm(t *testing.T) {
	verdacciotest.NpmPath(t) // skips without npm
	srv := registrytest.New(t)
	home := t.TempDir()
	dir := filepath.Join(home, "pkg")
	writeFiles(t, dir, map[string]string{
		"package.json": `{"name": "level-pkg", "version": "1.0.0"}`,
		"index.js":     "module.exports = 1;\n",
	})
	commands := [][]string{{"pack", "--dry-run"}, {"publish", "--dry-run"}}
	ways := []string{"flag", "env", "npmrc"}
	levels := []string{"silent", "error", "warn", "notice"}
	cases := 0
	for _, args := range commands {
		for _, way := range ways {
			for _, level := range levels {
				name := fmt.Sprintf("%s/%s/%s", args[0], way, level)
				t.Run(name, func(t *testing.T) {
					runArgs := append([]string{}, args...)
					extraEnv := []string{}
					npmrc := filepath.Join(dir, ".npmrc")
					os.Remove(npmrc)
					switch way {
					case "flag":
						runArgs = append(runArgs, "--loglevel", level)
					case "env":
						extraEnv = append(extraEnv, "npm_config_loglevel="+level)
					case "npmrc":
						writeFile(t, npmrc, "loglevel="+level+"\n")
						t.Cleanup(func() { os.Remove(npmrc) })
					}
					npmOut, npmErr, err := verdacciotest.RunNpm(t, append(npmEnv(t, home, srv.URL), extraEnv...), dir, runArgs...)
					if err != nil {
						t.Fatalf("npm %s: %v\n%s", strings.Join(runArgs, " "), err, npmErr)
					}
					env := append(scopingEnv(home, "NPM_CONFIG_REGISTRY="+srv.URL), extraEnv...)
					out, errOut, code := runGonpm(t, env, dir, "", runArgs...)
					if code != 0 {
						t.Fatalf("gonpm %s: exit %d\n%s", strings.Join(runArgs, " "), code, errOut)
					}
					if out != npmOut {
						t.Errorf("stdout: npm %q, gonpm %q", npmOut, out)
					}
					want, got := levelCounts(npmErr), levelCounts(errOut)
					for _, lv := range []string{"error", "warn", "notice", "http", "other"} {
						if want[lv] != got[lv] {
							t.Errorf("%s lines on stderr: npm %d, gonpm %d\nnpm:\n%s\ngonpm:\n%s", lv, want[lv], got[lv], npmErr, errOut)
							break
						}
					}
				})
				cases++
			}
		}
	}
	t.Logf("%d runs compared with npm", cases)
}
