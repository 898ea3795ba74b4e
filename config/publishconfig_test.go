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
