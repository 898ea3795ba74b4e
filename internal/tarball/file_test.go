package tarball

import (
	"os"
	"path/filepath"
	"testing"
)

func TestPackIntoThePackageFolderDoesNotPackItself(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "package.json"), []byte(`{"name":"self","version":"1.0.0"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := PackToFile(dir, dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range res.Files {
		if f.Path != "package.json" {
			t.Errorf("packed %s; only package.json belongs in the tarball", f.Path)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "self-1.0.0.tgz")); err != nil {
		t.Error(err)
	}
}
