package config

import "testing"

func TestWithPublishConfig(t *testing.T) {
	s := newSandbox(t)
	s.write(t, s.userFile(), "tag=user\naccess=restricted\n//r.example.test/:_authToken=user-token\n")
	base := s.load(t, cliFlags(t, "--registry=http://127.0.0.1:1/"), "npm_config_@s:registry=http://127.0.0.1:2/")
	c := base.WithPublishConfig(map[string]any{
		"tag":                          "next",
		"registry":                     "http://127.0.0.1:9/",
		"@s:registry":                  "http://127.0.0.1:3/",
		"access":                       7, // not a string: ignored
		"//r.example.test/:_authToken": "from-the-package",
		"otp":                          "123456",
	})

	tests := []struct {
		key, value, layer string
	}{
		{"tag", "next", LayerPublishConfig},
		{"@s:registry", "http://127.0.0.1:3/", LayerPublishConfig},
		{"registry", "http://127.0.0.1:1/", LayerCLI}, // the command line wins
		{"access", "restricted", LayerUser},
		{"//r.example.test/:_authToken", "user-token", LayerUser}, // never from the package
		{"otp", "", ""},
	}
	for _, tt := range tests {
		v, layer, _ := c.Lookup(tt.key)
		if v != tt.value || layer != tt.layer {
			t.Errorf("Lookup(%q) = %q from %q, want %q from %q", tt.key, v, layer, tt.value, tt.layer)
		}
	}
	if v, layer, _ := base.Lookup("tag"); v != "user" || layer != LayerUser {
		t.Errorf("base config changed: tag = %q from %q", v, layer)
	}
}

// publishConfig.provenance as npm 11.19.1 reads it: a JSON boolean lays
// over the files and the environment, a flag on the command line wins
// over it, and the string "true" does nothing (npm signs only for true).
func TestWithPublishConfigProvenance(t *testing.T) {
	tests := []struct {
		name      string
		value     any
		flags     []string
		env       []string
		want      bool
		wantLayer string
	}{
		{"true", true, nil, nil, true, LayerPublishConfig},
		{"false over the environment's true", false, nil, []string{"npm_config_provenance=true"}, false, LayerPublishConfig},
		{"true over the environment's false", true, nil, []string{"npm_config_provenance=false"}, true, LayerPublishConfig},
		{"--provenance=false wins", true, []string{"--provenance=false"}, nil, false, LayerCLI},
		{"--provenance wins", false, []string{"--provenance"}, nil, true, LayerCLI},
		{"the string true is ignored", "true", nil, nil, false, LayerDefault},
		{"a number is ignored", 1, nil, nil, false, LayerDefault},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newSandbox(t)
			fs := cliFlags(t)
			fs.Bool("provenance", false, "")
			if err := fs.Parse(tt.flags); err != nil {
				t.Fatal(err)
			}
			c := s.load(t, fs, tt.env...).WithPublishConfig(map[string]any{"provenance": tt.value})
			_, layer, _ := c.Lookup("provenance")
			if c.Bool("provenance") != tt.want || layer != tt.wantLayer {
				t.Errorf("provenance = %v from %q, want %v from %q", c.Bool("provenance"), layer, tt.want, tt.wantLayer)
			}
		})
	}
}

// The Sigstore endpoints and trusted root never come from a project:
// publishConfig's are not read, and a project .npmrc's are dropped with a
// warning, so the user's own settings stay in force.
func TestSigstoreSettingsNeverFromTheProject(t *testing.T) {
	s := newSandbox(t)
	s.write(t, s.userFile(), "sigstore-fulcio-url=http://127.0.0.1:1/\nsigstore-rekor-url=http://127.0.0.1:2/\nsigstore-trusted-root=/home/me/root.json\n")
	s.write(t, s.projectFile(), "sigstore-fulcio-url=http://127.0.0.1:66/\nsigstore-rekor-url=http://127.0.0.1:67/\nsigstore-trusted-root=./evil-root.json\n")
	c := s.load(t, nil).WithPublishConfig(map[string]any{
		"provenance":            true,
		"sigstore-fulcio-url":   "http://127.0.0.1:76/",
		"sigstore-rekor-url":    "http://127.0.0.1:77/",
		"sigstore-trusted-root": "./evil-root.json",
	})
	want := map[string]string{
		"sigstore-fulcio-url":   "http://127.0.0.1:1/",
		"sigstore-rekor-url":    "http://127.0.0.1:2/",
		"sigstore-trusted-root": "/home/me/root.json",
	}
	for key, value := range want {
		if v, layer, _ := c.Lookup(key); v != value || layer != LayerUser {
			t.Errorf("%s = %q from %q, want the user's %q", key, v, layer, value)
		}
	}
	if !c.Bool("provenance") {
		t.Error("publishConfig.provenance was not taken")
	}
	if ign := c.IgnoredProjectKeys(); len(ign) != 3 {
		t.Errorf("warnings %v, want one for each Sigstore key of the project file", ign)
	}
}
