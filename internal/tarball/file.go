package tarball

import (
	"bufio"
	"os"
	"path/filepath"
)

// PackToFile packs the package in dir into dest/<Filename>, writing
// through a temporary file in dest, so a failed pack never leaves a
// truncated .tgz under the final name. The temporary file is created only
// once the file list is known, so packing into the package's own folder
// never packs the temporary file itself.
func PackToFile(dir, dest string) (*Result, error) {
	if err := os.MkdirAll(dest, 0o755); err != nil {
		return nil, err
	}
	tmp := &lazyTemp{dir: dest}
	defer tmp.remove()
	res, err := Pack(dir, tmp)
	if cerr := tmp.close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}
	// CreateTemp makes the file 0600; npm writes with the usual 0644.
	if err := os.Chmod(tmp.name(), 0o644); err != nil {
		return nil, err
	}
	if err := os.Rename(tmp.name(), filepath.Join(dest, res.Filename)); err != nil {
		return nil, err
	}
	return res, nil
}

// lazyTemp is a buffered temporary file created on the first write.
type lazyTemp struct {
	dir string
	f   *os.File
	bw  *bufio.Writer
}

func (l *lazyTemp) Write(p []byte) (int, error) {
	if l.f == nil {
		f, err := os.CreateTemp(l.dir, ".gonpm-pack-*.tgz")
		if err != nil {
			return 0, err
		}
		l.f, l.bw = f, bufio.NewWriterSize(f, 256*1024)
	}
	return l.bw.Write(p)
}

func (l *lazyTemp) name() string { return l.f.Name() }

func (l *lazyTemp) close() error {
	if l.f == nil {
		return nil
	}
	err := l.bw.Flush()
	if cerr := l.f.Close(); err == nil {
		err = cerr
	}
	return err
}

func (l *lazyTemp) remove() {
	if l.f != nil {
		_ = os.Remove(l.f.Name())
	}
}
