package cmdutil

import (
	"bytes"
	"testing"

	"github.com/gonpm/gonpm/config"
)

func TestOutputFormatOf(t *testing.T) {
	tests := []struct {
		env  []string
		want OutputFormat
	}{
		{nil, FormatHuman},
		{[]string{"NPM_CONFIG_PARSEABLE=true"}, FormatParseable},
		{[]string{"NPM_CONFIG_JSON=true", "NPM_CONFIG_PARSEABLE=true"}, FormatJSON},
		{[]string{"NPM_CONFIG_LOGLEVEL=silent"}, FormatSilent},
		{[]string{"NPM_CONFIG_LOGLEVEL=silent", "NPM_CONFIG_JSON=true"}, FormatJSON},
	}
	for _, tt := range tests {
		home := t.TempDir()
		cfg, err := config.Load(config.LoadOptions{Cwd: home, Home: home, Env: tt.env})
		if err != nil {
			t.Fatal(err)
		}
		if got := OutputFormatOf(cfg); got != tt.want {
			t.Errorf("%v: %v, want %v", tt.env, got, tt.want)
		}
	}
}

func TestPrintJSONIsJSONStringify(t *testing.T) {
	var b bytes.Buffer
	if err := PrintJSON(&b, map[string]any{"a<b": []string{}, "n": 1}); err != nil {
		t.Fatal(err)
	}
	if want := "{\n  \"a<b\": [],\n  \"n\": 1\n}\n"; b.String() != want {
		t.Errorf("%q, want %q", b.String(), want)
	}
}
