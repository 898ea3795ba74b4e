package publishing

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/gonpm/gonpm/internal/iostreams"
	"github.com/gonpm/gonpm/internal/registry"
	"github.com/gonpm/gonpm/internal/tarball"
)

const benchTarballSize = 20 << 20

// BenchmarkStreamedBody measures encoding a 20 MB tarball into the
// publish document as it would be sent.
func BenchmarkStreamedBody(b *testing.B) {
	file, _ := writeRandom(b, benchTarballSize)
	body, err := NewStreamedBody(testDocument(benchTarballSize), file, benchTarballSize)
	if err != nil {
		b.Fatal(err)
	}
	buf := make([]byte, 32*1024)
	b.SetBytes(benchTarballSize)
	b.ReportAllocs()
	for b.Loop() {
		r := body.Reader()
		if _, err := io.CopyBuffer(io.Discard, r, buf); err != nil {
			b.Fatal(err)
		}
		r.Close()
	}
}

// BenchmarkUpload measures a whole 20 MB publish PUT through the registry
// client to a local server that discards the body.
func BenchmarkUpload(b *testing.B) {
	file, _ := writeRandom(b, benchTarballSize)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.WriteHeader(http.StatusCreated)
	}))
	defer srv.Close()
	ios, _, _, _ := iostreams.Test()
	opts := &Options{IO: ios, Client: registry.New(registry.Options{Registry: srv.URL + "/"}), Version: "bench"}
	p := &Package{
		raw: map[string]any{"name": "bench", "version": "1.0.0"}, name: "bench", version: "1.0.0",
		registry: srv.URL + "/", tag: "latest", tarball: file,
		contents: tarball.Contents{Size: benchTarballSize, Integrity: "sha512-x", Shasum: "y"},
	}
	b.SetBytes(benchTarballSize)
	b.ReportAllocs()
	for b.Loop() {
		if err := p.upload(b.Context(), opts); err != nil {
			b.Fatal(err)
		}
	}
}
