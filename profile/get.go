package profile

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/gonpm/gonpm/internal/jsonobject"
)

// knownKeys are the fields npm prints first, in its order.
var knownKeys = []string{"name", "email", "two-factor auth", "fullname", "homepage", "freenode", "twitter", "github", "created", "updated"}

const tfaKey = "two-factor auth"

func runGet(ctx context.Context, opts *Options) error {
	profile, err := fetchProfile(ctx, opts)
	if err != nil {
		return err
	}
	return writeProfile(opts, profile)
}

// writeProfile prints a profile in npm's formats.
func writeProfile(opts *Options, profile *jsonobject.Object) error {
	if !jsonobject.Truthy(profile.Get("cidr_whitelist")) {
		profile.Delete("cidr_whitelist")
	}
	out := opts.IO.Out
	if opts.JSON {
		data, err := jsonobject.Indent(profile)
		if err != nil {
			return err
		}
		fmt.Fprintln(out, string(data))
		return nil
	}
	keys, values := displayFields(profile)
	if len(opts.Args) > 0 {
		var picked []string
		for _, arg := range strings.Split(strings.Join(opts.Args, ","), ",") {
			if strings.TrimSpace(arg) != "" {
				picked = append(picked, values[arg])
			}
		}
		fmt.Fprintln(out, strings.Join(picked, "\t"))
		return nil
	}
	if opts.Parseable {
		for _, k := range profile.Keys() {
			v := jsonobject.JSString(profile.Get(k))
			if k == "tfa" {
				v = values[tfaKey]
			}
			fmt.Fprintf(out, "%s\t%s\n", k, v)
		}
		return nil
	}
	for _, k := range keys {
		fmt.Fprintf(out, "%s: %s\n", k, values[k])
	}
	return nil
}

// displayFields are the lines of npm's default view: the known fields in
// their order, then whatever else the registry sent; empty values print
// as nothing, the email carries its verification, and tfa becomes the
// two-factor mode.
func displayFields(profile *jsonobject.Object) ([]string, map[string]string) {
	values := map[string]string{}
	keys := append([]string(nil), knownKeys...)
	for _, k := range profile.Keys() {
		if slices.Contains(knownKeys, k) || k == "tfa" || k == "email_verified" {
			continue
		}
		keys = append(keys, k)
	}
	for _, k := range keys {
		if raw := profile.Get(k); jsonobject.Truthy(raw) {
			values[k] = jsonobject.JSString(raw)
		}
	}
	if jsonobject.Truthy(profile.Get("email_verified")) {
		values["email"] += " (verified)"
	} else {
		values["email"] += "(unverified)"
	}
	values[tfaKey] = "disabled"
	if st := twoFactor(profile); st.enabled() {
		values[tfaKey] = st.Mode
	}
	return keys, values
}
