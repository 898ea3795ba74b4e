package cmd

import (
	"context"
	"testing"

	"github.com/gonpm/gonpm/internal/iostreams"
)

// BenchmarkStartup measures what `gonpm --version` and `gonpm --help`
// cost inside the process (factory, command tree, flag parsing, output),
// the part of start-up gonpm controls. bench/startup.sh times the whole
// process against npm.
func BenchmarkStartup(b *testing.B) {
	for _, args := range [][]string{{"--version"}, {"--help"}} {
		b.Run(args[0], func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				ios, _, _, _ := iostreams.Test()
				if code := Run(context.Background(), args, ios, func(string) string { return "" }, nil); code != 0 {
					b.Fatalf("exit %d", code)
				}
			}
		})
	}
}
