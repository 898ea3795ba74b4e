package cmd

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gonpm/gonpm/internal/iostreams"
)

// With --json, a failure is npm's {"error":{code,summary,detail}} object on
// stdout, beside the usual error line on stderr; without it stdout stays
// empty.
func TestErrorsAsJSON(t *testing.T) {
	home := t.TempDir()
	npmrc := filepath.Join(home, ".npmrc")
	if err := os.WriteFile(npmrc, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		args     []string
		env      map[string]string
		wantCode any // nil: no JSON on stdout
		wantExit int
		summary  string
	}{
		{name: "usage error", args: []string{"dist-tag", "add", "--json"}, wantCode: "EUSAGE", wantExit: 2, summary: "usage: gonpm dist-tag add <pkg>@<version> [<tag>]"},
		{name: "not logged in", args: []string{"whoami", "--json", "--registry=http://127.0.0.1:9/"}, wantCode: "ENEEDAUTH", wantExit: 4, summary: "this command requires you to be logged in"},
		{name: "json from the environment", args: []string{"whoami", "--registry=http://127.0.0.1:9/"}, env: map[string]string{"npm_config_json": "true"}, wantCode: "ENEEDAUTH", wantExit: 4},
		{name: "no --json", args: []string{"whoami", "--registry=http://127.0.0.1:9/"}, wantExit: 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := map[string]string{"HOME": home, "NPM_CONFIG_USERCONFIG": npmrc, "NPM_CONFIG_GLOBALCONFIG": filepath.Join(home, "npmrc-global")}
			for k, v := range tt.env {
				env[k] = v
			}
			getenv := func(k string) string { return env[k] }
			var environ []string
			for k, v := range env {
				environ = append(environ, k+"="+v)
			}
			ios, _, stdout, stderr := iostreams.Test()
			code := Run(context.Background(), tt.args, ios, getenv, environ)
			if code != tt.wantExit {
				t.Fatalf("exit %d, want %d (stderr %q)", code, tt.wantExit, stderr)
			}
			if !strings.Contains(stderr.String(), "gonpm error ") {
				t.Errorf("stderr has no error line: %q", stderr)
			}
			if tt.wantCode == nil {
				if stdout.Len() != 0 {
					t.Errorf("stdout = %q, want nothing without --json", stdout)
				}
				return
			}
			var got struct {
				Error struct {
					Code    any     `json:"code"`
					Summary string  `json:"summary"`
					Detail  *string `json:"detail"`
				} `json:"error"`
			}
			if err := json.Unmarshal(stdout.Bytes(), &got); err != nil {
				t.Fatalf("stdout is not one JSON object: %v\n%s", err, stdout)
			}
			if got.Error.Code != tt.wantCode {
				t.Errorf("code = %v, want %v", got.Error.Code, tt.wantCode)
			}
			if !strings.HasPrefix(got.Error.Summary, tt.summary) || got.Error.Detail == nil {
				t.Errorf("summary = %q, want it to start with %q, and a detail field", got.Error.Summary, tt.summary)
			}
		})
	}
}
