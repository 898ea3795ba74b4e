package token

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/jsonobject"
	"github.com/gonpm/gonpm/internal/registry"
)

func runRevoke(ctx context.Context, opts *Options) error {
	if len(opts.Args) == 0 {
		return cmdutil.FlagErrorf("`<tokenKey>` argument is required: gonpm token revoke <id|token>...")
	}
	tokens, err := fetchAll(ctx, opts)
	if err != nil {
		return err
	}
	var toRemove []string
	for _, arg := range opts.Args {
		ref, err := resolve(tokens, arg)
		if err != nil {
			return err
		}
		if ref == arg && !isKey(tokens, arg) {
			// A token's value: a secret.
			opts.Secrets.Add(arg)
		}
		toRemove = append(toRemove, ref)
	}
	for i, ref := range toRemove {
		_, err := opts.Client.Do(ctx, &registry.Request{Method: http.MethodDelete, Path: tokensPath + "/token/" + ref, Registry: opts.Registry})
		if err != nil && !(registry.IsNotFound(err) && revoked(ctx, opts, ref)) {
			return fmt.Errorf("could not revoke token %s (%d of %d revoked before it): %w", shortRef(ref), i, len(toRemove), err)
		}
	}
	switch {
	case opts.JSON:
		data, err := jsonobject.Indent(toRemove)
		if err != nil {
			return err
		}
		fmt.Fprintln(opts.IO.Out, string(data))
	case opts.Parseable:
		fmt.Fprintln(opts.IO.Out, strings.Join(toRemove, "\t"))
	default:
		plural := "s"
		if len(toRemove) == 1 {
			plural = ""
		}
		fmt.Fprintf(opts.IO.Out, "Removed %d token%s\n", len(toRemove), plural)
	}
	return nil
}

// revoked reports whether ref is no longer listed. A revocation whose
// answer was lost is retried by the client and then meets a 404: the
// token is gone all the same.
func revoked(ctx context.Context, opts *Options, ref string) bool {
	tokens, err := fetchAll(ctx, opts)
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
