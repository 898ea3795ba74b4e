package tarball

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"
)

// fixedMtime is the modification time npm stamps on every entry
// (1985-10-26T08:15:00Z): zip tools mishandle dates at the Unix epoch.
const fixedMtime = 499162500

const (
	blockSize  = 512
	nameSize   = 100
	prefixSize = 155
	// maxSize is the largest size a 12-byte octal field holds; node-tar
	// switches to base-256 above it, which gonpm does not write.
	maxSize = 0o77777777777
)

// tarPrefix is the folder every entry of an npm tarball lives in.
const tarPrefix = "package/"

// WriteTar writes the uncompressed tar stream npm writes for files of the
// package in dir: a node-tar "portable" archive of regular files under
// package/, in the given order, ended by two zero blocks.
func WriteTar(w io.Writer, dir string, files []File) error {
	buf := make([]byte, 32*1024)
	for _, f := range files {
		if err := writeFile(w, dir, f, buf); err != nil {
			return err
		}
	}
	_, err := w.Write(make([]byte, 2*blockSize))
	return err
}

func writeFile(w io.Writer, dir string, f File, buf []byte) error {
	fh, err := os.Open(filepath.Join(dir, filepath.FromSlash(f.Path)))
	if err != nil {
		return err
	}
	defer fh.Close()
	if err := writeEntry(w, tarPrefix+f.Path, f.Mode, f.Size, fh, buf); err != nil {
		return fmt.Errorf("%s: %w", f.Path, err)
	}
	return nil
}

// writeEntry writes one regular-file entry: header, size bytes of r, and
// the padding to a whole block.
func writeEntry(w io.Writer, name string, mode, size int64, r io.Reader, buf []byte) error {
	if err := writeHeader(w, name, mode, size); err != nil {
		return err
	}
	n, err := io.CopyBuffer(w, io.LimitReader(r, size), buf)
	if err != nil {
		return err
	}
	if n != size {
		return fmt.Errorf("file changed size while packing (%d of %d bytes)", n, size)
	}
	return writePadding(w, size)
}

func writePadding(w io.Writer, size int64) error {
	if rem := size % blockSize; rem != 0 {
		_, err := w.Write(make([]byte, blockSize-rem))
		return err
	}
	return nil
}

// writeHeader writes the header block of a regular file, preceded by a pax
// extended header when the name does not fit ustar or is not ASCII.
func writeHeader(w io.Writer, name string, mode, size int64) error {
	if size < 0 || size > maxSize {
		return errors.New("file too large for the tar format npm writes")
	}
	block, needPax := ustarHeader(name, mode, size, '0')
	if needPax {
		if err := writePax(w, name, size); err != nil {
			return err
		}
	}
	_, err := w.Write(block)
	return err
}

// ustarHeader encodes one 512-byte header the way node-tar does with the
// portable option: no uid, gid, uname, gname, atime or ctime, numbers as
// octal padded to the field width less two, then a space and a NUL. It
// reports whether the name needed a pax header.
func ustarHeader(name string, mode, size int64, typeflag byte) ([]byte, bool) {
	b := make([]byte, blockSize)
	base, prefix, needPax := splitPrefix(name)
	needPax = putString(b[0:100], base) || needPax
	putOctal(b[100:108], mode)
	// uid 108:116 and gid 116:124 stay NUL.
	putOctal(b[124:136], size)
	putOctal(b[136:148], fixedMtime)
	b[156] = typeflag
	// linkname 157:257 stays NUL.
	copy(b[257:265], "ustar\x0000")
	// uname 265:297 and gname 297:329 stay NUL.
	putOctal(b[329:337], 0)
	putOctal(b[337:345], 0)
	needPax = putString(b[345:500], prefix) || needPax

	sum := int64(8 * ' ')
	for i, c := range b {
		if i < 148 || i >= 156 {
			sum += int64(c)
		}
	}
	putOctal(b[148:156], sum)
	return b, needPax
}

// putOctal writes n as len(field)-2 octal digits, a space and a NUL; a
// number that needs one more digit drops the space.
func putOctal(field []byte, n int64) {
	s := strconv.FormatInt(n, 8)
	width := len(field) - 1
	if len(s) < width {
		s = strings.Repeat("0", width-1-len(s)) + s + " "
	}
	copy(field, s)
	field[len(field)-1] = 0
}

// putString writes s into the NUL-filled field, cut at the last whole
// UTF-8 character that fits, and reports whether s needs a pax header:
// it is not ASCII or does not fit.
func putString(field []byte, s string) bool {
	n := 0
	for n < len(s) {
		_, size := utf8.DecodeRuneInString(s[n:])
		if n+size > len(field) {
			break
		}
		n += size
	}
	copy(field, s[:n])
	return !isASCII(s) || utf16Len(s) > len(field)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// utf16Len is JavaScript's String.length.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// sliceUTF16 is JavaScript's s.slice(0, n).
func sliceUTF16(s string, n int) string {
	units := 0
	for i, r := range s {
		w := 1
		if r >= 0x10000 {
			w = 2
		}
		if units+w > n {
			return s[:i]
		}
		units += w
	}
	return s
}

// splitPrefix divides a long name into ustar's name and prefix fields at a
// slash, as node-tar does; the bool reports a name that cannot be split
// and so needs a pax header.
func splitPrefix(p string) (name, prefix string, needPax bool) {
	if len(p) < nameSize {
		return p, "", false
	}
	prefix, name = path.Dir(p), path.Base(p)
	for {
		switch {
		case len(name) <= nameSize && len(prefix) <= prefixSize:
			return name, prefix, false
		case len(name) > nameSize && len(prefix) <= prefixSize:
			return sliceUTF16(name, nameSize-1), prefix, true
		}
		name = path.Join(path.Base(prefix), name)
		prefix = path.Dir(prefix)
		if prefix == "." {
			return sliceUTF16(p, nameSize-1), "", true
		}
	}
}

// writePax writes the extended header node-tar emits for a portable entry:
// records path, mtime and size, in that order.
func writePax(w io.Writer, name string, size int64) error {
	var body bytes.Buffer
	body.WriteString(paxRecord("path", name))
	body.WriteString(paxRecord("mtime", strconv.Itoa(fixedMtime)))
	body.WriteString(paxRecord("size", strconv.FormatInt(size, 10)))

	hdrName := sliceUTF16("PaxHeader/"+path.Base(name), nameSize-1)
	block, _ := ustarHeader(hdrName, 0o644, int64(body.Len()), 'x')
	if _, err := w.Write(block); err != nil {
		return err
	}
	if _, err := w.Write(body.Bytes()); err != nil {
		return err
	}
	return writePadding(w, int64(body.Len()))
}

// paxRecord formats "<len> key=value\n" where len counts itself.
func paxRecord(key, value string) string {
	rest := " " + key + "=" + value + "\n"
	n := len(rest)
	digits := len(strconv.Itoa(n))
	if n+digits >= pow10(digits) {
		digits++
	}
	return strconv.Itoa(n+digits) + rest
}

func pow10(n int) int {
	p := 1
	for range n {
		p *= 10
	}
	return p
}
