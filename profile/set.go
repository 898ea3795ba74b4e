package profile

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/jsonobject"
	"github.com/gonpm/gonpm/internal/termsafe"
	"github.com/spf13/cobra"
)

// writableKeys are the fields npm lets a user set, in the order npm sends
// them back.
var writableKeys = []string{"email", "password", "fullname", "homepage", "freenode", "twitter", "github"}

// errPasswordMismatch stops a password change before anything is sent.
var errPasswordMismatch = errors.New("the two new passwords do not match; your password was not changed")

// SetOptions is what `gonpm profile set` works with.
type SetOptions struct {
	Deps

	// Key is the field to set, lower case.
	Key string
	// Value is the new value (the words after the key, joined by spaces);
	// a password is asked for instead.
	Value string
}

// NewCmdSet builds `gonpm profile set`.
func NewCmdSet(f *cmdutil.Factory, runF func(*SetOptions) error) *cobra.Command {
	opts := &SetOptions{Deps: newDeps(f)}
	return cmdutil.DeclareJSON(&cobra.Command{
		Use:               "set <key> <value>",
		Short:             "Change a field of your profile (or your password)",
		Args:              setArgs,
		ValidArgsFunction: cmdutil.CompleteFirstArg(writableKeys...),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Key = setKey(args[0])
			opts.Value = strings.Join(args[1:], " ")
			if runF != nil {
				return runF(opts)
			}
			return setRun(cmd.Context(), opts)
		},
	}, cmdutil.JSONOutput)
}

// setKey is the field an argument names.
func setKey(arg string) string { return strings.ToLower(strings.TrimSpace(arg)) }

// setArgs takes a key and a value, or "password" alone: a password is
// never taken from the command line.
func setArgs(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return cmdutil.FlagErrorf("usage: gonpm profile set <key> <value>")
	}
	prop := setKey(args[0])
	hasValue := len(args) > 1
	if prop == "password" && hasValue {
		return cmdutil.FlagErrorf("gonpm profile set password takes no value: never put a password on the command line; it is asked for")
	}
	if prop != "password" && !hasValue {
		return cmdutil.FlagErrorf("usage: gonpm profile set <key> <value>")
	}
	if !slices.Contains(writableKeys, prop) {
		return cmdutil.FlagErrorf("%q is not a property we can set. Valid properties are: %s", prop, strings.Join(writableKeys, ", "))
	}
	return nil
}

func setRun(ctx context.Context, opts *SetOptions) error {
	s, err := opts.Account()
	if err != nil {
		return err
	}
	prop := opts.Key
	var value any = opts.Value
	if prop == "password" {
		change, err := askNewPassword(s)
		if err != nil {
			return err
		}
		value = change
	}

	current, err := fetchProfile(ctx, s)
	if err != nil {
		return err
	}
	body := &jsonobject.Object{}
	for _, k := range writableKeys {
		if current.Has(k) {
			body.Set(k, nullIfEmpty(current.Get(k)))
		}
	}
	body.Set(prop, nullIfEmpty(jsonobject.Raw(value)))

	result, err := postProfile(ctx, s, body, false)
	switch {
	case err != nil && prop == "password" && incorrectPassword(err):
		return explained("the current password is incorrect; your password was not changed", err)
	case err != nil:
		return fmt.Errorf("could not set %s: %w", prop, err)
	}
	return writeSetResult(s, prop, result)
}

// askNewPassword asks for the current password and the new one twice.
func askNewPassword(s *session) (map[string]string, error) {
	current, err := askPassword(s, "Current password: ")
	if err != nil {
		return nil, err
	}
	next, err := askPassword(s, "New password: ")
	if err != nil {
		return nil, err
	}
	again, err := askPassword(s, "Again: ")
	if err != nil {
		return nil, err
	}
	if next != again {
		return nil, errPasswordMismatch
	}
	return map[string]string{"old": current, "new": next}, nil
}

// nullIfEmpty sends an empty string as null, as npm does to clear a field.
func nullIfEmpty(raw []byte) []byte {
	if string(raw) == `""` {
		return []byte("null")
	}
	return raw
}

// writeSetResult prints the new value as the registry stored it.
func writeSetResult(s *session, prop string, result *jsonobject.Object) error {
	out := s.IO.Out
	raw := result.Get(prop)
	switch {
	case s.JSON:
		obj := &jsonobject.Object{}
		if raw != nil {
			obj.Set(prop, raw)
		}
		data, err := jsonobject.Indent(obj)
		if err != nil {
			return err
		}
		fmt.Fprintln(out, string(data))
	case s.Parseable:
		fmt.Fprintf(out, "%s\t%s\n", termsafe.Line(prop), termsafe.Line(jsonobject.JSString(raw)))
	case raw != nil && string(raw) != "null":
		fmt.Fprintf(out, "Set %s to %s\n", termsafe.Line(prop), termsafe.Line(jsonobject.JSString(raw)))
	default:
		fmt.Fprintf(out, "Set %s\n", termsafe.Line(prop))
	}
	return nil
}
