package e2e

import (
	"crypto/rand"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// barFragment matches what only the upload progress bar draws.
var barFragment = regexp.MustCompile(`big-upload-with-a-r.*(%|\[)|\d+% \[|\] \(|/s\)`)

// TestUploadProgressBarFitsANarrowTerminal publishes a 24 MB tarball on a
// 60-column terminal: the bar must redraw in place, never wrap, and leave
// no line behind once the upload ends.
func TestUploadProgressBarFitsANarrowTerminal(t *testing.T) {
	a := loggedIn(t, "pia", "")
	dir := filepath.Join(a.home, "pkg")
	writeFiles(t, dir, map[string]string{
		"package.json": `{"name": "big-upload-with-a-rather-long-package-name", "version": "1.0.0"}`,
	})
	noise := make([]byte, 24<<20) // random: gzip cannot shrink it
	if _, err := rand.Read(noise); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "blob.bin"), noise, 0o644); err != nil {
		t.Fatal(err)
	}

	const cols = 60
	// Colour on, as on a user's terminal: the bar is drawn through the
	// filter that colours the labels, and must still fit.
	c := StartConsoleSize(t, cols, 40, append(withoutNoColor(a.env), "TERM=xterm"), dir, gonpmBinary(t), "publish")
	c.Expect(`\+ big-upload-with-a-rather-long-package-name@1\.0\.0`)
	if status := c.Wait(); status != 0 {
		t.Fatalf("publish exit status %d; output:\n%s", status, c.Output())
	}
	raw := c.Output()
	if !barFragment.MatchString(raw) {
		t.Fatalf("no progress bar was drawn; output:\n%q", raw[max(0, len(raw)-3000):])
	}
	frames := 0
	for _, frame := range strings.Split(raw, "\r") {
		if barFragment.MatchString(frame) {
			frames++
			if w := len([]rune(strings.TrimRight(stripCSI(frame), " \n"))); w > cols {
				t.Errorf("a frame is %d columns wide on a %d-column terminal: %q", w, cols, frame)
			}
		}
	}
	scr := newScreen(cols)
	scr.Write([]byte(raw))
	for i, line := range scr.Lines() {
		if barFragment.MatchString(line) {
			t.Errorf("line %d still shows the progress bar after the upload: %q", i+1, line)
		}
	}
	t.Logf("%d frames drawn; the screen after publish:\n%s", frames, strings.Join(scr.Lines(), "\n"))
}

var csi = regexp.MustCompile(`\x1b\[[0-9;?]*[@-~]`)

func stripCSI(s string) string { return csi.ReplaceAllString(s, "") }
