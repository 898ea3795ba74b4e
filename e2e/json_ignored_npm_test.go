package e2e

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/gonpm/gonpm/internal/registrytest"
	"github.com/gonpm/gonpm/internal/verdacciotest"
)

// jsonWarning finds gonpm's line saying --json was ignored.
var jsonWarning = regexp.MustCompile(`(?m)^gonpm warn (.*) has no JSON output; (.*) is ignored$`)

// npmMentionsJSON finds the word json in npm's stderr (not in a path
// such as the test's temporary folder).
var npmMentionsJSON = regexp.MustCompile(`(?i)\bjson\b`)

// TestJSONIgnoredSaysSo runs commands that have no JSON output with json
// asked for in each way npm reads it (--json, npm_config_json, json=true
// in the user's and in the project's .npmrc). npm prints its text and
// says nothing about json; gonpm prints the same text on stdout and one
// warning on stderr naming the command and where json=true came from. A
// command with JSON output, and a failing command (whose error is JSON),
// get no warning.
func TestJSONIgnoredSaysSo(t *testing.T) {
	verdacciotest.NpmPath(t) // skips without npm
	srv := registrytest.New(t)
	srv.AddPackage("someone", "json-pkg", "1.0.0", "1.0.1")
	tests := []struct {
		name    string
		args    []string
		way     string // flag, env, npmrc or project
		warning string // gonpm's "<command>; <source>", "" for none
		fails   bool
		npmText bool // npm prints the same stdout
	}{
		{"config get", []string{"config", "get", "registry"}, "flag", "config get; --json", false, true},
		{"config set", []string{"config", "set", "fetch-retries=3"}, "flag", "config set; --json", false, true},
		{"owner ls", []string{"owner", "ls", "json-pkg"}, "flag", "owner ls; --json", false, true},
		{"unpublish", []string{"unpublish", "json-pkg@1.0.0", "--force", "--dry-run"}, "flag", "unpublish; --json", false, true},
		{"npm_config_json", []string{"owner", "ls", "json-pkg"}, "env", "owner ls; json=true from the environment", false, true},
		{"user npmrc", []string{"owner", "ls", "json-pkg"}, "npmrc", "owner ls; json=true in HOME/.npmrc", false, true},
		{"project npmrc", []string{"owner", "ls", "json-pkg"}, "project", "owner ls; json=true in HOME/project/.npmrc", false, true},
		{"a failure is JSON", []string{"owner", "ls", "no-such-pkg"}, "flag", "", true, false},
		{"a command with JSON output", []string{"config", "list"}, "flag", "", false, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			home := t.TempDir()
			project := filepath.Join(home, "project")
			writeFiles(t, project, map[string]string{"package.json": `{"name": "here", "version": "1.0.0"}`})
			args := append([]string{}, tc.args...)
			var env []string
			switch tc.way {
			case "flag":
				args = append(args, "--json")
			case "env":
				env = []string{"npm_config_json=true"}
			case "npmrc":
				writeFiles(t, home, map[string]string{".npmrc": "json=true\n"})
			case "project":
				writeFiles(t, project, map[string]string{".npmrc": "json=true\n"})
			}
			npmOut, npmErr, err := verdacciotest.RunNpm(t, append(npmEnv(t, home, srv.URL), env...), project, args...)
			if (err != nil) != tc.fails {
				t.Fatalf("npm %v: %v\n%s", args, err, npmErr)
			}
			if npmMentionsJSON.MatchString(npmErr) {
				t.Errorf("npm said something about json on stderr:\n%s", npmErr)
			}
			out, errOut, code := runGonpm(t, append(scopingEnv(home, "NPM_CONFIG_REGISTRY="+srv.URL), env...), project, "", args...)
			if (code != 0) != tc.fails {
				t.Fatalf("gonpm %v: exit %d\n%s", args, code, errOut)
			}
			if tc.npmText && out != npmOut {
				t.Errorf("stdout: gonpm %q, npm %q", out, npmOut)
			}
			if tc.fails && !strings.HasPrefix(out, "{\n  \"error\": {") {
				t.Errorf("the error is not JSON on stdout: %q", out)
			}
			var got []string
			for _, m := range jsonWarning.FindAllStringSubmatch(errOut, -1) {
				got = append(got, m[1]+"; "+strings.ReplaceAll(m[2], home, "HOME"))
			}
			want := []string{tc.warning}
			if tc.warning == "" {
				want = nil
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("warnings %q, want %q; stderr:\n%s", got, want, errOut)
			}
		})
	}
}
