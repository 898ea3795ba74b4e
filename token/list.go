package token

import (
	"context"
	"fmt"
	"strings"

	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/jsonobject"
	"github.com/gonpm/gonpm/internal/termsafe"
	"github.com/spf13/cobra"
)

// ListOptions is what `gonpm token list` works with.
type ListOptions struct {
	Deps
}

// NewCmdList builds `gonpm token list`.
func NewCmdList(f *cmdutil.Factory, runF func(*ListOptions) error) *cobra.Command {
	opts := &ListOptions{Deps: newDeps(f)}
	return cmdutil.DeclareJSON(&cobra.Command{
		Use:     "list",
		Aliases: []string{"ls"},
		Short:   "List your tokens",
		Args:    cmdutil.ExactArgs(0, "usage: gonpm token list (takes no arguments)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return listRun(cmd.Context(), opts)
		},
	}, cmdutil.JSONOutput)
}

func listRun(ctx context.Context, opts *ListOptions) error {
	s, err := opts.Account()
	if err != nil {
		return err
	}
	return listTokens(ctx, s)
}

// listTokens prints the account's tokens.
func listTokens(ctx context.Context, s *session) error {
	tokens, err := fetchAll(ctx, s)
	if err != nil {
		return err
	}
	return writeList(s, tokens)
}

// writeList prints tokens in npm 11's formats.
func writeList(s *session, tokens []*listed) error {
	out := s.IO.Out
	if s.JSON {
		objs := make([]*jsonobject.Object, len(tokens))
		for i, t := range tokens {
			t.Raw.Set("id", jsonobject.Raw(t.ID))
			objs[i] = t.Raw
		}
		data, err := jsonobject.Indent(objs)
		if err != nil {
			return err
		}
		fmt.Fprintln(out, string(data))
		return nil
	}
	if s.Parseable {
		fmt.Fprintln(out, strings.Join([]string{"key", "token", "id", "name", "created", "readonly", "CIDR whitelist"}, "\t"))
		for _, t := range tokens {
			readonly := "false"
			if jsonobject.Truthy(t.Raw.Get("readonly")) {
				readonly = "true"
			}
			cidr := ""
			if jsonobject.Truthy(t.Raw.Get("cidr_whitelist")) {
				cidr = jsonobject.JSString(t.Raw.Get("cidr_whitelist"))
			}
			fmt.Fprintln(out, strings.Join([]string{
				termsafe.Line(field(t.Raw, "key")), termsafe.Line(field(t.Raw, "token")), termsafe.Line(t.ID), termsafe.Line(field(t.Raw, "name")),
				termsafe.Line(field(t.Raw, "created")), readonly, termsafe.Line(cidr),
			}, "\t"))
		}
		return nil
	}
	for _, t := range tokens {
		// The date part of the timestamp, cut by characters, not bytes.
		created := jsonobject.JSString(t.Raw.Get("created"))
		if r := []rune(created); len(r) > 10 {
			created = string(r[:10])
		}
		fmt.Fprintf(out, "Token %s… with id %s name %s created %s\n",
			termsafe.Line(jsonobject.JSString(t.Raw.Get("token"))), termsafe.Line(t.ID), termsafe.Line(jsonobject.JSString(t.Raw.Get("name"))), termsafe.Line(created))
		if cidr := t.Raw.Get("cidr_whitelist"); jsonobject.Truthy(cidr) {
			fmt.Fprintf(out, "with IP whitelist: %s\n", termsafe.Line(jsonobject.JSString(cidr)))
		}
		fmt.Fprintln(out)
	}
	return nil
}

// field is a value as JavaScript's Array.join prints it: null and absent
// values are empty.
func field(obj *jsonobject.Object, key string) string {
	raw := obj.Get(key)
	if raw == nil || string(raw) == "null" {
		return ""
	}
	return jsonobject.JSString(raw)
}
