package publishing

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gonpm/gonpm/config"
	"github.com/spf13/pflag"
)

func TestRefuseVersion(t *testing.T) {
	published := map[string]publishedVersion{
		"1.0.0":        {},
		"2.0.0":        {},
		"3.0.0":        {deprecated: true},
		"4.0.0-beta.1": {},
	}
	tests := []struct {
		version  string
		explicit bool
		wantErr  string
	}{
		{"2.1.0", false, ""},
		{"2.0.0", false, "cannot publish over"},
		{"2.0.0", true, "cannot publish over"},
		{"4.0.0-beta.1", true, "cannot publish over"},
		{"1.5.0", false, "version 2.0.0 is higher"},
		{"1.5.0", true, ""},
		// Deprecated versions and prereleases do not count as highest.
		{"2.5.0", false, ""},
	}
	for _, tt := range tests {
		p := &Package{name: "pkg", version: tt.version, explicitTag: tt.explicit}
		err := p.refuseVersion(published)
		if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
			t.Errorf("%s (explicit tag %v): err = %v, want %q", tt.version, tt.explicit, err, tt.wantErr)
		}
	}
}

func loadConfig(t *testing.T, args []string, env ...string) *config.Config {
	t.Helper()
	fs := pflag.NewFlagSet("publish", pflag.ContinueOnError)
	fs.String("tag", "", "")
	fs.String("access", "", "")
	fs.String("registry", "", "")
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	home := t.TempDir()
	cfg, err := config.Load(config.LoadOptions{Cwd: home, Home: home, Env: append(env, "HOME="+home), Flags: fs})
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func TestSettingsPublishConfigAndFlags(t *testing.T) {
	const reg = "http://127.0.0.1:1/"
	tests := []struct {
		name         string
		args         []string
		env          []string
		pkgName      string
		pc           map[string]any
		wantTag      string
		wantExplicit bool
		wantAccess   string
		wantRegistry string
	}{
		{"defaults", nil, nil, "pkg", nil, "latest", false, "", reg},
		{"flag", []string{"--tag=beta", "--access=public"}, nil, "pkg", nil, "beta", true, "public", reg},
		{"env tag is explicit", nil, []string{"NPM_CONFIG_TAG=next"}, "pkg", nil, "next", true, "", reg},
		{"publishConfig", nil, nil, "pkg",
			map[string]any{"tag": "next", "access": "restricted", "registry": "http://127.0.0.1:2"},
			"next", true, "restricted", "http://127.0.0.1:2/"},
		{"flags win over publishConfig", []string{"--tag=beta", "--registry=" + reg}, nil, "pkg",
			map[string]any{"tag": "next", "registry": "http://127.0.0.1:2/"},
			"beta", true, "", reg},
		{"scope registry", nil, []string{"NPM_CONFIG_@s:registry=http://127.0.0.1:3/"}, "@s/pkg", nil, "latest", false, "", "http://127.0.0.1:3/"},
		{"publishConfig scope registry", nil, nil, "@s/pkg",
			map[string]any{"@s:registry": "http://127.0.0.1:4/"}, "latest", false, "", "http://127.0.0.1:4/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := loadConfig(t, tt.args, append(tt.env, "NPM_CONFIG_REGISTRY="+reg)...)
			raw := map[string]any{"name": tt.pkgName, "version": "1.0.0"}
			if tt.pc != nil {
				raw["publishConfig"] = tt.pc
			}
			p := &Package{raw: raw, name: tt.pkgName, version: "1.0.0"}
			if err := p.settings(cfg); err != nil {
				t.Fatal(err)
			}
			access := ""
			if p.access != nil {
				access = *p.access
			}
			if p.tag != tt.wantTag || p.explicitTag != tt.wantExplicit || access != tt.wantAccess || p.registry != tt.wantRegistry {
				t.Errorf("tag %q explicit %v access %q registry %q; want %q %v %q %q",
					p.tag, p.explicitTag, access, p.registry, tt.wantTag, tt.wantExplicit, tt.wantAccess, tt.wantRegistry)
			}
		})
	}
}

func TestHighestVersionIncludesPrereleases(t *testing.T) {
	got := highestVersion(map[string]any{"1.0.0": nil, "1.1.0-beta.1": nil, "0.9.0": nil})
	if got != "1.1.0-beta.1" {
		t.Errorf("highestVersion = %q, want 1.1.0-beta.1 (npm counts prereleases)", got)
	}
}

func TestTarballPath(t *testing.T) {
	u := &Unpublisher{reg: "http://127.0.0.1:9/npm/"}
	got := u.tarballPath("http://127.0.0.1:9/npm/@s/pk/-/@s/pk-1.0.0.tgz")
	if got != "@s/pk/-/@s/pk-1.0.0.tgz" {
		t.Errorf("tarballPath = %q", got)
	}
}

// A project (its .npmrc, its publishConfig) cannot choose the Sigstore
// trusted root or endpoints.
func TestSigstoreSettingsIgnoreTheProjectNpmrc(t *testing.T) {
	home, project := t.TempDir(), t.TempDir()
	os.WriteFile(filepath.Join(project, ".npmrc"), []byte("sigstore-trusted-root=/tmp/evil.json\nsigstore-fulcio-url=https://evil.example.test\nsigstore-rekor-url=https://evil.example.test\n"), 0o600)
	os.WriteFile(filepath.Join(project, "package.json"), []byte(`{"name":"p","version":"1.0.0"}`), 0o644)
	cfg, err := config.Load(config.LoadOptions{Cwd: project, Home: home, Env: []string{"HOME=" + home}})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(cfg.IgnoredProjectKeys()); n != 3 {
		t.Fatalf("%d keys of the project .npmrc ignored, want the 3 Sigstore keys (was it read?)", n)
	}
	s := SigstoreSettings(cfg.WithPublishConfig(map[string]any{"sigstore-trusted-root": "/tmp/evil.json", "sigstore-rekor-url": "https://evil.example.test"}))
	if s.TrustedRoot != "" || s.FulcioURL != "" || s.RekorURL != "" {
		t.Errorf("settings from the project .npmrc were used: %+v", s)
	}
}
