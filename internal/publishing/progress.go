package publishing

import (
	"io"
	"os"
	"sync"
	"time"

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
	b.bar = progressbar.NewOptions64(b.total,
		progressbar.OptionSetWriter(b.w),
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

// terminalWidth is the width of the terminal w writes to, 0 when unknown.
func terminalWidth(w io.Writer) int {
	f, ok := w.(*os.File)
	if !ok {
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
