// Package tgzcheck checks the entries of a package tarball before gonpm
// reads metadata from it or uploads it. A tarball given to `publish
// <file>.tgz` may come from anywhere; the registry and npm install unpack
// it later, so what gonpm reports and sends must be what they will see.
// Refused: two entries with the same path (npm installs the last, so the
// first package.json would be published as metadata while another one
// installs), entries outside package/, absolute or ".." paths, links and
// anything else that is not a regular file or a directory.
package tgzcheck

import (
	"archive/tar"
	"fmt"
	"path"
	"strings"

	"github.com/gonpm/gonpm/internal/termsafe"
)

// Checker checks the entries of one tarball in order.
type Checker struct {
	file string
	seen map[string]bool
}

// New returns a checker for the tarball file (named in errors).
func New(file string) *Checker {
	return &Checker{file: file, seen: map[string]bool{}}
}

// Error is a refused entry.
type Error struct {
	File, Entry, Why string
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s is not a safe package tarball: entry \"%s\" %s; repack it with `gonpm pack`",
		e.File, termsafe.Line(e.Entry), e.Why)
}

// Entry checks one header. It returns the path inside package/ of a
// regular file ("" and ok for a directory or a global header, which carry
// no content), or an *Error.
func (c *Checker) Entry(h *tar.Header) (rel string, isFile bool, err error) {
	fail := func(why string) (string, bool, error) {
		return "", false, &Error{File: c.file, Entry: h.Name, Why: why}
	}
	switch h.Typeflag {
	case tar.TypeReg, tar.TypeRegA:
		isFile = true
	case tar.TypeDir:
	case tar.TypeXGlobalHeader:
		// git archive writes one; it names no file.
		return "", false, nil
	case tar.TypeSymlink, tar.TypeLink:
		return fail("is a link (to " + termsafe.Line(h.Linkname) + "); a package holds regular files only")
	default:
		return fail(fmt.Sprintf("is not a regular file (type %q)", h.Typeflag))
	}
	name := h.Name
	switch {
	case name == "" || strings.ContainsRune(name, 0):
		return fail("has an empty or invalid name")
	case strings.Contains(name, `\`):
		return fail(`has a backslash in its path, which Windows reads as a separator`)
	case strings.HasPrefix(name, "/") || hasDrive(name):
		return fail("has an absolute path")
	}
	for _, seg := range strings.Split(name, "/") {
		if seg == ".." {
			return fail(`has ".." in its path, which points outside the package`)
		}
	}
	clean := path.Clean(name)
	if clean != "package" && !strings.HasPrefix(clean, "package/") {
		return fail("is outside package/, where npm packages keep their files")
	}
	if !isFile {
		return "", false, nil
	}
	if clean == "package" {
		return fail("is a file named package, where the package folder belongs")
	}
	if c.seen[clean] {
		return fail("appears twice; npm would install the last copy, so what gonpm reads could differ from what installs")
	}
	c.seen[clean] = true
	return strings.TrimPrefix(clean, "package/"), true, nil
}

func hasDrive(name string) bool {
	return len(name) >= 2 && name[1] == ':' && (name[0]|0x20 >= 'a' && name[0]|0x20 <= 'z')
}
