package cmd

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"

	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/exitcode"
	"github.com/gonpm/gonpm/internal/registry"
	"github.com/gonpm/gonpm/internal/termsafe"
	"github.com/spf13/cobra"
)

// exitCode is the one place where errors become exit statuses: an error
// that decides one says so with an ExitCode method (exitcode.Coder);
// cobra's own usage errors, which are untyped, exit 2.
func exitCode(err error) int {
	if code := exitcode.Of(err); code != exitcode.Error {
		return code
	}
	if isCobraUsage(err) {
		return exitcode.Usage
	}
	return exitcode.Error
}

// printError writes the error as one line (plus a usage hint for usage
// errors), with every known secret masked.
//
// With --json, jsonOut (stdout) also gets the error as npm's JSON object.
func printError(w, jsonOut io.Writer, f *cmdutil.Factory, err error, cmd *cobra.Command) {
	if errors.Is(err, cmdutil.ErrSilent) {
		return
	}
	if errors.Is(err, cmdutil.ErrCancel) {
		fmt.Fprintln(w, "gonpm: cancelled")
		return
	}
	summary, detail := oneLine(err.Error()), oneLine(strings.TrimPrefix(hint(err), ": "))
	msg := summary
	if detail != "" {
		msg += ": " + detail
	}
	if m := unexpectedArg().FindStringSubmatch(msg); m != nil && cmd != nil && cmd.HasParent() && !cmd.HasSubCommands() {
		// cobra calls a stray argument of a command without
		// subcommands an unknown command.
		msg = fmt.Sprintf("%s takes no arguments: remove %s", cmd.CommandPath(), m[1])
	}
	var flagErr *cmdutil.FlagError
	if errors.As(err, &flagErr) || isCobraUsage(err) {
		msg += " (" + usageHint(cmd) + ")"
	}
	// The message may quote a registry or a package: escape what a
	// terminal would act on.
	// Written plain: stderr's filter colours the label (setUpStderr).
	fmt.Fprintf(w, "gonpm error %s\n", termsafe.Line(f.Secrets.Mask(msg)))
	if jsonOut != nil {
		printJSONError(jsonOut, err, f.Secrets.Mask(summary), f.Secrets.Mask(detail))
	}
}

var unexpectedArg = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^unknown command ("[^"]*") for "[^"]*"$`) })

// hint adds the most likely fix for well-known registry answers.
func hint(err error) string {
	var httpErr *registry.HTTPError
	var explained *cmdutil.ExplainedError
	if errors.As(err, &explained) || !errors.As(err, &httpErr) {
		return ""
	}
	switch httpErr.StatusCode {
	case http.StatusUnauthorized:
		if httpErr.Credential != "" {
			return ": the registry refused the credential " + httpErr.Credential + "; it may be expired or revoked: run `gonpm login` to get a new one"
		}
		return ": you are not logged in to this registry; run `gonpm login`"
	case http.StatusForbidden:
		if registry.StageRequired(httpErr) {
			return ": " + registry.StageAdvice
		}
		if advice := registry.TwoFactorAdvice(httpErr); advice != "" {
			return ": " + advice
		}
		if registry.VersionTaken(httpErr) {
			// The credential was fine: the number is used up.
			return ": that version is already published or staged, and a version number can be used only once; bump the version in package.json"
		}
		if httpErr.Credential != "" {
			return ": the credential " + httpErr.Credential + " is not allowed to do this; check `gonpm whoami` and the package's owners, or use a token with write access"
		}
		return ": you do not have permission for this; you sent no credential, so run `gonpm login` first"
	case http.StatusNotFound:
		return ": not found on the registry; check the name and the registry URL"
	}
	if httpErr.StatusCode >= 500 {
		return ": the registry (or a proxy in front of it) failed; try again later"
	}
	return ""
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// isCobraUsage recognises cobra's own argument errors, which are not typed.
func isCobraUsage(err error) bool {
	msg := err.Error()
	for _, prefix := range []string{"unknown command", "unknown flag", "unknown shorthand flag", "accepts ", "requires at least", "requires at most", "invalid argument", "flag needs an argument"} {
		if strings.HasPrefix(msg, prefix) {
			return true
		}
	}
	return false
}
