package otpprompt

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/gonpm/gonpm/internal/iostreams"
	"github.com/gonpm/gonpm/internal/registry"
)

// scripted answers prompts from a list and records the prompts.
type scripted struct {
	answers []string
	prompts []string
}

func (s *scripted) Password(p string) (string, error) { return s.next(p) }
func (s *scripted) Input(p string) (string, error)    { return s.next(p) }
func (s *scripted) next(p string) (string, error) {
	s.prompts = append(s.prompts, p)
	if len(s.answers) == 0 {
		return "", ErrNoInput
	}
	a := s.answers[0]
	s.answers = s.answers[1:]
	return a, nil
}

func terminal() *iostreams.IOStreams {
	io, _, _, _ := iostreams.Test()
	io.SetStdinTTY(true)
	io.SetStderrTTY(true)
	return io
}

func TestCodePrompt(t *testing.T) {
	tests := []struct {
		name    string
		answers []string
		want    string
		prompts int
	}{
		{"six digits", []string{"123456"}, "123456", 1},
		{"spaces are removed", []string{"123 456"}, "123456", 1},
		{"letters are asked again", []string{"abc", "654321"}, "654321", 2},
		{"empty is asked again", []string{"", "111111"}, "111111", 2},
		{"a 64-hex recovery token", []string{strings.Repeat("ab", 32)}, strings.Repeat("ab", 32), 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			io := terminal()
			p := &scripted{answers: tt.answers}
			s := &Source{IO: io, Prompter: p}
			got, err := s.OTP(context.Background(), registry.OTPRequest{Challenge: registry.Challenge{Kind: registry.ClassicChallenge}, Attempt: 1})
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want || len(p.prompts) != tt.prompts {
				t.Errorf("got %q after %d prompts, want %q after %d", got, len(p.prompts), tt.want, tt.prompts)
			}
		})
	}
}

func TestNoTerminalNeverPrompts(t *testing.T) {
	for _, tty := range []struct{ in, errOut, never bool }{{false, true, false}, {true, false, false}, {true, true, true}} {
		io, _, _, _ := iostreams.Test()
		io.SetStdinTTY(tty.in)
		io.SetStderrTTY(tty.errOut)
		io.SetNeverPrompt(tty.never)
		p := &scripted{answers: []string{"123456"}}
		s := &Source{IO: io, Prompter: p}
		_, err := s.OTP(context.Background(), registry.OTPRequest{Challenge: registry.Challenge{Kind: registry.ClassicChallenge}})
		if !errors.Is(err, registry.ErrNoOTPSource) || len(p.prompts) != 0 {
			t.Errorf("%+v: err %v after %d prompts, want ErrNoOTPSource and no prompt", tty, err, len(p.prompts))
		}
	}
}

func TestWebChallengeShowsLinkAndQRAndPolls(t *testing.T) {
	io, _, _, errOut := iostreams.Test()
	io.SetStdinTTY(true)
	io.SetStderrTTY(true)
	opened := ""
	s := &Source{IO: io, Prompter: &scripted{}, Browser: browserFunc(func(u string) error { opened = u; return nil }), OpenBrowser: true}
	got, err := s.OTP(context.Background(), registry.OTPRequest{
		Challenge: registry.Challenge{Kind: registry.WebChallenge, AuthURL: "https://example.test/approve/1"},
		Poll:      func(context.Context) (string, error) { return "tok", nil },
	})
	if err != nil || got != "tok" {
		t.Fatalf("got %q, %v", got, err)
	}
	out := errOut.String()
	if !strings.Contains(out, "https://example.test/approve/1") || !strings.ContainsAny(out, "▀▄█") {
		t.Errorf("want the link and a QR code on stderr, got:\n%s", out)
	}
	if opened != "https://example.test/approve/1" {
		t.Errorf("browser opened %q", opened)
	}
}

type browserFunc func(string) error

func (f browserFunc) Browse(u string) error { return f(u) }
