package logger

import (
	"bytes"
	"io"
	"sync"
)

// LevelWriter filters a stream the way the log level filters the logger:
// a line "gonpm <level> …" written straight to stderr (the pack and
// publish notice blocks, warnings of commands, the final error line) is
// dropped when its level is above max (a carriage return starts a line
// too, as a progress bar redraws one); everything else — prompts,
// progress bars, plain output — passes unchanged. Only the start of a
// line that could still become "gonpm <level> " is held back, so a prompt
// without a newline is never delayed.
func LevelWriter(w io.Writer, max Level) io.Writer {
	return &levelWriter{w: w, max: max, atStart: true}
}

type levelWriter struct {
	mu      sync.Mutex
	w       io.Writer
	max     Level
	atStart bool         // the next byte starts a line
	held    bytes.Buffer // the start of a line not yet known to be a level line
	drop    bool         // the current line is being dropped
}

const linePrefix = "gonpm "

func (lw *levelWriter) Write(p []byte) (int, error) {
	lw.mu.Lock()
	defer lw.mu.Unlock()
	n := len(p)
	for len(p) > 0 {
		if !lw.atStart && lw.held.Len() == 0 {
			// Inside a line whose fate is decided: pass or drop up to
			// the end of the line.
			end := bytes.IndexAny(p, "\r\n")
			chunk := p
			if end >= 0 {
				chunk = p[:end+1]
			}
			if !lw.drop {
				if _, err := lw.w.Write(chunk); err != nil {
					return n - len(p), err
				}
			}
			p = p[len(chunk):]
			if end >= 0 {
				lw.atStart, lw.drop = true, false
			}
			continue
		}
		// At a line's start: gather bytes until the line's label is known.
		lw.atStart = false
		lw.held.WriteByte(p[0])
		p = p[1:]
		switch lw.decide() {
		case undecided:
			continue
		case keep:
			lw.drop = false
		case drop:
			lw.drop = true
		}
		held := lw.held.Bytes()
		lw.held.Reset()
		if last := held[len(held)-1]; last == '\n' || last == '\r' {
			lw.atStart = true
		}
		if !lw.drop {
			if _, err := lw.w.Write(held); err != nil {
				return n - len(p), err
			}
		}
		if lw.atStart {
			lw.drop = false
		}
	}
	return n, nil
}

type verdict int

const (
	undecided verdict = iota
	keep
	drop
)

// decide tells from the held start of a line whether it is a level line
// above the maximum.
func (lw *levelWriter) decide() verdict {
	h := lw.held.String()
	if len(h) <= len(linePrefix) {
		if h != linePrefix[:len(h)] {
			return keep
		}
		return undecided
	}
	rest := h[len(linePrefix):]
	stillPossible := false
	for i, name := range levelNames {
		if i == int(Silent) {
			continue
		}
		switch {
		case len(rest) > len(name) && rest[:len(name)] == name && (rest[len(name)] == ' ' || rest[len(name)] == '\n'):
			if Level(i) > lw.max {
				return drop
			}
			return keep
		case len(rest) <= len(name) && name[:len(rest)] == rest:
			stillPossible = true
		}
	}
	if stillPossible {
		return undecided
	}
	return keep
}
