package tarball

import (
	"encoding/binary"
	"hash/crc32"
	"io"
	"runtime"
	"sync"

	"github.com/klauspost/compress/flate"
)

// gzipBlockSize is how much of the tar stream one core deflates at a time.
// Each block is deflated on its own with the previous 32 KiB as
// dictionary, so the output does not depend on the number of cores, and
// at level 9 it is within a fraction of a percent of one deflate stream.
const gzipBlockSize = 512 << 10

// dictSize is deflate's window: what a block may refer back to.
const dictSize = 32 << 10

// gzipHeader is what npm writes (protocol-publish §3.5): no name, mtime 0,
// XFL 2 (best compression), OS 255.
var gzipHeader = []byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 0xff}

// parallelGzip is npm's gzip layer, deflated on all cores: it gathers one
// block per core, deflates them side by side with reused compressors (so
// memory stays flat) and writes them in order.
type parallelGzip struct {
	w           io.Writer
	blocks      [][]byte // filled blocks waiting for the batch, the last one filling
	compressors []*flate.Writer
	outs        []*byteSink
	tail        []byte // the last dictSize bytes before the batch
	crc         uint32
	size        uint32
	wroteHeader bool
	err         error
}

func newGzipWriter(w io.Writer) (io.WriteCloser, error) {
	n := runtime.GOMAXPROCS(0)
	z := &parallelGzip{w: w, tail: make([]byte, 0, dictSize)}
	for range n {
		c, err := flate.NewWriter(nil, flate.BestCompression)
		if err != nil {
			return nil, err
		}
		z.compressors = append(z.compressors, c)
		z.outs = append(z.outs, &byteSink{})
		z.blocks = append(z.blocks, make([]byte, 0, gzipBlockSize))
	}
	z.blocks = z.blocks[:1]
	return z, nil
}

func (z *parallelGzip) Write(p []byte) (int, error) {
	if z.err != nil {
		return 0, z.err
	}
	z.crc = crc32.Update(z.crc, crc32.IEEETable, p)
	z.size += uint32(len(p))
	written := len(p)
	for len(p) > 0 {
		cur := len(z.blocks) - 1
		b := z.blocks[cur]
		n := min(len(p), gzipBlockSize-len(b))
		z.blocks[cur] = append(b, p[:n]...)
		p = p[n:]
		if len(z.blocks[cur]) < gzipBlockSize {
			continue
		}
		if len(z.blocks) == len(z.compressors) {
			if err := z.flushBatch(false); err != nil {
				return 0, err
			}
		} else {
			z.blocks = z.blocks[:len(z.blocks)+1]
		}
	}
	return written, nil
}

// flushBatch deflates the gathered blocks in parallel and writes them; the
// last block of the stream is marked final.
func (z *parallelGzip) flushBatch(final bool) error {
	if !z.wroteHeader {
		z.wroteHeader = true
		if _, err := z.w.Write(gzipHeader); err != nil {
			z.err = err
			return err
		}
	}
	var wg sync.WaitGroup
	errs := make([]error, len(z.blocks))
	for i, block := range z.blocks {
		dict := z.tail
		if i > 0 {
			prev := z.blocks[i-1]
			dict = prev[max(0, len(prev)-dictSize):]
		}
		last := final && i == len(z.blocks)-1
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = deflateBlock(z.compressors[i], z.outs[i], block, dict, last)
		}()
	}
	wg.Wait()
	for i := range z.blocks {
		if errs[i] != nil {
			z.err = errs[i]
			return z.err
		}
		if _, err := z.w.Write(z.outs[i].b); err != nil {
			z.err = err
			return err
		}
	}
	lastBlock := z.blocks[len(z.blocks)-1]
	z.tail = append(z.tail[:0], lastBlock[max(0, len(lastBlock)-dictSize):]...)
	for i := range z.blocks {
		z.blocks[i] = z.blocks[i][:0]
	}
	z.blocks = z.blocks[:1]
	return nil
}

// deflateBlock deflates one block: ended by a sync flush so the next
// block's bytes follow on, or closed when it is the last.
func deflateBlock(c *flate.Writer, out *byteSink, block, dict []byte, last bool) error {
	out.b = out.b[:0]
	c.ResetDict(out, dict)
	if _, err := c.Write(block); err != nil {
		return err
	}
	if last {
		return c.Close()
	}
	return c.Flush()
}

func (z *parallelGzip) Close() error {
	if z.err != nil {
		return z.err
	}
	if err := z.flushBatch(true); err != nil {
		return err
	}
	var trailer [8]byte
	binary.LittleEndian.PutUint32(trailer[:4], z.crc)
	binary.LittleEndian.PutUint32(trailer[4:], z.size)
	_, err := z.w.Write(trailer[:])
	z.err = io.ErrClosedPipe
	return err
}

// byteSink is a reusable output buffer.
type byteSink struct{ b []byte }

func (s *byteSink) Write(p []byte) (int, error) {
	s.b = append(s.b, p...)
	return len(p), nil
}
