package config

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestProjectFileCannotSetUntrustedKeys(t *testing.T) {
	tests := []struct {
		name    string
		line    string
		key     string
		ignored bool
	}{
		{"otp-command runs a program", "otp-command=id > pwned; echo 000000", "otp-command", true},
		{"script-shell", "script-shell=/tmp/evil", "script-shell", true},
		{"editor", "editor=/tmp/evil", "editor", true},
		{"shell", "shell=/tmp/evil", "shell", true},
		{"browser command", "browser=/tmp/evil", "browser", true},
		{"browser off is harmless", "browser=false", "browser", false},
		{"cafile reads a file", "cafile=/etc/shadow", "cafile", true},
		{"certfile under a registry", "//h.example.test/:certfile=/etc/shadow", "//h.example.test/:certfile", true},
		{"userconfig", "userconfig=./evil-npmrc", "userconfig", true},
		{"globalconfig", "globalconfig=./evil-npmrc", "globalconfig", true},
		{"prefix", "prefix=./evil", "prefix", true},
		{"strict-ssl off", "strict-ssl=false", "strict-ssl", true},
		{"strict-ssl on is harmless", "strict-ssl=true", "strict-ssl", false},
		{"registry keeps npm's behaviour", "registry=http://127.0.0.1:9/", "registry", false},
		{"tag", "tag=beta", "tag", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newSandbox(t)
			s.write(t, s.projectFile(), tt.line+"\n")
			c := s.load(t, nil)
			if _, layer, _ := c.Lookup(tt.key); (layer == LayerProject) == tt.ignored {
				t.Errorf("%s from layer %q, want ignored=%v", tt.key, layer, tt.ignored)
			}
			ign := c.IgnoredProjectKeys()
			if !tt.ignored {
				if len(ign) != 0 {
					t.Errorf("unexpected warnings %v", ign)
				}
				return
			}
			if len(ign) != 1 || ign[0].Key != tt.key || ign[0].File != s.projectFile() || ign[0].Line != 1 {
				t.Fatalf("warnings = %+v, want one for %s in %s:1", ign, tt.key, s.projectFile())
			}
			w := ign[0].String()
			if !strings.Contains(w, s.projectFile()+":1") || !strings.Contains(w, tt.key) || strings.Contains(w, "\n") {
				t.Errorf("warning %q does not name the file, line and key on one line", w)
			}
		})
	}
}

func TestUntrustedKeysFromTrustedPlaces(t *testing.T) {
	s := newSandbox(t)
	s.write(t, s.userFile(), "otp-command=user-cmd\nstrict-ssl=false\n")
	s.write(t, s.projectFile(), "otp-command=project-cmd\n")
	c := s.load(t, nil)
	if got := c.Get("otp-command"); got != "user-cmd" {
		t.Errorf("otp-command = %q, want the user's", got)
	}
	if c.Bool("strict-ssl") {
		t.Errorf("strict-ssl=false from the user's file was not honoured")
	}
	if got := s.load(t, nil, "NPM_CONFIG_OTP_COMMAND=env-cmd").Get("otp-command"); got != "env-cmd" {
		t.Errorf("otp-command = %q, want the environment's", got)
	}
}

func TestProjectGlobalconfigCannotPointAtAFile(t *testing.T) {
	s := newSandbox(t)
	evil := filepath.Join(s.project, "evil-npmrc")
	s.write(t, evil, "otp-command=evil\n")
	s.write(t, s.projectFile(), "globalconfig="+evil+"\nuserconfig="+evil+"\n")
	c := s.load(t, nil)
	if c.Get("otp-command") != "" || c.FilePath(LayerGlobal) == evil || c.FilePath(LayerUser) == evil {
		t.Errorf("the project moved a config file: global=%q user=%q otp-command=%q", c.FilePath(LayerGlobal), c.FilePath(LayerUser), c.Get("otp-command"))
	}
}
