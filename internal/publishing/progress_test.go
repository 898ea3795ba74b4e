package publishing

import (
	"bytes"
	"strings"
	"testing"
)

// A terminal gets one line, redrawn, saying packages done and bytes
// sent; a log gets a line per package; other output goes above the line,
// and a prompt gets the terminal to itself.
func TestWorkspaceProgress(t *testing.T) {
	tests := []struct {
		name    string
		tty     bool
		want    []string
		notWant []string
	}{
		{
			name: "terminal",
			tty:  true,
			want: []string{
				"\r\x1b[Kpublishing 0/2 packages [==========          ] 1.0 kB / 2.0 kB",
				"\r\x1b[Kscript output\n",
				"\r\x1b[Kpublishing 1/2 packages [====================] 2.0 kB / 2.0 kB",
				"\r\x1b[KEnter OTP: ",
			},
			notWant: []string{"published a@1.0.0"},
		},
		{
			name:    "log",
			tty:     false,
			want:    []string{"script output\n", "gonpm notice published a@1.0.0 (1/2)\n"},
			notWant: []string{"packages ["},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			wp := newWorkspaceProgress(&out, tt.tty, []int64{1000, 1000})
			wp.sending(0)(1000)
			wp.Write([]byte("script output\n"))
			wp.sending(1)(1000)
			wp.finished("gonpm notice published a@1.0.0 (1/2)", false)
			resume := wp.pause()
			out.WriteString("Enter OTP: ")
			wp.sending(1)(500) // no drawing while the prompt is up
			resume()
			wp.close()
			got := out.String()
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("output lacks %q:\n%q", w, got)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(got, w) {
					t.Errorf("output has %q:\n%q", w, got)
				}
			}
			if tt.tty && !strings.Contains(got, "Enter OTP: \r\x1b[Kpublishing 1/2 packages [=====") {
				// After the prompt the line comes back.
				t.Errorf("the progress line is not redrawn after the prompt:\n%q", got)
			}
		})
	}
}
