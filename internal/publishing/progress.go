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
