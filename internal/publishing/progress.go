package publishing

import (
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/gonpm/gonpm/internal/tarball"
)

// progressBar draws one line on a terminal while a tarball uploads. A nil
// bar draws nothing.
type progressBar struct {
	mu    sync.Mutex
	w     io.Writer
	label string
	total int64
	shown int // last percentage drawn, -1 before the first
}

func newProgressBar(w io.Writer, label string, total int64) *progressBar {
	return &progressBar{w: w, label: label, total: total, shown: -1}
}

// start begins an attempt; a retry starts from zero again.
func (b *progressBar) start() {
	if b == nil {
		return
	}
	b.mu.Lock()
	b.shown = -1
	b.mu.Unlock()
}

func (b *progressBar) set(n int64) {
	if b == nil || b.total <= 0 {
		return
	}
	pct := int(n * 100 / b.total)
	b.mu.Lock()
	defer b.mu.Unlock()
	if pct == b.shown {
		return
	}
	b.shown = pct
	const width = 30
	filled := pct * width / 100
	fmt.Fprintf(b.w, "\rpublishing %s [%s%s] %3d%% %s / %s", b.label,
		strings.Repeat("=", filled), strings.Repeat(" ", width-filled), pct,
		tarball.FormatBytes(n, true), tarball.FormatBytes(b.total, true))
}

// done clears the line.
func (b *progressBar) done() {
	if b == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.shown >= 0 {
		fmt.Fprint(b.w, "\r\x1b[K")
	}
}

// workspaceProgress shows how a workspace publish advances. On a terminal
// it is one line redrawn in place: packages finished of all, and bytes
// sent of all; lines printed through it (errors, and everything the
// uploads write to stderr) go above that line. In a log (no terminal)
// each finished package gets a line of its own.
type workspaceProgress struct {
	mu     sync.Mutex
	w      io.Writer
	tty    bool
	total  int
	done   int
	bytes  int64   // the bodies of all uploads
	sent   []int64 // per upload, bytes of its current attempt
	sum    int64
	shown  string // the line on screen, "" when none
	paused bool
}

func newWorkspaceProgress(w io.Writer, tty bool, sizes []int64) *workspaceProgress {
	wp := &workspaceProgress{w: w, tty: tty, total: len(sizes), sent: make([]int64, len(sizes))}
	for _, n := range sizes {
		wp.bytes += n
	}
	return wp
}

// sending returns the byte counter of upload i.
func (wp *workspaceProgress) sending(i int) func(int64) {
	return func(n int64) {
		wp.mu.Lock()
		defer wp.mu.Unlock()
		wp.sum += n - wp.sent[i]
		wp.sent[i] = n
		wp.draw()
	}
}

// finished counts a package as done; line, when not empty, is printed
// (above the progress line on a terminal). A log gets every line, a
// terminal only those marked always (errors).
func (wp *workspaceProgress) finished(line string, always bool) {
	wp.mu.Lock()
	defer wp.mu.Unlock()
	wp.done++
	wp.print(line, always)
}

// println prints a line without counting a package.
func (wp *workspaceProgress) println(line string) {
	wp.mu.Lock()
	defer wp.mu.Unlock()
	wp.print(line, true)
}

func (wp *workspaceProgress) print(line string, always bool) {
	if line != "" && (always || !wp.tty) {
		wp.clear()
		fmt.Fprintln(wp.w, line)
	}
	wp.draw()
}

// pause takes the line away while something else uses the terminal (a
// one-time-password prompt); the function it returns brings it back.
func (wp *workspaceProgress) pause() func() {
	wp.mu.Lock()
	defer wp.mu.Unlock()
	wp.clear()
	wp.paused = true
	return func() {
		wp.mu.Lock()
		defer wp.mu.Unlock()
		wp.paused = false
		wp.draw()
	}
}

// Write makes the display the uploads' stderr: writes from several
// uploads at once (lifecycle scripts, notices) are serialised, and go
// above the progress line.
func (wp *workspaceProgress) Write(b []byte) (int, error) {
	wp.mu.Lock()
	defer wp.mu.Unlock()
	wp.clear()
	n, err := wp.w.Write(b)
	if len(b) > 0 && b[len(b)-1] == '\n' {
		wp.draw()
	}
	return n, err
}

// close takes the line away for good.
func (wp *workspaceProgress) close() {
	wp.mu.Lock()
	defer wp.mu.Unlock()
	wp.clear()
	wp.paused = true
}

// draw redraws the terminal line when what it says has changed. The
// caller holds wp.mu.
func (wp *workspaceProgress) draw() {
	if !wp.tty || wp.paused {
		return
	}
	pct := 100
	if wp.bytes > 0 {
		pct = int(wp.sum * 100 / wp.bytes)
	}
	const width = 20
	filled := min(pct, 100) * width / 100
	line := fmt.Sprintf("publishing %d/%d packages [%s%s] %s / %s", wp.done, wp.total,
		strings.Repeat("=", filled), strings.Repeat(" ", width-filled),
		tarball.FormatBytes(wp.sum, true), tarball.FormatBytes(wp.bytes, true))
	if line == wp.shown {
		return
	}
	fmt.Fprint(wp.w, "\r\x1b[K"+line)
	wp.shown = line
}

// clear removes the line from the screen. The caller holds wp.mu.
func (wp *workspaceProgress) clear() {
	if wp.shown != "" {
		fmt.Fprint(wp.w, "\r\x1b[K")
		wp.shown = ""
	}
}
