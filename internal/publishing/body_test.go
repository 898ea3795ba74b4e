package publishing

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

func testDocument(size int64) *Document {
	access := "public"
	return &Document{
		ID:          "@demo/pk",
		Name:        "@demo/pk",
		Description: "a <demo> & more",
		DistTags:    map[string]string{"latest": "1.0.0"},
		Versions: map[string]map[string]any{"1.0.0": {
			"name": "@demo/pk", "version": "1.0.0", "_id": "@demo/pk@1.0.0",
			"dist": map[string]any{"shasum": "x", "integrity": "sha512-y", "tarball": "http://127.0.0.1/@demo/pk/-/@demo/pk-1.0.0.tgz"},
		}},
		Access:      &access,
		Attachments: map[string]*Attachment{"@demo/pk-1.0.0.tgz": {ContentType: "application/octet-stream", Length: size}},
	}
}

func writeRandom(t testing.TB, size int) (string, []byte) {
	t.Helper()
	data := make([]byte, size)
	if _, err := rand.Read(data); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "pkg.tgz")
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return file, data
}

// The streamed body must be exactly what encoding the whole document in
// memory gives, for sizes around the encoder's chunk and padding edges.
func TestStreamedBodyEqualsMarshal(t *testing.T) {
	for _, size := range []int{0, 1, 2, 3, 4, chunk - 1, chunk, chunk + 1, 3*chunk + 2, 1 << 20} {
		file, data := writeRandom(t, size)
		body, err := NewStreamedBody(testDocument(int64(size)), file, int64(size))
		if err != nil {
			t.Fatal(err)
		}
		want := testDocument(int64(size))
		want.Attachments["@demo/pk-1.0.0.tgz"].Data = base64.StdEncoding.EncodeToString(data)
		wantJSON, err := json.Marshal(want)
		if err != nil {
			t.Fatal(err)
		}
		for attempt := range 2 { // a retry reads a fresh, identical body
			r := body.Reader()
			got, err := io.ReadAll(r)
			r.Close()
			if err != nil {
				t.Fatalf("size %d: %v", size, err)
			}
			if !bytes.Equal(got, wantJSON) {
				t.Fatalf("size %d attempt %d: streamed body differs from json.Marshal (%d vs %d bytes)", size, attempt, len(got), len(wantJSON))
			}
			if int64(len(got)) != body.Len() {
				t.Fatalf("size %d: Len() = %d, body is %d bytes", size, body.Len(), len(got))
			}
		}
	}
}

func TestStreamedBodyMissingFile(t *testing.T) {
	body, err := NewStreamedBody(testDocument(10), filepath.Join(t.TempDir(), "gone.tgz"), 10)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.ReadAll(body.Reader()); err == nil {
		t.Fatal("reading a body whose tarball is gone succeeded")
	}
}

// Sending a 50 MB tarball must not hold it (or its base64) in memory.
func TestStreamedBodyMemoryDoesNotGrowWithSize(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 50 MB file")
	}
	const size = 50 << 20
	file, _ := writeRandom(t, size)
	body, err := NewStreamedBody(testDocument(size), file, size)
	if err != nil {
		t.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	r := body.Reader()
	n, err := io.CopyBuffer(io.Discard, r, make([]byte, 32*1024))
	r.Close()
	if err != nil || n != body.Len() {
		t.Fatalf("copied %d of %d bytes: %v", n, body.Len(), err)
	}
	runtime.ReadMemStats(&after)
	if grown := after.TotalAlloc - before.TotalAlloc; grown > 16<<20 {
		t.Errorf("streaming a 50 MB tarball allocated %d MiB, want under 16 MiB", grown>>20)
	}
}
