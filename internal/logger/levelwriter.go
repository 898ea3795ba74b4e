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
	return LabelWriter(w, max, false)
}

// LabelWriter is LevelWriter that, with color, also colours the start of
// every line it keeps, "gonpm <level>", with npm's escape sequences (the
// name bold, the level in its colour). Every line starting so gets them,
// whoever wrote it — the logger, a command, the final error line — and
// only after the level filter has read the plain text.
func LabelWriter(w io.Writer, max Level, color bool) io.Writer {
	return &levelWriter{w: w, max: max, color: color, atStart: true}
}

type levelWriter struct {
	mu      sync.Mutex
	w       io.Writer
	max     Level
	color   bool
	atStart bool         // the next byte starts a line
	held    bytes.Buffer // the start of a line not yet known to be a level line
	drop    bool         // the current line is being dropped
}

// Unwrap returns the stream written to: a progress bar draws straight on
// the terminal behind the filter (its frames are no log lines), where it
// can read the terminal's width.
func (lw *levelWriter) Unwrap() io.Writer { return lw.w }

// npm's colours (chalk, in npm's display.js): the name bold, each level in
// its own colour, foreground only.
const heading = "\x1b[1mgonpm\x1b[22m"

var levelColors = [...][2]string{
	Error:   {"\x1b[31m", "\x1b[39m"},
	Warn:    {"\x1b[33m", "\x1b[39m"},
	Notice:  {"\x1b[96m", "\x1b[39m"},
	HTTP:    {"\x1b[32m", "\x1b[39m"},
	Info:    {"\x1b[36m", "\x1b[39m"},
	Verbose: {"\x1b[34m", "\x1b[39m"},
	Silly:   {"\x1b[34m\x1b[2m", "\x1b[22m\x1b[39m"},
}

// colored is the start of a level line as npm colours it, followed by
// the byte after the level's name (a space or the end of the line).
func colored(lv Level, after byte) []byte {
	c := levelColors[lv]
	return []byte(heading + " " + c[0] + lv.String() + c[1] + string(after))
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
		v, lv := lw.decide()
		switch v {
		case undecided:
			continue
		case keep:
			lw.drop = false
		case drop:
			lw.drop = true
		}
		held := lw.held.Bytes()
		if v == keep && lv != Silent && lw.color {
			held = colored(lv, held[len(held)-1])
		}
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
// above the maximum, and which level it has (Silent: not a level line).
// A level line is decided on the byte after the level's name, so the held
// bytes are then "gonpm <level>" and that byte.
func (lw *levelWriter) decide() (verdict, Level) {
	h := lw.held.String()
	if len(h) <= len(linePrefix) {
		if h != linePrefix[:len(h)] {
			return keep, Silent
		}
		return undecided, Silent
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
				return drop, Level(i)
			}
			return keep, Level(i)
		case len(rest) <= len(name) && name[:len(rest)] == rest:
			stillPossible = true
		}
	}
	if stillPossible {
		return undecided, Silent
	}
	return keep, Silent
}
