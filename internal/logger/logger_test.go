package logger

import (
	"bytes"
	"strings"
	"testing"
)

func TestLevelsAndMasking(t *testing.T) {
	var buf bytes.Buffer
	secrets := &Secrets{}
	secrets.Add("tok-1234567", "abc", "tok-1234567-longer")
	log := New(&buf, HTTP, secrets)
	log.HTTPf("sent tok-1234567-longer and tok-1234567 and abc")
	log.Infof("not shown at http level")
	out := buf.String()
	if out != "gonpm http sent *** and *** and abc\n" {
		t.Errorf("got %q", out)
	}
	if strings.Contains(out, "not shown") {
		t.Error("info line written at http level")
	}
}

func TestParseLevel(t *testing.T) {
	for _, name := range []string{"silent", "error", "warn", "notice", "http", "info", "verbose", "silly", "HTTP"} {
		if _, err := ParseLevel(name); err != nil {
			t.Errorf("ParseLevel(%q): %v", name, err)
		}
	}
	if _, err := ParseLevel("loud"); err == nil || !strings.Contains(err.Error(), "silent, error") {
		t.Errorf("ParseLevel(loud) = %v", err)
	}
}

func TestNilLoggerIsSafe(t *testing.T) {
	var log *Logger
	log.Warnf("nothing happens")
	if log.Enabled(Error) {
		t.Error("nil logger enabled")
	}
}
