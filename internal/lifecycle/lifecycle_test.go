package lifecycle

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	manifest := map[string]any{
		"name": "demo", "version": "1.2.3",
		"scripts": map[string]any{
			"prepack":  `echo "$npm_package_name $npm_package_version $npm_lifecycle_event [$npm_lifecycle_script]" && tool`,
			"postpack": "exit 4",
		},
	}
	tests := []struct {
		name    string
		event   string
		want    []string // lines the output must hold
		wantErr string
	}{
		{"script with npm's environment and bins on PATH", "prepack",
			[]string{"> demo@1.2.3 prepack", "demo 1.2.3 prepack [", "bin-ran"}, ""},
		{"no such script runs nothing", "prepare", nil, ""},
		{"failure names the script", "postpack", []string{"> demo@1.2.3 postpack"}, "postpack script of demo@1.2.3 failed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			dir := filepath.Join(root, "pkg")
			bin := filepath.Join(root, "node_modules", ".bin") // a parent's bins count too
			os.MkdirAll(dir, 0o755)
			os.MkdirAll(bin, 0o755)
			if err := os.WriteFile(filepath.Join(bin, "tool"), []byte("#!/bin/sh\necho bin-ran\n"), 0o755); err != nil {
				t.Fatal(err)
			}
			var out bytes.Buffer
			err := Run(t.Context(), dir, manifest, tt.event, []string{"PATH=" + os.Getenv("PATH")}, &out)
			if tt.wantErr == "" && err != nil {
				t.Fatalf("%v\n%s", err, out.String())
			}
			if tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Fatalf("err = %v, want %q", err, tt.wantErr)
			}
			if tt.want == nil && out.Len() != 0 {
				t.Errorf("output %q, want none", out.String())
			}
			for _, w := range tt.want {
				if !strings.Contains(out.String(), w) {
					t.Errorf("output lacks %q:\n%s", w, out.String())
				}
			}
		})
	}
}
