package e2e

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// screen replays what a program wrote to a terminal of a fixed width, as
// an xterm-like terminal shows it: lines wrap at the right margin (the
// wrap happens when the next character comes), \r returns, ESC[K and
// ESC[2K erase, cursor moves apply, colours are ignored. It is enough to
// tell whether redrawn lines leave anything behind.
type screen struct {
	width    int
	rows     [][]rune
	row, col int
	pending  bool // the last column was written: the next character wraps
	wraps    int  // automatic wraps so far
}

func newScreen(width int) *screen { return &screen{width: width, rows: [][]rune{nil}} }

func (s *screen) line() []rune {
	for len(s.rows) <= s.row {
		s.rows = append(s.rows, nil)
	}
	return s.rows[s.row]
}

func (s *screen) put(r rune) {
	if s.pending {
		s.row++
		s.col = 0
		s.pending = false
		s.wraps++
	}
	l := s.line()
	for len(l) <= s.col {
		l = append(l, ' ')
	}
	l[s.col] = r
	s.rows[s.row] = l
	if s.col == s.width-1 {
		s.pending = true
	} else {
		s.col++
	}
}

// erase blanks the columns [from, to) of the cursor's line.
func (s *screen) erase(from, to int) {
	l := s.line()
	for i := from; i < to && i < len(l); i++ {
		l[i] = ' '
	}
}

// Write takes the program's output.
func (s *screen) Write(p []byte) (int, error) {
	for i := 0; i < len(p); {
		b := p[i]
		switch {
		case b == '\r':
			s.col, s.pending = 0, false
			i++
		case b == '\n':
			s.row++
			s.pending = false
			s.line()
			i++
		case b == '\b':
			if s.col > 0 {
				s.col--
			}
			s.pending = false
			i++
		case b == 0x1b && i+1 < len(p) && p[i+1] == '[':
			j := i + 2
			for j < len(p) && (p[j] < 0x40 || p[j] > 0x7e) {
				j++
			}
			if j == len(p) {
				return len(p), nil
			}
			s.csi(string(p[i+2:j]), p[j])
			i = j + 1
		case b == 0x1b:
			i += 2 // ESC 7, ESC 8 and the like: nothing to draw
		case b < 0x20:
			i++
		default:
			r, n := utf8.DecodeRune(p[i:])
			s.put(r)
			i += n
		}
	}
	return len(p), nil
}

func (s *screen) csi(params string, final byte) {
	n, err := strconv.Atoi(strings.TrimPrefix(params, "?"))
	if err != nil {
		n = 0
	}
	count := max(n, 1)
	switch final {
	case 'K':
		switch n {
		case 0:
			s.erase(s.col, s.width)
		case 1:
			s.erase(0, s.col+1)
		case 2:
			s.erase(0, s.width)
		}
		s.pending = false
	case 'A':
		s.row = max(s.row-count, 0)
		s.pending = false
	case 'B':
		s.row += count
		s.pending = false
	case 'C':
		s.col = min(s.col+count, s.width-1)
		s.pending = false
	case 'D':
		s.col = max(s.col-count, 0)
		s.pending = false
	case 'G':
		s.col = min(count-1, s.width-1)
		s.pending = false
	}
}

// Lines is the screen's text, trailing blanks trimmed.
func (s *screen) Lines() []string {
	var out []string
	for _, l := range s.rows {
		out = append(out, strings.TrimRight(string(l), " "))
	}
	for len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return out
}
