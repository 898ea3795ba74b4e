package profile

import (
	"context"
	"fmt"

	"github.com/gonpm/gonpm/internal/cmdutil"
)

func runDisable2FA(ctx context.Context, opts *Options) error {
	if len(opts.Args) > 0 {
		return cmdutil.FlagErrorf("usage: gonpm profile disable-2fa (takes no arguments)")
	}
	profile, err := fetchProfile(ctx, opts)
	if err != nil {
		return err
	}
	if !twoFactor(profile).enabled() {
		fmt.Fprintln(opts.IO.Out, "Two factor authentication not enabled.")
		return nil
	}
	password, err := askPassword(opts, "Password: ")
	if err != nil {
		return err
	}
	opts.Logger.Infof("profile disabling tfa")
	if _, err := postProfile(ctx, opts, map[string]any{"tfa": map[string]string{"password": password, "mode": "disable"}}, false); err != nil {
		return passwordOr(err, "could not disable two-factor authentication")
	}
	switch {
	case opts.JSON:
		fmt.Fprintln(opts.IO.Out, "{\n  \"tfa\": false\n}")
	case opts.Parseable:
		fmt.Fprintln(opts.IO.Out, "tfa\tfalse")
	default:
		fmt.Fprintln(opts.IO.Out, "Two factor authentication disabled.")
	}
	return nil
}
