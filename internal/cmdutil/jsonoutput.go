package cmdutil

import "github.com/spf13/cobra"

// JSONSupport is what --json (or json=true in any configuration layer)
// does for a command. Every runnable command declares it (a test in cmd
// walks the command tree), so that a command printing text says so under
// --json instead of silently ignoring it, as npm does.
type JSONSupport string

const (
	// JSONOutput: the command prints its result as JSON.
	JSONOutput JSONSupport = "output"
	// JSONOutputWithoutArgs: only when given no arguments (`config get`
	// lists every setting as JSON but prints a value asked for by name as
	// text, as npm does).
	JSONOutputWithoutArgs JSONSupport = "output-without-args"
	// NoJSONOutput: the command prints text whatever --json says; after it
	// succeeds gonpm warns that --json was ignored. (An error is printed
	// as JSON all the same, as npm prints it.)
	NoJSONOutput JSONSupport = "none"
	// JSONRefused: the command refuses --json with an error of its own
	// before doing anything (profile enable-2fa, interactive, as in npm).
	JSONRefused JSONSupport = "refused"
)

const jsonAnnotation = "gonpm/json"

// DeclareJSON declares what --json does for cmd and returns cmd, so that a
// constructor can end with `return cmdutil.DeclareJSON(cmd, ...)`.
func DeclareJSON(cmd *cobra.Command, s JSONSupport) *cobra.Command {
	if cmd.Annotations == nil {
		cmd.Annotations = map[string]string{}
	}
	cmd.Annotations[jsonAnnotation] = string(s)
	return cmd
}

// JSONSupportOf returns what cmd declared; ok is false when it declared
// nothing.
func JSONSupportOf(cmd *cobra.Command) (s JSONSupport, ok bool) {
	v, ok := cmd.Annotations[jsonAnnotation]
	return JSONSupport(v), ok
}

// IgnoresJSON reports whether a command declaring s, run with args,
// printed its result as text although --json was asked for.
func (s JSONSupport) IgnoresJSON(args []string) bool {
	return s == NoJSONOutput || s == JSONOutputWithoutArgs && len(args) > 0
}
