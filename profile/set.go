package profile

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/jsonobject"
)

// writableKeys are the fields npm lets a user set, in the order npm sends
// them back.
var writableKeys = []string{"email", "password", "fullname", "homepage", "freenode", "twitter", "github"}

// errPasswordMismatch stops a password change before anything is sent.
var errPasswordMismatch = errors.New("the two new passwords do not match; your password was not changed")

func runSet(ctx context.Context, opts *Options) error {
	if len(opts.Args) == 0 {
		return cmdutil.FlagErrorf("usage: gonpm profile set <key> <value>")
	}
	prop := strings.ToLower(strings.TrimSpace(opts.Args[0]))
	hasValue := len(opts.Args) > 1
	if prop == "password" && hasValue {
		return cmdutil.FlagErrorf("gonpm profile set password takes no value: never put a password on the command line; it is asked for")
	}
	if prop != "password" && !hasValue {
		return cmdutil.FlagErrorf("usage: gonpm profile set <key> <value>")
	}
	if !slices.Contains(writableKeys, prop) {
		return cmdutil.FlagErrorf("%q is not a property we can set. Valid properties are: %s", prop, strings.Join(writableKeys, ", "))
	}

	var value any = strings.Join(opts.Args[1:], " ")
	if prop == "password" {
		change, err := askNewPassword(opts)
		if err != nil {
			return err
		}
		value = change
	}

	current, err := fetchProfile(ctx, opts)
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

	result, err := postProfile(ctx, opts, body, false)
	switch {
	case err != nil && prop == "password" && incorrectPassword(err):
		return explained("the current password is incorrect; your password was not changed", err)
	case err != nil:
		return fmt.Errorf("could not set %s: %w", prop, err)
	}
	return writeSetResult(opts, prop, result)
}

// askNewPassword asks for the current password and the new one twice.
func askNewPassword(opts *Options) (map[string]string, error) {
	current, err := askPassword(opts, "Current password: ")
	if err != nil {
		return nil, err
	}
	next, err := askPassword(opts, "New password: ")
	if err != nil {
		return nil, err
	}
	again, err := askPassword(opts, "Again: ")
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
func writeSetResult(opts *Options, prop string, result *jsonobject.Object) error {
	out := opts.IO.Out
	raw := result.Get(prop)
	switch {
	case opts.JSON:
		obj := &jsonobject.Object{}
		if raw != nil {
			obj.Set(prop, raw)
		}
		data, err := jsonobject.Indent(obj)
		if err != nil {
			return err
		}
		fmt.Fprintln(out, string(data))
	case opts.Parseable:
		fmt.Fprintf(out, "%s\t%s\n", prop, jsonobject.JSString(raw))
	case raw != nil && string(raw) != "null":
		fmt.Fprintf(out, "Set %s to %s\n", prop, jsonobject.JSString(raw))
	default:
		fmt.Fprintf(out, "Set %s\n", prop)
	}
	return nil
}
