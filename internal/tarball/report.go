package tarball

import (
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/gonpm/gonpm/internal/termsafe"
)

// Contents is one element of `npm pack --json`, with npm's field order.
type Contents struct {
	ID           string        `json:"id"`
	Name         string        `json:"name"`
	Version      string        `json:"version"`
	Size         int64         `json:"size"`
	UnpackedSize int64         `json:"unpackedSize"`
	Shasum       string        `json:"shasum"`
	Integrity    string        `json:"integrity"`
	Filename     string        `json:"filename"`
	Files        []ContentFile `json:"files"`
	EntryCount   int           `json:"entryCount"`
	Bundled      []string      `json:"bundled"`
}

// ContentFile is one entry of Contents.Files.
type ContentFile struct {
	Path string `json:"path"`
	Size int64  `json:"size"`
	Mode int64  `json:"mode"`
}

var bundledName = regexp.MustCompile(`^node_modules/((?:@[^/]+/)?[^/]+)`)

// Contents summarises the result the way npm reports a tarball: files in
// display order (names starting with a character that has no upper case
// first), and the bundled dependencies found in it.
func (r *Result) Contents() Contents {
	c := Contents{
		ID:           r.Name + "@" + r.Version,
		Name:         r.Name,
		Version:      r.Version,
		Size:         r.Size,
		UnpackedSize: r.UnpackedSize,
		Shasum:       r.Shasum,
		Integrity:    r.Integrity,
		Filename:     r.Filename,
		EntryCount:   len(r.Files),
		Files:        []ContentFile{},
		Bundled:      []string{},
	}
	seen := map[string]bool{}
	for _, f := range r.Files {
		if m := bundledName.FindStringSubmatch(f.Path); m != nil && !seen[m[1]] {
			seen[m[1]] = true
			c.Bundled = append(c.Bundled, m[1])
		}
	}
	var uppers, others []ContentFile
	for _, f := range r.Files {
		cf := ContentFile{Path: f.Path, Size: f.Size, Mode: f.Mode}
		if startsUpper(f.Path) {
			uppers = append(uppers, cf)
		} else {
			others = append(others, cf)
		}
	}
	cmp := newDisplayCompare()
	for _, group := range [][]ContentFile{uppers, others} {
		sort.SliceStable(group, func(i, j int) bool {
			return cmp(group[i].Path, group[j].Path) < 0
		})
		c.Files = append(c.Files, group...)
	}
	return c
}

// startsUpper reports whether the first UTF-16 unit of s is unchanged by
// upper-casing, as npm's display sort checks.
func startsUpper(s string) bool {
	if s == "" {
		return true
	}
	units := utf16.Encode([]rune(s))
	first := string(utf16.Decode(units[:1]))
	return first == strings.ToUpper(first)
}

// WriteNotice prints npm's notice block for a tarball, each line starting
// with prefix (npm uses "npm notice"). With unicode the package line
// carries npm's parcel emoji.
func WriteNotice(w io.Writer, prefix string, c Contents, unicode bool) {
	line := func(s string) {
		if s == "" {
			fmt.Fprintln(w, prefix)
			return
		}
		fmt.Fprintln(w, prefix+" "+termsafe.Line(s))
	}
	line("")
	if unicode {
		line("📦  " + c.ID)
	} else {
		line("package: " + c.ID)
	}
	line("Tarball Contents")
	for _, f := range c.Files {
		if !strings.HasPrefix(f.Path, "node_modules/") {
			line(FormatBytes(f.Size, false) + " " + f.Path)
		}
	}
	if len(c.Bundled) > 0 {
		line("Bundled Dependencies")
		for _, b := range c.Bundled {
			line(b)
		}
	}
	line("Tarball Details")
	line("name: " + c.Name)
	line("version: " + c.Version)
	line("filename: " + c.Filename)
	line("package size: " + FormatBytes(c.Size, true))
	line("unpacked size: " + FormatBytes(c.UnpackedSize, true))
	line("shasum: " + c.Shasum)
	line("integrity: " + shortIntegrity(c.Integrity))
	if len(c.Bundled) > 0 {
		line("bundled deps: " + strconv.Itoa(len(c.Bundled)))
		// npm subtracts its own file list, which already holds the
		// bundled files, so this is always 0; kept for the same output.
		line("bundled files: " + strconv.Itoa(c.EntryCount-len(c.Files)))
		line("own files: " + strconv.Itoa(len(c.Files)))
	}
	line("total files: " + strconv.Itoa(c.EntryCount))
	line("")
}

// shortIntegrity shows the start and end of an SRI string as npm does.
func shortIntegrity(s string) string {
	if len(s) <= 80 {
		return s[:min(20, len(s))] + "[...]"
	}
	return s[:20] + "[...]" + s[80:]
}

// FormatBytes renders a size in decimal units as npm does: "512B",
// "1.5kB"; with space "512 B".
func FormatBytes(n int64, space bool) string {
	sp := ""
	if space {
		sp = " "
	}
	f := float64(n)
	switch {
	case n < 1000:
		return strconv.FormatInt(n, 10) + sp + "B"
	case n < 999950:
		return toFixed1(f/1e3) + sp + "kB"
	case n < 999950000:
		return toFixed1(f/1e6) + sp + "MB"
	default:
		return toFixed1(f/1e9) + sp + "GB"
	}
}

// toFixed1 is JavaScript's x.toFixed(1) for x >= 0: it rounds the exact
// value of the double half up, where Go's formatting rounds half to even
// (1.25 → "1.3", not "1.2").
func toFixed1(x float64) string {
	exact := new(big.Float).SetFloat64(x).Text('f', 80)
	intPart, frac, _ := strings.Cut(exact, ".")
	tenths, _ := strconv.ParseInt(intPart+frac[:1], 10, 64)
	if frac[1] >= '5' {
		tenths++
	}
	return strconv.FormatInt(tenths/10, 10) + "." + strconv.FormatInt(tenths%10, 10)
}

// WriteJSON prints results as `npm pack --json` does: an indented array.
func WriteJSON(w io.Writer, contents []Contents) error {
	data, err := json.MarshalIndent(contents, "", "  ")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", data)
	return err
}
