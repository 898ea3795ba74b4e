package logger

import (
	"bytes"
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
