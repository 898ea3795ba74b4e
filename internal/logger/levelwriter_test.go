package logger

import (
	"bytes"
	"io"
	"os"
	"testing"
)

func TestLevelWriter(t *testing.T) {
	const stream = "gonpm notice\ngonpm notice 📦  a@1.0.0\nEnter OTP: 123\n" +
		"gonpm warn publish careful\n\rpublishing a@1.0.0  50% [==  ]\x1b[2K\r" +
		"gonpm error code E404\ngonpm http fetch GET 200\ngonpm noticeable is not a level\n" +
		"gonpm\n+ a@1.0.0\ngonpm info done"
	tests := []struct {
		level Level
		want  string
	}{
		{Silent, "Enter OTP: 123\n\rpublishing a@1.0.0  50% [==  ]\x1b[2K\rgonpm noticeable is not a level\ngonpm\n+ a@1.0.0\n"},
		{Error, "Enter OTP: 123\n\rpublishing a@1.0.0  50% [==  ]\x1b[2K\rgonpm error code E404\ngonpm noticeable is not a level\ngonpm\n+ a@1.0.0\n"},
		{Warn, "Enter OTP: 123\ngonpm warn publish careful\n\rpublishing a@1.0.0  50% [==  ]\x1b[2K\rgonpm error code E404\ngonpm noticeable is not a level\ngonpm\n+ a@1.0.0\n"},
		{Notice, "gonpm notice\ngonpm notice 📦  a@1.0.0\nEnter OTP: 123\ngonpm warn publish careful\n\rpublishing a@1.0.0  50% [==  ]\x1b[2K\rgonpm error code E404\ngonpm noticeable is not a level\ngonpm\n+ a@1.0.0\n"},
		{Silly, stream},
	}
	for _, tt := range tests {
		// Whole, and one byte at a time: the verdict must not depend on
		// how the writes are cut.
		for _, chunk := range []int{len(stream), 1, 7} {
			var out bytes.Buffer
			w := LevelWriter(&out, tt.level)
			for i := 0; i < len(stream); i += chunk {
				w.Write([]byte(stream[i:min(i+chunk, len(stream))]))
			}
			if out.String() != tt.want {
				t.Errorf("level %s, writes of %d bytes:\n got %q\nwant %q", tt.level, chunk, out.String(), tt.want)
			}
		}
	}
}

// A prompt is written at once, not held until its line ends.
func TestLevelWriterDoesNotHoldPrompts(t *testing.T) {
	var out bytes.Buffer
	w := LevelWriter(&out, Silent)
	w.Write([]byte("Enter OTP: "))
	if out.String() != "Enter OTP: " {
		t.Errorf("the prompt was held: %q", out.String())
	}
	w.Write([]byte("gonpm"))
	if out.String() != "Enter OTP: gonpm" {
		t.Errorf("text inside a line was held: %q", out.String())
	}
}

// With colour, the kept level lines start as npm's do on a terminal (the
// sequences npm 11 writes, read from its output on a pty); other lines,
// and level words later in a line, are left alone.
func TestLabelWriterColoursLabelsAsNpm(t *testing.T) {
	const stream = "gonpm warn using --force Recommended protections disabled.\n" +
		"gonpm error code E404\ngonpm notice\ngonpm http fetch GET 200\n" +
		"gonpm info ok\ngonpm verbose cli\ngonpm silly x\n" +
		"Enter OTP: gonpm warn x\ngonpm noticeable\n\rgonpm warn after a carriage return\n"
	const want = "\x1b[1mgonpm\x1b[22m \x1b[33mwarn\x1b[39m using --force Recommended protections disabled.\n" +
		"\x1b[1mgonpm\x1b[22m \x1b[31merror\x1b[39m code E404\n" +
		"\x1b[1mgonpm\x1b[22m \x1b[96mnotice\x1b[39m\n" +
		"\x1b[1mgonpm\x1b[22m \x1b[32mhttp\x1b[39m fetch GET 200\n" +
		"\x1b[1mgonpm\x1b[22m \x1b[36minfo\x1b[39m ok\n" +
		"\x1b[1mgonpm\x1b[22m \x1b[34mverbose\x1b[39m cli\n" +
		"\x1b[1mgonpm\x1b[22m \x1b[34m\x1b[2msilly\x1b[22m\x1b[39m x\n" +
		"Enter OTP: gonpm warn x\ngonpm noticeable\n\r\x1b[1mgonpm\x1b[22m \x1b[33mwarn\x1b[39m after a carriage return\n"
	for _, chunk := range []int{len(stream), 1, 5} {
		var out bytes.Buffer
		w := LabelWriter(&out, Silly, true)
		for i := 0; i < len(stream); i += chunk {
			w.Write([]byte(stream[i:min(i+chunk, len(stream))]))
		}
		if out.String() != want {
			t.Errorf("writes of %d bytes:\n got %q\nwant %q", chunk, out.String(), want)
		}
	}
	// The level filter reads the plain text: a dropped line is not
	// coloured into a kept one.
	var out bytes.Buffer
	LabelWriter(&out, Error, true).Write([]byte("gonpm warn dropped\ngonpm error kept\n"))
	if want := "\x1b[1mgonpm\x1b[22m \x1b[31merror\x1b[39m kept\n"; out.String() != want {
		t.Errorf("at level error:\n got %q\nwant %q", out.String(), want)
	}
}

// The terminal behind the writer can be reached, for its width.
func TestLabelWriterUnwraps(t *testing.T) {
	f, err := os.CreateTemp(t.TempDir(), "stderr")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w, ok := LabelWriter(f, Notice, true).(interface{ Unwrap() io.Writer })
	if !ok || w.Unwrap() != io.Writer(f) {
		t.Errorf("the writer does not hand on the stream behind it")
	}
}
