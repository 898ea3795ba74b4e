package token

import (
	"context"
	"fmt"
	"strings"

	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/jsonobject"
)

func runList(ctx context.Context, opts *Options) error {
	if len(opts.Args) > 0 {
		return cmdutil.FlagErrorf("usage: gonpm token list (takes no arguments)")
	}
	tokens, err := fetchAll(ctx, opts)
	if err != nil {
		return err
	}
	return writeList(opts, tokens)
}

// writeList prints tokens in npm 11's formats.
func writeList(opts *Options, tokens []*listed) error {
	out := opts.IO.Out
	if opts.JSON {
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
	if opts.Parseable {
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
				field(t.Raw, "key"), field(t.Raw, "token"), t.ID, field(t.Raw, "name"),
				field(t.Raw, "created"), readonly, cidr,
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
			jsonobject.JSString(t.Raw.Get("token")), t.ID, jsonobject.JSString(t.Raw.Get("name")), created)
		if cidr := t.Raw.Get("cidr_whitelist"); jsonobject.Truthy(cidr) {
			fmt.Fprintf(out, "with IP whitelist: %s\n", jsonobject.JSString(cidr))
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
