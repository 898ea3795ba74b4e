package config

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	npmconfig "github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/iostreams"
	"github.com/spf13/cobra"
)

// machine is a fake home, project and global prefix.
type machine struct {
	home, project, prefix string
	env                   []string
}

func newMachine(t *testing.T) *machine {
	t.Helper()
	root := t.TempDir()
	m := &machine{
		home:    filepath.Join(root, "home"),
		project: filepath.Join(root, "app"),
		prefix:  filepath.Join(root, "prefix"),
	}
	for _, d := range []string{m.home, m.project, m.prefix} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	m.write(t, filepath.Join(m.project, "package.json"), "{}")
	m.env = []string{"HOME=" + m.home, "PATH=", "PREFIX=" + m.prefix}
	return m
}

func (m *machine) userFile() string    { return filepath.Join(m.home, ".npmrc") }
func (m *machine) projectFile() string { return filepath.Join(m.project, ".npmrc") }
func (m *machine) globalFile() string  { return filepath.Join(m.prefix, "etc", "npmrc") }

func (m *machine) write(t *testing.T, path, data string) {
	t.Helper()
	os.MkdirAll(filepath.Dir(path), 0o755)
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
}

func (m *machine) read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	return string(b)
}

// run executes `gonpm config <args>` under a root that, like the real one,
// defines --json and --registry as persistent flags feeding the cli layer.
func (m *machine) run(t *testing.T, args ...string) (string, error) {
	t.Helper()
	ios, _, out, _ := iostreams.Test()
	root := &cobra.Command{Use: "gonpm", SilenceUsage: true, SilenceErrors: true}
	root.PersistentFlags().Bool("json", false, "")
	root.PersistentFlags().String("registry", "", "")
	f := &cmdutil.Factory{
		IOStreams: ios,
		Config: func() (*npmconfig.Config, error) {
			return npmconfig.Load(npmconfig.LoadOptions{
				Cwd: m.project, Env: m.env, Home: m.home, Flags: root.PersistentFlags(),
			})
		},
	}
	root.AddCommand(NewCmdConfig(f))
	root.SetArgs(append([]string{"config"}, args...))
	root.SetOut(&bytes.Buffer{})
	root.SetErr(&bytes.Buffer{})
	err := root.Execute()
	return out.String(), err
}

func isFlagError(err error) bool {
	var fe *cmdutil.FlagError
	return errors.As(err, &fe)
}

func TestSet(t *testing.T) {
	tests := []struct {
		name  string
		args  []string
		file  func(*machine) string
		wants []string
	}{
		{"key value form", []string{"set", "registry", "http://127.0.0.1:4873/"}, (*machine).userFile,
			[]string{"registry=http://127.0.0.1:4873/"}},
		{"key=value pairs", []string{"set", "tag=next", "loglevel=warn"}, (*machine).userFile,
			[]string{"tag=next", "loglevel=warn"}},
		{"project location", []string{"set", "tag=beta", "--location=project"}, (*machine).projectFile,
			[]string{"tag=beta"}},
		{"global shorthand", []string{"set", "tag=g", "-g"}, (*machine).globalFile,
			[]string{"tag=g"}},
		{"nerf-dart credential keeps the reference", []string{"set", "//127.0.0.1:4873/:_authToken=${NPM_TOKEN}"}, (*machine).userFile,
			[]string{"//127.0.0.1:4873/:_authToken=${NPM_TOKEN}"}},
		{"scope registry", []string{"set", "@corp:registry", "http://127.0.0.1:5000/"}, (*machine).userFile,
			[]string{"@corp:registry=http://127.0.0.1:5000/"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newMachine(t)
			if _, err := m.run(t, tt.args...); err != nil {
				t.Fatal(err)
			}
			got := m.read(t, tt.file(m))
			for _, w := range tt.wants {
				if !strings.Contains(got, w+"\n") {
					t.Errorf("file lacks %q:\n%s", w, got)
				}
			}
		})
	}
}

func TestSetRejects(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"unknown key", []string{"set", "bogus=1"}, "bogus"},
		{"unscoped token", []string{"set", "_authToken=x"}, "_authToken"},
		{"unknown nerf-dart key", []string{"set", "//127.0.0.1:1/:secret=x"}, "//127.0.0.1:1/:secret"},
		{"no arguments", []string{"set"}, "set"},
		{"bad location", []string{"set", "tag=x", "--location=system"}, "system"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newMachine(t)
			m.write(t, m.userFile(), "tag=kept\n")
			_, err := m.run(t, tt.args...)
			if !isFlagError(err) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want a usage error naming %q", err, tt.want)
			}
			if got := m.read(t, m.userFile()); got != "tag=kept\n" {
				t.Errorf("file changed by a rejected set:\n%s", got)
			}
		})
	}
}

