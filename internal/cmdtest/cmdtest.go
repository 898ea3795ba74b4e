// Package cmdtest helps the TestNewCmd tests of leaf commands: it runs a
// command's argument and flag parsing with no registry and hands back the
// options its run function would have got.
package cmdtest

import (
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/iostreams"
	"github.com/spf13/cobra"
)

// Cwd is the working directory of the factory Parse uses.
const Cwd = "/project"

// Parse builds a leaf command with newCmd and a factory that has no
// registry, runs it on args, and returns the options its runF received
// (nil when it refused the arguments). Any error must be a usage error:
// a cmdutil.FlagError, or cobra.NoArgs's "unknown command", which the root
// reports as "<command> takes no arguments" (exit 2).
func Parse[O any](t testing.TB, newCmd func(*cmdutil.Factory, func(*O) error) *cobra.Command, args ...string) (*O, error) {
	t.Helper()
	ios, _, _, _ := iostreams.Test()
	var got *O
	cmd := newCmd(&cmdutil.Factory{IOStreams: ios, Cwd: Cwd}, func(o *O) error { got = o; return nil })
	cmd.SetArgs(args)
	cmd.SetOut(io.Discard)
	cmd.SetErr(io.Discard)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	err := cmd.Execute()
	var flagErr *cmdutil.FlagError
	if err != nil && !errors.As(err, &flagErr) && !strings.HasPrefix(err.Error(), "unknown command ") {
		t.Fatalf("%q: err = %v, want a usage error (exit 2)", args, err)
	}
	return got, err
}
