package token

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/jsonobject"
	"github.com/gonpm/gonpm/internal/registry"
	"github.com/gonpm/gonpm/internal/termsafe"
	"github.com/spf13/cobra"
)

// RevokeOptions is what `gonpm token revoke` works with.
type RevokeOptions struct {
	Deps

	// Refs are token ids (as listed, or their start) or token values.
	Refs []string
}

// NewCmdRevoke builds `gonpm token revoke`.
func NewCmdRevoke(f *cmdutil.Factory, runF func(*RevokeOptions) error) *cobra.Command {
	opts := &RevokeOptions{Deps: newDeps(f)}
	return cmdutil.DeclareJSON(&cobra.Command{
		Use:     "revoke <id|token>...",
		Aliases: []string{"rm", "delete", "remove"},
		Short:   "Revoke tokens by id (as listed) or value",
		Args:    cmdutil.MinimumArgs(1, "`<tokenKey>` argument is required: gonpm token revoke <id|token>..."),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Refs = args
			if runF != nil {
				return runF(opts)
			}
			return revokeRun(cmd.Context(), opts)
		},
	}, cmdutil.JSONOutput)
}

func revokeRun(ctx context.Context, opts *RevokeOptions) error {
	s, err := opts.Account()
	if err != nil {
		return err
	}
	return revokeTokens(ctx, s, opts.Refs)
}

// revokeTokens revokes the tokens refs name, all or none: every ref is
// resolved before the first revocation.
func revokeTokens(ctx context.Context, s *session, refs []string) error {
	tokens, err := fetchAll(ctx, s)
	if err != nil {
		return err
	}
	var toRemove []string
	for _, arg := range refs {
		ref, err := resolve(tokens, arg)
		if err != nil {
			return err
		}
		if ref == arg && !isKey(tokens, arg) {
			// A token's value: a secret.
			s.Secrets.Add(arg)
		}
		toRemove = append(toRemove, ref)
	}
	for i, ref := range toRemove {
		_, err := s.Client.Do(ctx, &registry.Request{Method: http.MethodDelete, Path: tokensPath + "/token/" + ref, Registry: s.Registry})
		if err != nil && !(registry.IsNotFound(err) && revoked(ctx, s, ref)) {
			return fmt.Errorf("could not revoke token %s (%d of %d revoked before it): %w", shortRef(ref), i, len(toRemove), err)
		}
	}
	switch {
	case s.JSON:
		data, err := jsonobject.Indent(toRemove)
		if err != nil {
			return err
		}
		fmt.Fprintln(s.IO.Out, string(data))
	case s.Parseable:
		fmt.Fprintln(s.IO.Out, strings.Join(safeFields(toRemove), "\t"))
	default:
		plural := "s"
		if len(toRemove) == 1 {
			plural = ""
		}
		fmt.Fprintf(s.IO.Out, "Removed %d token%s\n", len(toRemove), plural)
	}
	return nil
}

// revoked reports whether ref is no longer listed. A revocation whose
// answer was lost is retried by the client and then meets a 404: the
// token is gone all the same.
func revoked(ctx context.Context, s *session, ref string) bool {
	tokens, err := fetchAll(ctx, s)
	if err != nil {
		return false
	}
	_, err = resolve(tokens, ref)
	return err != nil
}

// resolve maps an argument to what the DELETE is sent for: the key of the
// one token whose key starts with it, or the argument itself when it is a
// token's value (it starts with a listed token's visible part).
func resolve(tokens []*listed, arg string) (string, error) {
	if arg == "" {
		// Every key starts with "": npm would revoke a lone token.
		return "", cmdutil.FlagErrorf("an empty token id names no token: see `gonpm token list`")
	}
	var matches []*listed
	for _, t := range tokens {
		if t.Key == arg {
			// A whole key names its token even when it is also the
			// start of a longer key (npm calls that ambiguous).
			return t.Key, nil
		}
	}
	for _, t := range tokens {
		if strings.HasPrefix(t.Key, arg) {
			matches = append(matches, t)
		}
	}
	switch {
	case len(matches) == 1:
		return matches[0].Key, nil
	case len(matches) > 1:
		return "", fmt.Errorf("token id %q is ambiguous: a new token may have been created since you last ran `gonpm token list`; give more characters of the id", arg)
	}
	for _, t := range tokens {
		if t.Token != "" && strings.HasPrefix(arg, t.Token) {
			return arg, nil
		}
	}
	return "", fmt.Errorf("unknown token id or value %q: see `gonpm token list`", shortRef(arg))
}

func isKey(tokens []*listed, ref string) bool {
	for _, t := range tokens {
		if t.Key == ref {
			return true
		}
	}
	return false
}

// shortRef shows enough of an id or token to recognise it, never a whole
// token value.
func shortRef(ref string) string {
	if r := []rune(ref); len(r) > 12 {
		return string(r[:12]) + "…"
	}
	return ref
}

// safeFields escapes each field a registry sent for the terminal, so none
// can add a tab or a line of its own.
func safeFields(fields []string) []string {
	out := make([]string, len(fields))
	for i, f := range fields {
		out[i] = termsafe.Line(f)
	}
	return out
}