func TestSetEmptyDeletesAndDelete(t *testing.T) {
	m := newMachine(t)
	m.write(t, m.userFile(), "; mine\ntag=next\nloglevel=warn\n//127.0.0.1:1/:_authToken=t\n")
	if _, err := m.run(t, "set", "tag="); err != nil {
		t.Fatal(err)
	}
	if _, err := m.run(t, "delete", "loglevel", "//127.0.0.1:1/:_authToken"); err != nil {
		t.Fatal(err)
	}
	if got := m.read(t, m.userFile()); got != "; mine\n" {
		t.Errorf("file after deletes:\n%q", got)
	}
	if _, err := m.run(t, "delete"); !isFlagError(err) {
		t.Errorf("delete without keys: %v, want usage error", err)
	}
}

func TestGet(t *testing.T) {
	m := newMachine(t)
	m.write(t, m.userFile(), "registry=http://127.0.0.1:4873/\n//127.0.0.1:4873/:_authToken=sekrit\nproxy=http://u:pw@127.0.0.1:3128/\n")
	tests := []struct {
		name    string
		args    []string
		want    string
		wantErr bool
	}{
		{"one key", []string{"get", "registry"}, "http://127.0.0.1:4873/\n", false},
		{"default", []string{"get", "fetch-retries"}, "2\n", false},
		{"several keys", []string{"get", "registry", "tag"}, "registry=http://127.0.0.1:4873/\ntag=latest\n", false},
		{"unset", []string{"get", "not-a-setting"}, "undefined\n", false},
		{"npm default null", []string{"get", "otp"}, "null\n", false},
		{"cli flag wins", []string{"get", "registry", "--registry=http://127.0.0.1:9/"}, "http://127.0.0.1:9/\n", false},
		{"token protected", []string{"get", "//127.0.0.1:4873/:_authToken"}, "", true},
		{"password in URL protected", []string{"get", "proxy"}, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := m.run(t, tt.args...)
			if (err != nil) != tt.wantErr || out != tt.want {
				t.Errorf("out %q err %v; want %q (error: %v)", out, err, tt.want, tt.wantErr)
			}
			if strings.Contains(out, "sekrit") || err != nil && strings.Contains(err.Error(), "sekrit") {
				t.Error("secret printed")
			}
		})
	}
}

func TestList(t *testing.T) {
	m := newMachine(t)
	m.write(t, m.globalFile(), "tag=global\n")
	m.write(t, m.userFile(), "loglevel=warn\nfetch-retries=4\n//127.0.0.1:4873/:_authToken=sekrit\n")
	m.write(t, m.projectFile(), "registry=http://127.0.0.1:4873/\nloglevel=http\n")
	m.env = append(m.env, "npm_config_fetch_timeout=1000")

	out, err := m.run(t, "list", "--registry=http://127.0.0.1:9/")
	if err != nil {
		t.Fatal(err)
	}
	want := `; "global" config from ` + m.globalFile() + `

tag = "global"

; "user" config from ` + m.userFile() + `

//127.0.0.1:4873/:_authToken = (protected)
fetch-retries = 4
; loglevel = "warn" ; overridden by project

; "project" config from ` + m.projectFile() + `

loglevel = "http"
; registry = "http://127.0.0.1:4873/" ; overridden by cli

; "env" config from environment

fetch-timeout = 1000

; "cli" config from command line options

registry = "http://127.0.0.1:9/"

; Run ` + "`gonpm config ls -l`" + ` to show all defaults.
`
	if out != want {
		t.Errorf("list output:\n%s\nwant:\n%s", out, want)
	}

	out, err = m.run(t, "ls", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("--json output is not JSON: %v\n%s", err, out)
	}
	for key, want := range map[string]any{
		"registry": "http://127.0.0.1:4873/", "loglevel": "http", "fetch-retries": 4.0,
		"fetch-timeout": 1000.0, "json": true, "tag": "global", "auth-type": "web",
	} {
		if got[key] != want {
			t.Errorf("json %s = %#v, want %#v", key, got[key], want)
		}
	}
	if strings.Contains(out, "sekrit") || strings.Contains(out, "_authToken") {
		t.Errorf("--json shows a credential:\n%s", out)
	}
}
