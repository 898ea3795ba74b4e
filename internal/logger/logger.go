// Package logger writes gonpm's diagnostic lines to stderr at npm's log
// levels, with every known secret masked on the way out.
package logger

import (
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/gonpm/gonpm/internal/termsafe"
)

// Level is one of npm's log levels, in increasing verbosity.
type Level int

const (
	Silent Level = iota
	Error
	Warn
	Notice
	HTTP
	Info
	Verbose
	Silly
)

var levelNames = []string{"silent", "error", "warn", "notice", "http", "info", "verbose", "silly"}

func (l Level) String() string { return levelNames[l] }

// ParseLevel reads an npm log level name.
func ParseLevel(s string) (Level, error) {
	for i, name := range levelNames {
		if strings.EqualFold(s, name) {
			return Level(i), nil
		}
	}
	return Notice, fmt.Errorf("invalid loglevel %q: use one of %s", s, strings.Join(levelNames, ", "))
}

// Logger writes leveled lines. The zero value discards everything; a nil
// *Logger is safe to use.
type Logger struct {
	mu      sync.Mutex
	w       io.Writer
	level   Level
	secrets *Secrets
}

// New returns a logger writing lines at or below level to w, masking the
// values registered in secrets.
func New(w io.Writer, level Level, secrets *Secrets) *Logger {
	if secrets == nil {
		secrets = &Secrets{}
	}
	return &Logger{w: w, level: level, secrets: secrets}
}

// Enabled reports whether lines at level l are written.
func (l *Logger) Enabled(lv Level) bool {
	return l != nil && l.w != nil && lv <= l.level && lv != Silent
}

// Secrets is the shared set of values that must never be printed.
func (l *Logger) Secrets() *Secrets {
	if l == nil {
		return &Secrets{}
	}
	return l.secrets
}

// Logf writes one line prefixed with the level name ("gonpm http ...").
func (l *Logger) Logf(lv Level, format string, args ...any) {
	if !l.Enabled(lv) {
		return
	}
	msg := l.secrets.Mask(fmt.Sprintf(format, args...))
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, line := range strings.Split(strings.TrimRight(msg, "\n"), "\n") {
		// A line may quote a registry's words (a notice, a message):
		// control characters are shown, not acted on.
		fmt.Fprintf(l.w, "gonpm %s %s\n", lv, termsafe.Line(line))
	}
}

func (l *Logger) Warnf(format string, args ...any)    { l.Logf(Warn, format, args...) }
func (l *Logger) Noticef(format string, args ...any)  { l.Logf(Notice, format, args...) }
func (l *Logger) HTTPf(format string, args ...any)    { l.Logf(HTTP, format, args...) }
func (l *Logger) Infof(format string, args ...any)    { l.Logf(Info, format, args...) }
func (l *Logger) Verbosef(format string, args ...any) { l.Logf(Verbose, format, args...) }
func (l *Logger) Sillyf(format string, args ...any)   { l.Logf(Silly, format, args...) }
