package publishing

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/gonpm/gonpm/internal/tarball"
	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// progressBar shows a tarball's upload on a terminal, drawn by
// schollz/progressbar: one line, redrawn in place, fitted to the
// terminal's width on every redraw (so a resize is followed), cleared when
// the upload ends. A nil bar draws nothing.
type progressBar struct {
	mu    sync.Mutex
	w     io.Writer
	label string
	total int64
	bar   *progressbar.ProgressBar
}

func newProgressBar(w io.Writer, label string, total int64) *progressBar {
	return &progressBar{w: w, label: label, total: total}
}

// start begins an attempt; a retry starts from zero again.
func (b *progressBar) start() {
	if b == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.bar != nil {
		_ = b.bar.Clear()
	}
	// The bar draws on the terminal itself, from which the library reads
	// the width it fits the bar to; its frames are no log lines, so the
	// filter in front of stderr has nothing to do with them.
	w := b.w
	if f := terminalFile(w); f != nil {
		w = f
	}
	b.bar = progressbar.NewOptions64(b.total,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription(fitLabel(b.label, terminalWidth(b.w))),
		progressbar.OptionSetWidth(30),
		progressbar.OptionShowBytes(true),
		progressbar.OptionShowCount(),
		progressbar.OptionSetPredictTime(false),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionUseANSICodes(true),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionSetTheme(progressbar.Theme{Saucer: "=", SaucerHead: ">", SaucerPadding: " ", BarStart: "[", BarEnd: "]"}),
	)
}

func (b *progressBar) set(n int64) {
	if b == nil || b.total <= 0 {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.bar != nil {
		_ = b.bar.Set64(n)
	}
}

// done clears the line, whether the upload finished or failed.
func (b *progressBar) done() {
	if b == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.bar != nil {
		_ = b.bar.Exit()
		_ = b.bar.Clear()
		b.bar = nil
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
	// Cut to the terminal's width so the line never wraps: a wrapped line
	// cannot be redrawn in place.
	if width := terminalWidth(wp.w); width > 1 && len(line) >= width {
		line = line[:width-1]
	}
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

// terminalFile is the file w writes to, looking through gonpm's level and
// colour filter on stderr (which unwraps to the terminal); nil when w
// writes to no file.
func terminalFile(w io.Writer) *os.File {
	for {
		if f, ok := w.(*os.File); ok {
			return f
		}
		u, ok := w.(interface{ Unwrap() io.Writer })
		if !ok {
			return nil
		}
		w = u.Unwrap()
	}
}

// terminalWidth is the width of the terminal w writes to, 0 when unknown.
func terminalWidth(w io.Writer) int {
	f := terminalFile(w)
	if f == nil {
		return 0
	}
	width, _, err := term.GetSize(int(f.Fd()))
	if err != nil {
		return 0
	}
	return width
}

// fitLabel shortens the label so that it, the percentage and the byte
// counts fit on a line of the given width with room for a short bar (the
// library shrinks the bar itself, but not the text around it): first the
// word "publishing" goes, then the end of the name. Width 0 means unknown.
func fitLabel(name string, width int) string {
	// "  94% [=====>   ] (32/34 MB, 32 MB/s) " takes about 40 columns.
	const rest = 40
	room := width - rest
	if width == 0 || len([]rune("publishing "+name)) <= room {
		return "publishing " + name
	}
	r := []rune(name)
	switch {
	case len(r) <= room:
		return name
	case room < 8:
		return ""
	}
	return string(r[:room-1]) + "…"
}
