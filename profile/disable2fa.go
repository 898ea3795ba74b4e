package profile

import (
	"context"
	"fmt"

	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/spf13/cobra"
)

// Disable2FAOptions is what `gonpm profile disable-2fa` works with.
type Disable2FAOptions struct {
	Deps
}

// NewCmdDisable2FA builds `gonpm profile disable-2fa`.
func NewCmdDisable2FA(f *cmdutil.Factory, runF func(*Disable2FAOptions) error) *cobra.Command {
	opts := &Disable2FAOptions{Deps: newDeps(f)}
	return cmdutil.DeclareJSON(&cobra.Command{
		Use:     "disable-2fa",
		Aliases: []string{"disable-tfa", "disable2fa", "disabletfa"},
		Short:   "Turn off two-factor authentication",
		Args:    cmdutil.ExactArgs(0, "usage: gonpm profile disable-2fa (takes no arguments)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return disable2FARun(cmd.Context(), opts)
		},
	}, cmdutil.JSONOutput)
}

func disable2FARun(ctx context.Context, opts *Disable2FAOptions) error {
	s, err := opts.Account()
	if err != nil {
		return err
	}
	profile, err := fetchProfile(ctx, s)
	if err != nil {
		return err
	}
	if !twoFactor(profile).enabled() {
		fmt.Fprintln(s.IO.Out, "Two factor authentication not enabled.")
		return nil
	}
	password, err := askPassword(s, "Password: ")
	if err != nil {
		return err
	}
	s.Logger.Infof("profile disabling tfa")
	if _, err := postProfile(ctx, s, map[string]any{"tfa": map[string]string{"password": password, "mode": "disable"}}, false); err != nil {
		return passwordOr(err, "could not disable two-factor authentication")
	}
	switch {
	case s.JSON:
		fmt.Fprintln(s.IO.Out, "{\n  \"tfa\": false\n}")
	case s.Parseable:
		fmt.Fprintln(s.IO.Out, "tfa\tfalse")
	default:
		fmt.Fprintln(s.IO.Out, "Two factor authentication disabled.")
	}
	return nil
}
