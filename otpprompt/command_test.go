package otpprompt

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gonpm/gonpm/internal/registry"
)

type fixedSource string

func (f fixedSource) OTP(context.Context, registry.OTPRequest) (string, error) { return string(f), nil }

func TestCommandSource(t *testing.T) {
	tests := []struct {
		name    string
		command string
		next    registry.OTPSource
		want    string
		wantErr string // text of the error; "" means success
	}{
		{name: "prints a code", command: "echo 123456", want: "123456"},
		{name: "code with spaces and a newline", command: "printf ' 123 456 \\n'", want: "123456"},
		{name: "reads the environment", command: `echo "$CODE_FOR_TEST"`, want: "654321"},
		{name: "recovery code", command: "echo " + strings.Repeat("ab", 32), want: strings.Repeat("ab", 32)},
		{name: "fails", command: "echo 111111; exit 3", wantErr: "exited with status 3"},
		{name: "prints nothing", command: "true", wantErr: "printed nothing"},
		{name: "prints more than a code", command: "echo 'Enter passphrase:'; echo 123456", wantErr: "not a one-time password"},
		{name: "cannot be run", command: "no-such-program-here-xyz", wantErr: "exited with status 127"},
		{name: "no command asks the next source", next: fixedSource("999999"), want: "999999"},
		{name: "no command and nothing next", wantErr: registry.ErrNoOTPSource.Error()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &CommandSource{Command: tt.command, Env: append(os.Environ(), "CODE_FOR_TEST=654321"), Dir: t.TempDir(), Next: tt.next}
			got, err := s.OTP(context.Background(), registry.OTPRequest{Attempt: 1})
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one saying %q", err, tt.wantErr)
				}
				if strings.Contains(err.Error(), "111111") || strings.Contains(err.Error(), "123456") {
					t.Errorf("the command's output is in the error: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("code %q, want %q", got, tt.want)
			}
		})
	}
}

// TestCommandSourceRunsAgainOnRejection: a refused code (expired) makes
// the client ask again, and the command must run again for a fresh code.
func TestCommandSourceRunsAgainOnRejection(t *testing.T) {
	runs := filepath.Join(t.TempDir(), "runs")
	s := &CommandSource{Command: `echo run >> "` + runs + `"; wc -l < "` + runs + `" | awk '{printf "%06d\n", $1}'`}
	first, err := s.OTP(context.Background(), registry.OTPRequest{Attempt: 1})
	if err != nil {
		t.Fatal(err)
	}
	second, err := s.OTP(context.Background(), registry.OTPRequest{Attempt: 2, Rejected: true})
	if err != nil {
		t.Fatal(err)
	}
	if first != "000001" || second != "000002" {
		t.Errorf("codes %q then %q: the command was not run once per request", first, second)
	}
}

func TestCommandErrorIsTyped(t *testing.T) {
	s := &CommandSource{Command: "exit 2"}
	_, err := s.OTP(context.Background(), registry.OTPRequest{})
	var ce *OTPCommandError
	if !errors.As(err, &ce) || ce.Status != 2 {
		t.Fatalf("err = %#v, want *OTPCommandError with status 2", err)
	}
}
