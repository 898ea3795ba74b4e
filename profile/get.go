package profile

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/jsonobject"
	"github.com/gonpm/gonpm/internal/termsafe"
	"github.com/spf13/cobra"
)

// knownKeys are the fields npm prints first, in its order.
var knownKeys = []string{"name", "email", "two-factor auth", "fullname", "homepage", "freenode", "twitter", "github", "created", "updated"}

const tfaKey = "two-factor auth"

// GetOptions is what `gonpm profile get` works with.
type GetOptions struct {
	Deps

	// Keys are the fields to print ("a,b" and "a b" alike); none means all.
	Keys []string
}

// NewCmdGet builds `gonpm profile get`.
func NewCmdGet(f *cmdutil.Factory, runF func(*GetOptions) error) *cobra.Command {
	opts := &GetOptions{Deps: newDeps(f)}
	return cmdutil.DeclareJSON(&cobra.Command{
		Use:   "get [<key>...]",
		Short: "Show your profile, or some of its fields",
		Args:  cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Keys = args
			if runF != nil {
				return runF(opts)
			}
			return getRun(cmd.Context(), opts)
		},
	}, cmdutil.JSONOutput)
}

func getRun(ctx context.Context, opts *GetOptions) error {
	s, err := opts.Account()
	if err != nil {
		return err
	}
	profile, err := fetchProfile(ctx, s)
	if err != nil {
		return err
	}
	return writeProfile(s, opts.Keys, profile)
}

// writeProfile prints a profile, or the fields keys of it, in npm's
// formats.
func writeProfile(s *session, keys []string, profile *jsonobject.Object) error {
	if !jsonobject.Truthy(profile.Get("cidr_whitelist")) {
		profile.Delete("cidr_whitelist")
	}
	out := s.IO.Out
	if s.JSON {
		data, err := jsonobject.Indent(profile)
		if err != nil {
			return err
		}
		fmt.Fprintln(out, string(data))
		return nil
	}
	shown, values := displayFields(profile)
	if len(keys) > 0 {
		var picked []string
		for _, arg := range strings.Split(strings.Join(keys, ","), ",") {
			if strings.TrimSpace(arg) != "" {
				picked = append(picked, termsafe.Line(values[arg]))
			}
		}
		fmt.Fprintln(out, strings.Join(picked, "\t"))
		return nil
	}
	if s.Parseable {
		for _, k := range profile.Keys() {
			v := jsonobject.JSString(profile.Get(k))
			if k == "tfa" {
				v = values[tfaKey]
			}
			fmt.Fprintf(out, "%s\t%s\n", termsafe.Line(k), termsafe.Line(v))
		}
		return nil
	}
	for _, k := range shown {
		fmt.Fprintf(out, "%s: %s\n", termsafe.Line(k), termsafe.Line(values[k]))
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
