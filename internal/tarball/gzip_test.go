package tarball

import (
	"bytes"
	"compress/gzip"
	"io"
	"math/rand/v2"
	"testing"
)

// The gzip layer must carry npm's header bytes and decompress to exactly
// the tar stream written, across block boundaries.
func TestGzipWriterHeaderAndRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, size := range []int{0, 100, gzipBlockSize - 1, gzipBlockSize + 1, 3*gzipBlockSize + 12345} {
		data := make([]byte, size)
		for i := range data {
			data[i] = byte('a' + rng.IntN(8))
		}
		var out bytes.Buffer
		zw, err := newGzipWriter(&out)
		if err != nil {
			t.Fatal(err)
		}
		// Odd write sizes, like a tar writer's.
		for rest := data; len(rest) > 0; {
			n := min(len(rest), 7777)
			if _, err := zw.Write(rest[:n]); err != nil {
				t.Fatal(err)
			}
			rest = rest[n:]
		}
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
		if got, want := out.Bytes()[:10], []byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 0xff}; !bytes.Equal(got, want) {
			t.Fatalf("size %d: header % x, want npm's % x", size, got, want)
		}
		zr, err := gzip.NewReader(&out)
		if err != nil {
			t.Fatal(err)
		}
		back, err := io.ReadAll(zr)
		if err != nil || !bytes.Equal(back, data) {
			t.Fatalf("size %d: round trip gave %d bytes (%v), want %d", size, len(back), err, len(data))
		}
	}
}
