package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gonpm/gonpm/internal/registrytest"
)

// Hostile text: what a registry or a package says is printed escaped,
// and a password in a registry URL is never printed.

// hasControl reports bytes a terminal would act on.
func hasControl(s string) bool {
	for _, r := range s {
		if (r < 0x20 && r != '\n' && r != '\t') || r == 0x7f || (r >= 0x80 && r <= 0x9f) {
			return true
		}
	}
	return false
}

// A registry answers with escape sequences in user names, tags, token
// names and error messages: printed escaped, and --json stays JSON.
func TestHostileEscapeSequences(t *testing.T) {
	const evil = "\x1b]0;pwned\a\x1b[2J\rmallory\u009b31m"
	reg := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch {
		case r.URL.Path == "/-/whoami":
			json.NewEncoder(w).Encode(map[string]string{"username": evil})
		case strings.HasPrefix(r.URL.Path, "/-/package/") && r.Method == http.MethodGet:
			json.NewEncoder(w).Encode(map[string]string{"latest": "1.0.0", "ne\x1b[8mxt": "1.0.0\x1b[0m"})
		case strings.HasPrefix(r.URL.Path, "/-/npm/v1/tokens"):
			json.NewEncoder(w).Encode(map[string]any{"objects": []map[string]any{{"key": "aaaaaaaa-1", "token": "npm_a", "name": evil, "created": "2026-01-01T00:00:00Z"}}, "urls": map[string]any{}})
		case strings.HasPrefix(r.URL.Path, "/-/npm/v1/user"):
			json.NewEncoder(w).Encode(map[string]any{"name": evil, "email": evil + "@example.test", "fullname": evil, "tfa": false})
		default:
			w.WriteHeader(http.StatusForbidden)
			json.NewEncoder(w).Encode(map[string]string{"error": "\x1b[31mdenied\r\x1b[2Kgonpm notice all fine"})
		}
	}))
	defer reg.Close()
	home, env := hostileHome(t, fmt.Sprintf("registry=%s/\n//%s/:_authToken=tok\n", reg.URL, hostPort(reg.URL)))

	const shown = `\x1b]0;pwned\x07\x1b[2J\rmallory\u009b31m`
	for _, tt := range []struct {
		args []string
		want string // the hostile text, escaped, in stdout or stderr
	}{
		{[]string{"whoami"}, shown},
		{[]string{"dist-tag", "ls", "pkg"}, `ne\x1b[8mxt: 1.0.0\x1b[0m`},
		{[]string{"token", "list"}, "name " + shown},
		{[]string{"profile", "get"}, "fullname: " + shown},
		{[]string{"owner", "add", "ann", "pkg"}, `\x1b[31mdenied \x1b[2Kgonpm notice all fine`},
		{[]string{"dist-tag", "add", "pkg@1.0.0", "next"}, `\x1b[31mdenied`},
	} {
		stdout, stderr, _, _, _ := hostileRun(t, env, home, "", tt.args...)
		if hasControl(stdout) || hasControl(stderr) {
			t.Errorf("gonpm %s printed control characters:\nstdout %q\nstderr %q", strings.Join(tt.args, " "), stdout, stderr)
		}
		if !strings.Contains(stdout+stderr, tt.want) {
			t.Errorf("gonpm %s did not show %q escaped:\nstdout %q\nstderr %q", strings.Join(tt.args, " "), tt.want, stdout, stderr)
		}
	}

	// A file name in a package, as the publish report lists it.
	pkg := t.TempDir()
	writeFile(t, filepath.Join(pkg, "package.json"), `{"name":"pkg","version":"1.0.0"}`)
	writeFile(t, filepath.Join(pkg, "evil\x1b[2J\x07.js"), "1")
	stdout, stderr, code, _, _ := hostileRun(t, env, pkg, "", "publish", "--dry-run")
	if code != 0 || hasControl(stdout) || hasControl(stderr) || !strings.Contains(stderr, `evil\x1b[2J\x07.js`) {
		t.Errorf("publish --dry-run: exit %d, file name not shown escaped:\nstdout %q\nstderr %q", code, stdout, stderr)
	}
	stdout, stderr, code, _, _ = hostileRun(t, env, home, "", "whoami", "--json")
	var name string
	if code != 0 || json.Unmarshal([]byte(stdout), &name) != nil || name != evil {
		t.Errorf("whoami --json: exit %d, %q does not decode to the user name (%s)", code, stdout, stderr)
	}
}

// A password in a registry URL is printed as user:***@, as npm does.
func TestHostilePasswordInRegistryURLIsNeverPrinted(t *testing.T) {
	reg := registrytest.New(t)
	withPassword := strings.Replace(reg.URL, "http://", "http://ann:hunter2-secret@", 1)
	home, env := hostileHome(t, "")
	pkg := t.TempDir()
	writeFile(t, filepath.Join(pkg, "package.json"), `{"name":"@team/pkg","version":"1.0.0","publishConfig":{"registry":"`+withPassword+`"}}`)
	writeFile(t, filepath.Join(pkg, "index.js"), "module.exports = 1\n")
	for _, run := range []struct {
		args []string
		env  []string
	}{
		{[]string{"publish", "--dry-run"}, nil},
		{[]string{"publish", "--dry-run", "--registry", withPassword}, nil},
		{[]string{"whoami", "--registry", withPassword}, nil},
		{[]string{"dist-tag", "ls", "@team/pkg"}, []string{"npm_config_@team:registry=" + withPassword}},
	} {
		args := run.args
		stdout, stderr, _, _, _ := hostileRun(t, append(env, run.env...), pkg, "", args...)
		if strings.Contains(stdout+stderr, "hunter2-secret") {
			t.Errorf("gonpm %s printed the password:\n%s%s", strings.Join(args, " "), stdout, stderr)
		}
	}
	_ = home
}
