// Command genpkg writes a synthetic npm package for benchmarks: many
// JavaScript-like source files of a given total size, deterministic for a
// given seed, so gonpm and npm pack exactly the same bytes.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
)

var words = []string{
	"const", "let", "function", "return", "if", "else", "for", "while", "await", "async",
	"value", "result", "options", "callback", "request", "response", "buffer", "stream",
	"index", "length", "config", "handler", "error", "module", "exports", "require",
	"this", "new", "Promise", "resolve", "reject", "true", "false", "null", "undefined",
	"=", "===", "!==", "+", "-", "*", "(", ")", "{", "}", "[", "]", ";", ",", ".",
}

func main() {
	dir := flag.String("dir", "", "folder to create")
	name := flag.String("name", "bench-pkg", "package name")
	files := flag.Int("files", 5000, "number of files")
	size := flag.Int64("size", 20<<20, "total size of the files in bytes")
	seed := flag.Uint64("seed", 1, "random seed")
	flag.Parse()
	if *dir == "" {
		fmt.Fprintln(os.Stderr, "genpkg: -dir is required")
		os.Exit(2)
	}
	if err := generate(*dir, *name, *files, *size, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "genpkg:", err)
		os.Exit(1)
	}
}

func generate(dir, name string, files int, size int64, seed uint64) error {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	per := size / int64(files)
	for i := 0; i < files; i++ {
		p := filepath.Join(dir, "lib", fmt.Sprintf("mod%03d", i/100), fmt.Sprintf("file%04d.js", i))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := writeSource(p, per, rng); err != nil {
			return err
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "index.js"), []byte("module.exports = 'bench';\n"), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "README.md"), []byte("# "+name+"\n"), 0o644); err != nil {
		return err
	}
	manifest, _ := json.MarshalIndent(map[string]any{"name": name, "version": "1.0.0", "main": "index.js", "license": "MIT"}, "", "  ")
	return os.WriteFile(filepath.Join(dir, "package.json"), append(manifest, '\n'), 0o644)
}

func writeSource(path string, size int64, rng *rand.Rand) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	var n int64
	col := 0
	for n < size {
		word := words[rng.IntN(len(words))]
		if rng.IntN(6) == 0 {
			word = fmt.Sprintf("%s%d", word, rng.IntN(1000))
		}
		sep := " "
		if col > 70 {
			sep, col = "\n", 0
		}
		k, _ := w.WriteString(word + sep)
		n += int64(k)
		col += k
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
