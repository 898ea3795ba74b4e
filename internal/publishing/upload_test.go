package publishing

import (
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/gonpm/gonpm/internal/iostreams"
	"github.com/gonpm/gonpm/internal/registry"
	"github.com/gonpm/gonpm/internal/tarball"
)

// A 50 MB publish through the registry client keeps memory flat: the
// tarball is base64-encoded while it is sent, never held whole.
func TestUploadOf50MBDoesNotAllocateProportionally(t *testing.T) {
	if testing.Short() {
		t.Skip("uploads 50 MB")
	}
	const size = 50 << 20
	file, _ := writeRandom(t, size)
	var received atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, _ := io.CopyBuffer(io.Discard, r.Body, make([]byte, 64*1024))
		received.Add(n)
		w.WriteHeader(http.StatusCreated)
		io.WriteString(w, "{}")
	}))
	defer srv.Close()

	ios, _, _, _ := iostreams.Test()
	opts := &Options{IO: ios, Client: registry.New(registry.Options{Registry: srv.URL + "/"}), Version: "test"}
	p := &Package{
		raw: map[string]any{"name": "big-pkg", "version": "1.0.0"}, name: "big-pkg", version: "1.0.0",
		registry: srv.URL + "/", tag: "latest", tarball: file,
		contents: tarball.Contents{Size: size, Integrity: "sha512-x", Shasum: "y"},
	}

	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	if err := p.upload(t.Context(), opts); err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	if got, min := received.Load(), int64(size/3*4); got < min {
		t.Fatalf("the server received %d bytes, want at least %d", got, min)
	}
	if grown := after.TotalAlloc - before.TotalAlloc; grown > 16<<20 {
		t.Errorf("publishing 50 MB allocated %d MiB in total, want under 16 MiB", grown>>20)
	}
}

func TestUploadProgressBarOnlyOnATerminalForLargeTarballs(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.WriteHeader(http.StatusCreated)
	}))
	defer srv.Close()
	tests := []struct {
		name string
		tty  bool
		size int
		want bool
	}{
		{"terminal, 2 MB", true, 2 << 20, true},
		{"terminal, small", true, 100 << 10, false},
		{"no terminal", false, 2 << 20, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file, _ := writeRandom(t, tt.size)
			ios, _, _, errOut := iostreams.Test()
			ios.SetStderrTTY(tt.tty)
			opts := &Options{IO: ios, Client: registry.New(registry.Options{Registry: srv.URL + "/"}), Version: "test"}
			p := &Package{
				raw: map[string]any{"name": "bar-pkg", "version": "1.0.0"}, name: "bar-pkg", version: "1.0.0",
				registry: srv.URL + "/", tag: "latest", tarball: file,
				contents: tarball.Contents{Size: int64(tt.size), Integrity: "sha512-x", Shasum: "y"},
			}
			if err := p.upload(t.Context(), opts); err != nil {
				t.Fatal(err)
			}
			// A frame of the bar was drawn, and the line was cleared at the end.
			shown := strings.Contains(errOut.String(), "\rpublishing bar-pkg@1.0.0 ") && strings.Contains(errOut.String(), "% [")
			if shown && !strings.HasSuffix(errOut.String(), "\x1b[2K\r") {
				t.Errorf("the bar's line was not cleared: %q", errOut.String())
			}
			if shown != tt.want {
				t.Errorf("progress bar shown = %v, want %v; stderr %q", shown, tt.want, errOut.String())
			}
		})
	}
}

func TestProgressLabelFitsTheWidth(t *testing.T) {
	const name = "big-upload-with-a-rather-long-package-name@1.0.0"
	tests := []struct {
		width int
		want  string
	}{
		{0, "publishing " + name},
		{200, "publishing " + name},
		{90, name},
		{60, "big-upload-with-a-r…"},
		{45, ""},
	}
	for _, tt := range tests {
		if got := fitLabel(name, tt.width); got != tt.want {
			t.Errorf("width %d: %q, want %q", tt.width, got, tt.want)
		}
	}
}
