package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/pflag"
)

// sandbox is a fake machine: a home, a project and a global prefix.
type sandbox struct {
	root, home, project, prefix string
	env                         []string
}

func newSandbox(t *testing.T) *sandbox {
	t.Helper()
	root := t.TempDir()
	s := &sandbox{
		root:    root,
		home:    filepath.Join(root, "home"),
		project: filepath.Join(root, "work", "app"),
		prefix:  filepath.Join(root, "prefix"),
	}
	for _, d := range []string{s.home, filepath.Join(s.project, "src", "deep"), filepath.Join(s.prefix, "etc")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	s.write(t, filepath.Join(s.project, "package.json"), "{}")
	s.env = []string{"HOME=" + s.home, "PATH=", "PREFIX=" + s.prefix}
	return s
}

func (s *sandbox) write(t *testing.T, path, data string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
}

func (s *sandbox) globalFile() string  { return filepath.Join(s.prefix, "etc", "npmrc") }
func (s *sandbox) userFile() string    { return filepath.Join(s.home, ".npmrc") }
func (s *sandbox) projectFile() string { return filepath.Join(s.project, ".npmrc") }

func (s *sandbox) load(t *testing.T, flags *pflag.FlagSet, env ...string) *Config {
	t.Helper()
	c, err := Load(LoadOptions{
		Cwd:   filepath.Join(s.project, "src", "deep"),
		Env:   append(append([]string(nil), s.env...), env...),
		Home:  s.home,
		Flags: flags,
	})
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return c
}

// cliFlags returns a flag set like the root command's, with args parsed.
func cliFlags(t *testing.T, args ...string) *pflag.FlagSet {
	t.Helper()
	fs := pflag.NewFlagSet("gonpm", pflag.ContinueOnError)
	fs.String("registry", "", "")
	fs.String("otp", "", "")
	fs.String("userconfig", "", "")
	fs.String("loglevel", "", "")
	fs.String("location", "user", "")
	fs.Bool("json", false, "")
	fs.Bool("debug", false, "")
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	return fs
}

func TestPrecedence(t *testing.T) {
	s := newSandbox(t)
	s.write(t, s.globalFile(), "tag=global\nloglevel=global\nfetch-retries=global\nparseable=global\nfetch-timeout=global\n")
	s.write(t, s.userFile(), "loglevel=user\nfetch-retries=user\nparseable=user\nfetch-timeout=user\n")
	s.write(t, s.projectFile(), "fetch-retries=project\nparseable=project\nfetch-timeout=project\n")
	c := s.load(t, cliFlags(t, "--loglevel=cli"),
		"npm_config_parseable=env", "npm_config_fetch_timeout=env", "npm_config_loglevel=env")

	tests := []struct {
		key, value, layer string
	}{
		{"audit", "true", LayerDefault},
		{"tag", "global", LayerGlobal},
		{"fetch-retries", "project", LayerProject},
		{"parseable", "env", LayerEnv},
		{"fetch-timeout", "env", LayerEnv},
		{"loglevel", "cli", LayerCLI},
	}
	for _, tt := range tests {
		v, layer, ok := c.Lookup(tt.key)
		if !ok || v != tt.value || layer != tt.layer {
			t.Errorf("Lookup(%q) = %q, %q, %v; want %q from %q", tt.key, v, layer, ok, tt.value, tt.layer)
		}
	}
	if _, _, ok := c.Lookup("registry"); ok {
		t.Error("registry must have no default")
	}
	if _, err := c.Registry(); !errors.Is(err, ErrNoRegistry) {
		t.Errorf("Registry() error = %v, want ErrNoRegistry", err)
	}
	if !strings.Contains(ErrNoRegistry.Error(), "gonpm config set registry") || !strings.Contains(ErrNoRegistry.Error(), "--registry=") {
		t.Errorf("ErrNoRegistry must say how to set a registry: %v", ErrNoRegistry)
	}
}

func TestDefaults(t *testing.T) {
	c := newSandbox(t).load(t, nil)
	if got := c.Get("auth-type"); got != "web" {
		t.Errorf("auth-type = %q, want web", got)
	}
	if got := c.Duration("fetch-timeout").Seconds(); got != 300 {
		t.Errorf("fetch-timeout = %vs, want 300s", got)
	}
	if got := c.Int("fetch-retries"); got != 2 {
		t.Errorf("fetch-retries = %d, want 2", got)
	}
	if !c.OpenBrowser() || c.Bool("json") {
		t.Errorf("browser=%v json=%v, want true false", c.OpenBrowser(), c.Bool("json"))
	}
}

func TestFlagsFormTheCLILayer(t *testing.T) {
	s := newSandbox(t)
	s.write(t, s.userFile(), "json=false\n")
	c := s.load(t, cliFlags(t, "--json", "--debug", "--location=project"))
	if v, l, _ := c.Lookup("json"); v != "true" || l != LayerCLI {
		t.Errorf("--json gives json=%q from %q, want true from cli", v, l)
	}
	if _, l, _ := c.Lookup("location"); l == LayerCLI {
		t.Error("--location must not become config")
	}
	if _, _, ok := c.Lookup("debug"); ok {
		t.Error("a flag that is not a config key must not become config")
	}
	if _, _, ok := c.Lookup("registry"); ok {
		t.Error("a flag that was not set must not become config")
	}
}

func TestOTPForcesLegacyAuthType(t *testing.T) {
	s := newSandbox(t)
	s.write(t, s.userFile(), "auth-type=web\n")
	for _, tt := range []struct {
		name  string
		flags *pflag.FlagSet
		env   []string
	}{
		{"flag", cliFlags(t, "--otp=123456"), nil},
		{"env", nil, []string{"NPM_CONFIG_OTP=123456"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := s.load(t, tt.flags, tt.env...).Get("auth-type"); got != "legacy" {
				t.Errorf("auth-type = %q, want legacy when otp is set", got)
			}
		})
	}
}

func TestFileLocations(t *testing.T) {
	t.Run("project found from a subfolder", func(t *testing.T) {
		s := newSandbox(t)
		s.write(t, s.projectFile(), "tag=proj\n")
		c := s.load(t, nil)
		if c.Get("tag") != "proj" || c.FilePath(LayerProject) != s.projectFile() {
			t.Errorf("tag=%q project file=%q", c.Get("tag"), c.FilePath(LayerProject))
		}
	})
	t.Run("node_modules marks the project too", func(t *testing.T) {
		s := newSandbox(t)
		os.Remove(filepath.Join(s.project, "package.json"))
		os.MkdirAll(filepath.Join(s.project, "src", "node_modules"), 0o755)
		if got := s.load(t, nil).FilePath(LayerProject); got != filepath.Join(s.project, "src", ".npmrc") {
			t.Errorf("project file = %q", got)
		}
	})
	t.Run("project file cannot move the user file", func(t *testing.T) {
		s := newSandbox(t)
		other := filepath.Join(s.root, "other-userrc")
		s.write(t, s.projectFile(), "userconfig="+other+"\n")
		s.write(t, other, "tag=other\n")
		s.write(t, s.userFile(), "tag=home\n")
		c := s.load(t, nil)
		if c.Get("tag") != "home" || c.FilePath(LayerUser) != s.userFile() {
			t.Errorf("tag=%q user file=%q; want the user's own", c.Get("tag"), c.FilePath(LayerUser))
		}
	})
	t.Run("userconfig flag and env", func(t *testing.T) {
		s := newSandbox(t)
		a, b := filepath.Join(s.root, "a"), filepath.Join(s.root, "b")
		s.write(t, a, "tag=a\n")
		s.write(t, b, "tag=b\n")
		if got := s.load(t, nil, "NPM_CONFIG_USERCONFIG="+a).Get("tag"); got != "a" {
			t.Errorf("env userconfig: tag=%q", got)
		}
		if got := s.load(t, cliFlags(t, "--userconfig="+b), "NPM_CONFIG_USERCONFIG="+a).Get("tag"); got != "b" {
			t.Errorf("flag userconfig: tag=%q", got)
		}
	})
	t.Run("user file moves the global file", func(t *testing.T) {
		s := newSandbox(t)
		g := filepath.Join(s.root, "g-npmrc")
		s.write(t, s.userFile(), "globalconfig="+g+"\n")
		s.write(t, g, "tag=moved\n")
		s.write(t, s.globalFile(), "tag=default-place\n")
		if c := s.load(t, nil); c.Get("tag") != "moved" || c.FilePath(LayerGlobal) != g {
			t.Errorf("tag=%q global file=%q", c.Get("tag"), c.FilePath(LayerGlobal))
		}
	})
	t.Run("prefix config moves the global file", func(t *testing.T) {
		s := newSandbox(t)
		p := filepath.Join(s.root, "p2")
		if got := s.load(t, nil, "NPM_CONFIG_PREFIX="+p).FilePath(LayerGlobal); got != filepath.Join(p, "etc", "npmrc") {
			t.Errorf("global file = %q", got)
		}
	})
	t.Run("global prefix from node on PATH with DESTDIR", func(t *testing.T) {
		s := newSandbox(t)
		bin := filepath.Join(s.root, "node-install", "bin")
		os.MkdirAll(bin, 0o755)
		if err := os.WriteFile(filepath.Join(bin, "node"), []byte("#!/bin/sh\n"), 0o755); err != nil {
			t.Fatal(err)
		}
		s.env = []string{"HOME=" + s.home, "PATH=" + filepath.Join(s.root, "nothing") + ":" + bin}
		want := filepath.Join(s.root, "node-install", "etc", "npmrc")
		if got := s.load(t, nil).FilePath(LayerGlobal); got != want {
			t.Errorf("global file = %q, want %q", got, want)
		}
		dest := filepath.Join(s.root, "dest")
		if got := s.load(t, nil, "DESTDIR="+dest).FilePath(LayerGlobal); got != filepath.Join(dest, want) {
			t.Errorf("with DESTDIR global file = %q", got)
		}
	})
	t.Run("no node means no global file", func(t *testing.T) {
		s := newSandbox(t)
		s.env = []string{"HOME=" + s.home, "PATH=" + filepath.Join(s.root, "nothing")}
		if got := s.load(t, nil).FilePath(LayerGlobal); got != "" {
			t.Errorf("global file = %q, want none", got)
		}
	})
	t.Run("project file that is the user file is read once", func(t *testing.T) {
		s := newSandbox(t)
		s.project = s.home
		s.write(t, filepath.Join(s.home, "package.json"), "{}")
		os.MkdirAll(filepath.Join(s.home, "src", "deep"), 0o755)
		s.write(t, s.userFile(), "tag=home\n")
		c := s.load(t, nil)
		if _, l, _ := c.Lookup("tag"); l != LayerUser || c.FilePath(LayerProject) != "" {
			t.Errorf("tag from %q, project file %q; want user and none", l, c.FilePath(LayerProject))
		}
	})
}

func TestExpansionInFiles(t *testing.T) {
	s := newSandbox(t)
	s.write(t, s.userFile(), "registry=http://${REG_HOST}/\n//${REG_HOST}/:_authToken=${TOKEN}\ntag=${UNSET}\nloglevel=${UNSET?}\n")
	c := s.load(t, nil, "REG_HOST=127.0.0.1:4873", "TOKEN=s3cret")
	if reg, _ := c.Registry(); reg != "http://127.0.0.1:4873/" {
		t.Errorf("registry = %q", reg)
	}
	if a := c.AuthFor("http://127.0.0.1:4873/pkg", "http://127.0.0.1:4873/"); a == nil || a.Token != "s3cret" {
		t.Error("expanded credential key and value not found")
	}
	if got := c.Get("tag"); got != "${UNSET}" {
		t.Errorf("undefined variable must stay literal, got %q", got)
	}
	if v, l, _ := c.Lookup("loglevel"); v != "" || l != LayerUser {
		t.Errorf("${UNSET?} must be empty, got %q from %q", v, l)
	}
}

func TestRegistryNormalization(t *testing.T) {
	tests := []struct{ in, want string }{
		{"http://127.0.0.1:4873", "http://127.0.0.1:4873/"},
		{"http://127.0.0.1:4873/", "http://127.0.0.1:4873/"},
		{"http://127.0.0.1:4873/npm", "http://127.0.0.1:4873/npm"},
	}
	for _, tt := range tests {
		c := newSandbox(t).load(t, cliFlags(t, "--registry="+tt.in))
		if got, err := c.Registry(); err != nil || got != tt.want {
			t.Errorf("Registry() for %q = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	c := newSandbox(t).load(t, cliFlags(t, "--registry=ftp://127.0.0.1/"))
	if _, err := c.Registry(); err == nil || errors.Is(err, ErrNoRegistry) {
		t.Errorf("a non-http registry must be an error, got %v", err)
	}
}

func TestRegistryForScope(t *testing.T) {
	s := newSandbox(t)
	s.write(t, s.userFile(), "registry=http://127.0.0.1:1/\n@corp:registry=http://127.0.0.1:2\n")
	c := s.load(t, nil)
	for _, tt := range []struct{ scope, want string }{
		{"@corp", "http://127.0.0.1:2/"},
		{"corp", "http://127.0.0.1:2/"},
		{"@other", "http://127.0.0.1:1/"},
		{"", "http://127.0.0.1:1/"},
	} {
		if got, err := c.RegistryForScope(tt.scope); err != nil || got != tt.want {
			t.Errorf("RegistryForScope(%q) = %q, %v; want %q", tt.scope, got, err, tt.want)
		}
	}
}

func TestInvalidAuth(t *testing.T) {
	for _, key := range []string{"_authToken", "_auth", "_authtoken", "username", "_password"} {
		t.Run(key, func(t *testing.T) {
			s := newSandbox(t)
			s.write(t, s.projectFile(), "; comment\nregistry=http://127.0.0.1:4873/\n"+key+"=c2VjcmV0\n")
			_, err := Load(LoadOptions{Cwd: s.project, Env: s.env, Home: s.home})
			var ia *InvalidAuthError
			if !errors.As(err, &ia) {
				t.Fatalf("Load error = %v, want *InvalidAuthError", err)
			}
			if ia.File != s.projectFile() || ia.Line != 3 || ia.Key != key {
				t.Errorf("got %+v", ia)
			}
			msg := err.Error()
			for _, want := range []string{s.projectFile() + ":3", key, "//127.0.0.1:4873/:", "gonpm config delete " + key} {
				if !strings.Contains(msg, want) {
					t.Errorf("message %q lacks %q", msg, want)
				}
			}
			if strings.Contains(msg, "c2VjcmV0") || strings.Contains(msg, "\n") {
				t.Errorf("message must be one line without the value: %q", msg)
			}
		})
	}
	t.Run("env and cli are not checked", func(t *testing.T) {
		s := newSandbox(t)
		s.load(t, nil, "NPM_CONFIG__AUTHTOKEN=x")
	})
}
