package cmd

import (
	"context"
	"testing"

	"github.com/gonpm/gonpm/internal/iostreams"
)

// The quick answer to `gonpm --version` says what cobra's version flag
// says, wherever the flag stands.
func TestVersionOutput(t *testing.T) {
	for _, args := range [][]string{{"--version"}, {"--version", "--loglevel=silent"}, {"--loglevel=silent", "--version"}} {
		ios, _, out, errOut := iostreams.Test()
		if code := Run(context.Background(), args, ios, func(string) string { return "" }, nil); code != 0 {
			t.Fatalf("%v: exit %d, stderr %q", args, code, errOut.String())
		}
		if got := out.String(); got != Version+"\n" {
			t.Errorf("%v printed %q, want %q", args, got, Version+"\n")
		}
	}
}
