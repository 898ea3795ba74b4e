package profile

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"

	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/jsonobject"
	"github.com/gonpm/gonpm/internal/registry"
	"github.com/gonpm/gonpm/internal/termsafe"
	"github.com/gonpm/gonpm/otpprompt"
	"github.com/spf13/cobra"
)

// Two-factor modes.
const (
	modeAuthOnly      = "auth-only"
	modeAuthAndWrites = "auth-and-writes"
)

// totpCode is what an authenticator app shows: digits, maybe spaced.
var totpCode = regexp.MustCompile(`^[0-9 ]+$`)

// Enable2FAOptions is what `gonpm profile enable-2fa` works with.
type Enable2FAOptions struct {
	Deps

	// Mode is auth-only or auth-and-writes.
	Mode string
}

// NewCmdEnable2FA builds `gonpm profile enable-2fa`.
func NewCmdEnable2FA(f *cmdutil.Factory, runF func(*Enable2FAOptions) error) *cobra.Command {
	opts := &Enable2FAOptions{Deps: newDeps(f)}
	return cmdutil.DeclareJSON(&cobra.Command{
		Use:     "enable-2fa [auth-only|auth-and-writes]",
		Aliases: []string{"enable-tfa", "enable2fa", "enabletfa"},
		Short:   "Turn on two-factor authentication, or change its mode",
		Args:    enable2FAArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Mode = modeAuthAndWrites
			if len(args) == 1 {
				opts.Mode = args[0]
			}
			if runF != nil {
				return runF(opts)
			}
			return enable2FARun(cmd.Context(), opts)
		},
	}, cmdutil.JSONRefused)
}

// enable2FAArgs takes at most one argument, a mode.
func enable2FAArgs(cmd *cobra.Command, args []string) error {
	if err := cmdutil.RangeArgs(0, 1, "usage: gonpm profile enable-2fa [auth-and-writes|auth-only]")(cmd, args); err != nil {
		return err
	}
	if len(args) == 1 && args[0] != modeAuthOnly && args[0] != modeAuthAndWrites {
		return cmdutil.FlagErrorf("invalid two-factor authentication mode %q: use auth-only (codes only when logging in) or auth-and-writes (also when publishing and changing packages)", args[0])
	}
	return nil
}

func enable2FARun(ctx context.Context, opts *Enable2FAOptions) error {
	s, err := opts.Account()
	if err != nil {
		return err
	}
	mode := opts.Mode
	if s.JSON || s.Parseable {
		format := "JSON"
		if !s.JSON {
			format = "parseable"
		}
		return cmdutil.FlagErrorf("enabling two-factor authentication is interactive: %s output is not available", format)
	}
	if !s.IO.CanPrompt() {
		return errors.New("enabling two-factor authentication needs a terminal: it shows a QR code and asks for your password and a code from your authenticator app; run it in an interactive shell")
	}
	auth := s.Config.AuthFor(s.Registry, s.Registry)
	if auth == nil || (auth.Token == "" && auth.Basic == "") {
		return &registry.NeedAuthError{Registry: s.Registry}
	}

	profile, err := fetchProfile(ctx, s)
	if err != nil {
		return err
	}
	before := twoFactor(profile)
	if before.enabled() && before.Mode == mode {
		fmt.Fprintf(s.IO.Out, "Two factor authentication is already enabled and set to %s\n", termsafe.Line(mode))
		return nil
	}
	if auth.Token == "" {
		if err := upgradeToToken(ctx, s, auth); err != nil {
			return err
		}
	}

	s.Logger.Noticef("profile Enabling two factor authentication for %s", mode)
	password, err := askPassword(s, "Password: ")
	if err != nil {
		return err
	}
	if before != nil && before.Pending {
		fmt.Fprintln(s.IO.ErrOut, "Cancelling the unfinished two-factor set-up from before...")
		_, err := postProfile(ctx, s, map[string]any{"tfa": map[string]string{"password": password, "mode": "disable"}}, true)
		if err != nil {
			return passwordOr(err, "could not cancel the unfinished two-factor set-up")
		}
	}

	reply, err := postProfile(ctx, s, map[string]any{"tfa": map[string]string{"mode": mode, "password": password}}, false)
	if err != nil {
		if !before.enabled() && registry.IsStatus(err, http.StatusForbidden) {
			return enrolmentRefused(err)
		}
		return passwordOr(err, "could not enable two-factor authentication")
	}
	tfa := reply.Get("tfa")
	if modeChanged(tfa, before) {
		fmt.Fprintf(s.IO.Out, "Two factor authentication mode changed to: %s\n", termsafe.Line(mode))
		return nil
	}
	var otpauth string
	if json.Unmarshal(tfa, &otpauth) != nil || !strings.HasPrefix(otpauth, "otpauth://") {
		return fmt.Errorf("two-factor authentication was not enabled: the registry should have sent an otpauth:// URL to enrol with, but sent %s; it may not support authenticator apps: set up two-factor authentication on the registry's website", describe(tfa))
	}
	s.Secrets.Add(otpauth)
	enrol, err := parseOTPAuth(otpauth)
	if err != nil {
		return err
	}
	s.Secrets.Add(enrol.Secret)
	showEnrolment(s.IO.ErrOut, enrol)

	code, err := askTOTP(s)
	if err != nil {
		return err
	}
	final, err := postProfile(ctx, s, map[string]any{"tfa": []string{code}}, true)
	if err != nil {
		return explained("two-factor authentication was not enabled: the registry did not accept the code; check the authenticator's clock and run `gonpm profile enable-2fa` again to start over", err)
	}
	var recovery []string
	if json.Unmarshal(final.Get("tfa"), &recovery) != nil {
		return fmt.Errorf("the registry confirmed two-factor authentication but sent no recovery codes (got %s); check `gonpm profile get`", describe(final.Get("tfa")))
	}
	s.Secrets.Add(recovery...)
	showRecoveryCodes(s, recovery)
	return nil
}

