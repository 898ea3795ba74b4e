package tarball

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gonpm/gonpm/internal/tarball/tarballtest"
)

// npmPack runs the real `npm pack --json` on dir and returns its report
// and the uncompressed tar stream of the tarball it wrote.
func npmPack(t *testing.T, npm, dir string) (npmReport, []byte) {
	t.Helper()
	dest := t.TempDir()
	home := t.TempDir()
	cmd := exec.Command(npm, "pack", "--json", "--ignore-scripts", "--pack-destination", dest)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(),
		"HOME="+home,
		"npm_config_cache="+filepath.Join(home, "cache"),
		"npm_config_userconfig="+filepath.Join(home, "npmrc"),
		"npm_config_globalconfig="+filepath.Join(home, "global-npmrc"),
		"npm_config_update_notifier=false",
		"npm_config_loglevel=error",
	)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("npm pack: %v\n%s", err, stderr.String())
	}
	var reports []npmReport
	if err := json.Unmarshal(stdout.Bytes(), &reports); err != nil || len(reports) != 1 {
		t.Fatalf("npm pack --json output: %v\n%s", err, stdout.String())
	}
	tgz, err := os.Open(filepath.Join(dest, reports[0].Filename))
	if err != nil {
		t.Fatal(err)
	}
	defer tgz.Close()
	zr, err := gzip.NewReader(tgz)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return reports[0], raw
}

type npmReport struct {
	ID           string `json:"id"`
	Name         string `json:"name"`
	Version      string `json:"version"`
	Size         int64  `json:"size"`
	UnpackedSize int64  `json:"unpackedSize"`
	Filename     string `json:"filename"`
	Files        []struct {
		Path string `json:"path"`
		Size int64  `json:"size"`
		Mode int64  `json:"mode"`
	} `json:"files"`
	EntryCount int      `json:"entryCount"`
	Bundled    []string `json:"bundled"`
}

func TestMatchesNpmPack(t *testing.T) {
	npm := tarballtest.FindNpm(t)
	for _, fx := range tarballtest.Fixtures {
		t.Run(fx.Name, func(t *testing.T) {
			dir := filepath.Join(fx.Build(t), filepath.FromSlash(fx.Pack))
			report, want := npmPack(t, npm, dir)

			files, err := List(dir)
			if err != nil {
				t.Fatal(err)
			}
			var gotPaths, wantPaths []string
			for _, f := range files {
				gotPaths = append(gotPaths, fmt.Sprintf("%s %d %o", f.Path, f.Size, f.Mode))
			}
			for _, f := range report.Files {
				wantPaths = append(wantPaths, fmt.Sprintf("%s %d %o", f.Path, f.Size, f.Mode))
			}
			if strings.Join(sorted(gotPaths), "\n") != strings.Join(sorted(wantPaths), "\n") {
				t.Errorf("file list differs from npm's\n%s", lineDiff(sorted(wantPaths), sorted(gotPaths)))
			}

			var got bytes.Buffer
			if err := WriteTar(&got, dir, files); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), want) {
				t.Errorf("tar stream differs from npm's:\n%s", tarDiff(want, got.Bytes()))
			}

			var tgz bytes.Buffer
			res, err := Pack(dir, &tgz)
			if err != nil {
				t.Fatal(err)
			}
			if res.Filename != report.Filename || res.UnpackedSize != report.UnpackedSize || len(res.Files) != report.EntryCount {
				t.Errorf("summary: got %s %d bytes %d entries, npm %s %d bytes %d entries",
					res.Filename, res.UnpackedSize, len(res.Files), report.Filename, report.UnpackedSize, report.EntryCount)
			}
		})
	}
}

func sorted(s []string) []string {
	out := append([]string(nil), s...)
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j] < out[j-1]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// lineDiff lists lines only in want (-) or only in got (+).
func lineDiff(want, got []string) string {
	in := func(s []string) map[string]bool {
		m := map[string]bool{}
		for _, x := range s {
			m[x] = true
		}
		return m
	}
	w, g := in(want), in(got)
	var b strings.Builder
	for _, x := range want {
		if !g[x] {
			fmt.Fprintf(&b, "- %s (npm only)\n", x)
		}
	}
	for _, x := range got {
		if !w[x] {
			fmt.Fprintf(&b, "+ %s (gonpm only)\n", x)
		}
	}
	return b.String()
}

// tarDiff explains the first difference between two tar streams: the
// offset, the entries in both and the header fields of the block there.
func tarDiff(want, got []byte) string {
	var b strings.Builder
	off := 0
	for off < len(want) && off < len(got) && want[off] == got[off] {
		off++
	}
	block := off / blockSize * blockSize
	fmt.Fprintf(&b, "lengths npm=%d gonpm=%d; first difference at byte %d (block %d, offset %d in block)\n",
		len(want), len(got), off, off/blockSize, off%blockSize)
	fmt.Fprintf(&b, "npm entries:   %s\ngonpm entries: %s\n", strings.Join(tarNames(want), ", "), strings.Join(tarNames(got), ", "))
	for _, side := range []struct {
		name string
		data []byte
	}{{"npm", want}, {"gonpm", got}} {
		if block+blockSize <= len(side.data) {
			fmt.Fprintf(&b, "%s block: %s\n", side.name, describeHeader(side.data[block:block+blockSize]))
		}
	}
	return b.String()
}

// tarNames walks the headers of a tar stream.
func tarNames(data []byte) []string {
	var names []string
	for off := 0; off+blockSize <= len(data); {
		h := data[off : off+blockSize]
		if bytes.Equal(h, make([]byte, blockSize)) {
			break
		}
		size := parseOctal(h[124:136])
		name := cstr(h[0:100])
		if p := cstr(h[345:500]); p != "" {
			name = p + "/" + name
		}
		names = append(names, fmt.Sprintf("%s(%c)", name, h[156]))
		off += blockSize + int((size+blockSize-1)/blockSize*blockSize)
	}
	return names
}

func describeHeader(h []byte) string {
	return fmt.Sprintf("name=%q mode=%q size=%q mtime=%q chksum=%q type=%q magic=%q prefix=%q",
		cstr(h[0:100]), h[100:108], h[124:136], h[136:148], h[148:156], h[156:157], h[257:265], cstr(h[345:500]))
}

func cstr(b []byte) string {
	if i := bytes.IndexByte(b, 0); i >= 0 {
		b = b[:i]
	}
	return string(b)
}

func parseOctal(b []byte) int64 {
	var n int64
	for _, c := range b {
		if c >= '0' && c <= '7' {
			n = n*8 + int64(c-'0')
		}
	}
	return n
}
