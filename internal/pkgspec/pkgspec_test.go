package pkgspec

import (
	"os"
	"path/filepath"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in, name, rest string
		wantErr        bool
	}{
		{"pkg", "pkg", "", false},
		{"pkg@1.2.3", "pkg", "1.2.3", false},
		{"@scope/pkg", "@scope/pkg", "", false},
		{"@scope/pkg@next", "@scope/pkg", "next", false},
		{"@scope", "", "", true},
		{"@scope/a/b", "", "", true},
		{"Upper", "Upper", "", false}, // capitals: allowed for old packages, as npm does
		{".hidden", "", "", true},
		{"_under", "", "", true},
		{"has space", "", "", true},
		{"", "", "", true},
	}
	for _, tt := range tests {
		got, err := Parse(tt.in)
		if (err != nil) != tt.wantErr {
			t.Errorf("Parse(%q) err = %v, want error %v", tt.in, err, tt.wantErr)
			continue
		}
		if err == nil && (got.Name != tt.name || got.Rest != tt.rest) {
			t.Errorf("Parse(%q) = %+v, want %s / %s", tt.in, got, tt.name, tt.rest)
		}
	}
}

func TestLocalPackageFromASubfolder(t *testing.T) {
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "package.json"), []byte(`{"name":"here","version":"1.0.0"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	sub := filepath.Join(root, "src", "deep")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	name, version, err := LocalPackage(sub)
	if err != nil || name != "here" || version != "1.0.0" {
		t.Fatalf("LocalPackage = %q %q %v", name, version, err)
	}
	if _, _, err := LocalPackage(t.TempDir()); err == nil {
		t.Error("a folder without package.json should be an error")
	}
}