// modeChanged recognises the reply to a mode switch: npm 11's registry
// answers {tfa: {mode}}, older ones {tfa: null}.
func modeChanged(tfa json.RawMessage, before *tfaState) bool {
	var st tfaState
	if json.Unmarshal(tfa, &st) == nil && st.Mode != "" {
		return true
	}
	return before.enabled() && !jsonobject.Truthy(tfa)
}

// describe shows an unexpected reply value without risking a secret.
func describe(raw json.RawMessage) string {
	if len(raw) == 0 {
		return "nothing"
	}
	if s := string(raw); len(s) <= 60 && !strings.Contains(s, "otpauth") {
		return s
	}
	return "a value of " + fmt.Sprint(len(raw)) + " bytes"
}

// passwordOr turns the registry refusing the password into a clear error.
func passwordOr(err error, what string) error {
	if incorrectPassword(err) {
		return explained("incorrect password; nothing was changed", err)
	}
	return fmt.Errorf("%s: %w", what, err)
}

// enrolmentRefused explains a registry that no longer takes new
// authenticator apps (the public one wants security keys set up on its
// website since October 2025).
func enrolmentRefused(err error) error {
	return explained("the registry refused to set up an authenticator app; it may accept only security keys now: set up two-factor authentication with a security key on the registry's website", err)
}

// upgradeToToken swaps a password login for a token, as npm does: two
// factor authentication works with bearer tokens only.
func upgradeToToken(ctx context.Context, s *session, auth *config.Auth) error {
	password := auth.Password
	if password == "" {
		if raw, err := base64.StdEncoding.DecodeString(auth.Basic); err == nil {
			_, password, _ = strings.Cut(string(raw), ":")
		}
	}
	s.Secrets.Add(password)
	s.Logger.Infof("profile Updating authentication to bearer token")
	var reply struct {
		Token string `json:"token"`
	}
	err := s.Client.DoJSON(ctx, &registry.Request{
		Method:   http.MethodPost,
		Path:     "-/npm/v1/tokens",
		Registry: s.Registry,
		JSON:     map[string]any{"password": password, "readonly": false, "cidr_whitelist": []string{}},
	}, &reply)
	if err != nil {
		return fmt.Errorf("could not replace your password login with a token, which two-factor authentication needs: %w", err)
	}
	if reply.Token == "" {
		return fmt.Errorf("your registry %s does not seem to support bearer tokens, which two-factor authentication needs", s.Registry)
	}
	s.Secrets.Add(reply.Token)
	if err := s.Config.DeleteCredentials(config.LayerUser, s.Registry); err != nil {
		return fmt.Errorf("saving the new token: %w", err)
	}
	if err := s.Config.SetCredential(config.LayerUser, s.Registry, "_authToken", reply.Token); err != nil {
		return fmt.Errorf("saving the new token: %w", err)
	}
	fmt.Fprintln(s.IO.ErrOut, "Your password login was replaced by a token in your user config.")
	return nil
}

// showEnrolment draws what the authenticator app needs: the QR code, and
// the same as text for typing in by hand.
func showEnrolment(w io.Writer, e *enrolment) {
	fmt.Fprintln(w, "Scan this QR code with your authenticator app:")
	otpprompt.WriteQR(w, e.URL)
	fmt.Fprintln(w, "Or add the account by hand:")
	if e.Issuer != "" {
		fmt.Fprintf(w, "  Issuer:  %s\n", termsafe.Line(e.Issuer))
	}
	fmt.Fprintf(w, "  Account: %s\n", termsafe.Line(e.Account))
	fmt.Fprintf(w, "  Secret:  %s\n", termsafe.Line(e.Secret))
	fmt.Fprintln(w)
}

// askTOTP asks for the authenticator's code, masked, until it looks
// like one.
func askTOTP(s *session) (string, error) {
	for {
		answer, err := s.Prompter.Password("Code from your authenticator app: ")
		if err != nil {
			return "", err
		}
		code := strings.ReplaceAll(strings.TrimSpace(answer), " ", "")
		if code != "" && totpCode.MatchString(answer) {
			s.Secrets.Add(code)
			return code, nil
		}
		fmt.Fprintln(s.IO.ErrOut, "The code is the 6 digits your authenticator app shows for this account.")
	}
}

// showRecoveryCodes prints the recovery codes (data, on stdout) with the
// advice to keep them.
func showRecoveryCodes(s *session, codes []string) {
	out := s.IO.Out
	fmt.Fprintln(out, "2FA successfully enabled. Below are your recovery codes, please print these out.")
	fmt.Fprintln(out, "You will need these to recover access to your account if you lose your authentication device.")
	for _, c := range codes {
		fmt.Fprintf(out, "\t%s\n", termsafe.Line(c))
	}
	fmt.Fprintln(s.IO.ErrOut, "Store the recovery codes somewhere safe (a password manager or on paper): each one works once in place of a code from your authenticator app.")
}
