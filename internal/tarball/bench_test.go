package tarball

import (
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

// makeLargePackage writes a package of 5,000 files and about 20 MB spread
// over 100 folders, with some ignore rules to evaluate.
func makeLargePackage(b *testing.B) string {
	b.Helper()
	dir := b.TempDir()
	rng := rand.New(rand.NewPCG(1, 2))
	write := func(rel string, data []byte) {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	write("package.json", []byte(`{"name":"large","version":"1.0.0","main":"lib/index.js"}`))
	write(".npmignore", []byte("*.log\ncoverage/\n**/tmp/**\n"))
	const files, total = 5000, 20 << 20
	data := make([]byte, total/files)
	for i := range files {
		for j := range data {
			data[j] = byte('a' + rng.IntN(16)) // compressible, like source
		}
		ext := []string{".js", ".d.ts", ".json", ".md", ".map"}[i%5]
		write(fmt.Sprintf("lib/m%02d/file%04d%s", i%100, i, ext), data)
	}
	return dir
}

func BenchmarkPack(b *testing.B) {
	dir := makeLargePackage(b)
	b.SetBytes(20 << 20)
	b.ResetTimer()
	for b.Loop() {
		if _, err := Pack(dir, io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkList(b *testing.B) {
	dir := makeLargePackage(b)
	b.ResetTimer()
	for b.Loop() {
		files, err := List(dir)
		if err != nil {
			b.Fatal(err)
		}
		if len(files) != 5001 {
			b.Fatalf("listed %d files, want 5001", len(files))
		}
	}
}

func BenchmarkWriteTar(b *testing.B) {
	dir := makeLargePackage(b)
	files, err := List(dir)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(20 << 20)
	b.ResetTimer()
	for b.Loop() {
		if err := WriteTar(io.Discard, dir, files); err != nil {
			b.Fatal(err)
		}
	}
}
