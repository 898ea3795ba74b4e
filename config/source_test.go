package config

import "testing"

func TestSourceDescribe(t *testing.T) {
	tests := []struct {
		src  Source
		want string
	}{
		{Source{}, ""},
		{Source{Layer: LayerUser, File: "/home/me/.npmrc", Key: "//r.example.test/:_authToken"}, "//r.example.test/:_authToken in /home/me/.npmrc"},
		{Source{Layer: LayerEnv, Key: "NPM_CONFIG__AUTH"}, "NPM_CONFIG__AUTH from the environment"},
		{Source{Layer: LayerCLI, Key: "_authToken"}, "_authToken from the command line"},
		{Source{Layer: LayerDefault, Key: "_auth"}, "_auth"},
	}
	for _, tt := range tests {
		if got := tt.src.Describe(); got != tt.want {
			t.Errorf("%+v.Describe() = %q, want %q", tt.src, got, tt.want)
		}
	}
}
