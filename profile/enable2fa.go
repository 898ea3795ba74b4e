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
	"github.com/gonpm/gonpm/otpprompt"
)

// Two-factor modes.
const (
	modeAuthOnly      = "auth-only"
	modeAuthAndWrites = "auth-and-writes"
)

// totpCode is what an authenticator app shows: digits, maybe spaced.
var totpCode = regexp.MustCompile(`^[0-9 ]+$`)

func runEnable2FA(ctx context.Context, opts *Options) error {
	if len(opts.Args) > 1 {
		return cmdutil.FlagErrorf("usage: gonpm profile enable-2fa [auth-and-writes|auth-only]")
	}
	mode := modeAuthAndWrites
	if len(opts.Args) == 1 {
		mode = opts.Args[0]
	}
	if mode != modeAuthOnly && mode != modeAuthAndWrites {
		return cmdutil.FlagErrorf("invalid two-factor authentication mode %q: use auth-only (codes only when logging in) or auth-and-writes (also when publishing and changing packages)", mode)
	}
	if opts.JSON || opts.Parseable {
		format := "JSON"
		if !opts.JSON {
			format = "parseable"
		}
		return cmdutil.FlagErrorf("enabling two-factor authentication is interactive: %s output is not available", format)
	}
	if !opts.IO.CanPrompt() {
		return errors.New("enabling two-factor authentication needs a terminal: it shows a QR code and asks for your password and a code from your authenticator app; run it in an interactive shell")
	}
	auth := opts.Config.AuthFor(opts.Registry, opts.Registry)
	if auth == nil || (auth.Token == "" && auth.Basic == "") {
		return &registry.NeedAuthError{Registry: opts.Registry}
	}

	profile, err := fetchProfile(ctx, opts)
	if err != nil {
		return err
	}
	before := twoFactor(profile)
	if before.enabled() && before.Mode == mode {
		fmt.Fprintf(opts.IO.Out, "Two factor authentication is already enabled and set to %s\n", mode)
		return nil
	}
	if auth.Token == "" {
		if err := upgradeToToken(ctx, opts, auth); err != nil {
			return err
		}
	}

	opts.Logger.Noticef("profile Enabling two factor authentication for %s", mode)
	password, err := askPassword(opts, "Password: ")
	if err != nil {
		return err
	}
	if before != nil && before.Pending {
		fmt.Fprintln(opts.IO.ErrOut, "Cancelling the unfinished two-factor set-up from before...")
		_, err := postProfile(ctx, opts, map[string]any{"tfa": map[string]string{"password": password, "mode": "disable"}}, true)
		if err != nil {
			return passwordOr(err, "could not cancel the unfinished two-factor set-up")
		}
	}

	reply, err := postProfile(ctx, opts, map[string]any{"tfa": map[string]string{"mode": mode, "password": password}}, false)
	if err != nil {
		if !before.enabled() && registry.IsStatus(err, http.StatusForbidden) {
			return enrolmentRefused(err)
		}
		return passwordOr(err, "could not enable two-factor authentication")
	}
	tfa := reply.Get("tfa")
	if modeChanged(tfa, before) {
		fmt.Fprintf(opts.IO.Out, "Two factor authentication mode changed to: %s\n", mode)
		return nil
	}
	var otpauth string
	if json.Unmarshal(tfa, &otpauth) != nil || !strings.HasPrefix(otpauth, "otpauth://") {
		return fmt.Errorf("two-factor authentication was not enabled: the registry should have sent an otpauth:// URL to enrol with, but sent %s; it may not support authenticator apps: set up two-factor authentication on the registry's website", describe(tfa))
	}
	opts.Secrets.Add(otpauth)
	enrol, err := parseOTPAuth(otpauth)
	if err != nil {
		return err
	}
	opts.Secrets.Add(enrol.Secret)
	showEnrolment(opts.IO.ErrOut, enrol)

	code, err := askTOTP(opts)
	if err != nil {
		return err
	}
	final, err := postProfile(ctx, opts, map[string]any{"tfa": []string{code}}, true)
	if err != nil {
		return explained("two-factor authentication was not enabled: the registry did not accept the code; check the authenticator's clock and run `gonpm profile enable-2fa` again to start over", err)
	}
	var recovery []string
	if json.Unmarshal(final.Get("tfa"), &recovery) != nil {
		return fmt.Errorf("the registry confirmed two-factor authentication but sent no recovery codes (got %s); check `gonpm profile get`", describe(final.Get("tfa")))
	}
	opts.Secrets.Add(recovery...)
	showRecoveryCodes(opts, recovery)
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
func upgradeToToken(ctx context.Context, opts *Options, auth *config.Auth) error {
	password := auth.Password
	if password == "" {
		if raw, err := base64.StdEncoding.DecodeString(auth.Basic); err == nil {
			_, password, _ = strings.Cut(string(raw), ":")
		}
	}
	opts.Secrets.Add(password)
	opts.Logger.Infof("profile Updating authentication to bearer token")
	var reply struct {
		Token string `json:"token"`
	}
	err := opts.Client.DoJSON(ctx, &registry.Request{
		Method:   http.MethodPost,
		Path:     "-/npm/v1/tokens",
		Registry: opts.Registry,
		JSON:     map[string]any{"password": password, "readonly": false, "cidr_whitelist": []string{}},
	}, &reply)
	if err != nil {
		return fmt.Errorf("could not replace your password login with a token, which two-factor authentication needs: %w", err)
	}
	if reply.Token == "" {
		return fmt.Errorf("your registry %s does not seem to support bearer tokens, which two-factor authentication needs", opts.Registry)
	}
	opts.Secrets.Add(reply.Token)
	if err := opts.Config.DeleteCredentials(config.LayerUser, opts.Registry); err != nil {
		return fmt.Errorf("saving the new token: %w", err)
	}
	if err := opts.Config.SetCredential(config.LayerUser, opts.Registry, "_authToken", reply.Token); err != nil {
		return fmt.Errorf("saving the new token: %w", err)
	}
	fmt.Fprintln(opts.IO.ErrOut, "Your password login was replaced by a token in your user config.")
	return nil
}

// showEnrolment draws what the authenticator app needs: the QR code, and
// the same as text for typing in by hand.
func showEnrolment(w io.Writer, e *enrolment) {
	fmt.Fprintln(w, "Scan this QR code with your authenticator app:")
	otpprompt.WriteQR(w, e.URL)
	fmt.Fprintln(w, "Or add the account by hand:")
	if e.Issuer != "" {
		fmt.Fprintf(w, "  Issuer:  %s\n", e.Issuer)
	}
	fmt.Fprintf(w, "  Account: %s\n", e.Account)
	fmt.Fprintf(w, "  Secret:  %s\n", e.Secret)
	fmt.Fprintln(w)
}

// askTOTP asks for the authenticator's code, masked, until it looks
// like one.
func askTOTP(opts *Options) (string, error) {
	for {
		answer, err := opts.Prompter.Password("Code from your authenticator app: ")
		if err != nil {
			return "", err
		}
		code := strings.ReplaceAll(strings.TrimSpace(answer), " ", "")
		if code != "" && totpCode.MatchString(answer) {
			opts.Secrets.Add(code)
			return code, nil
		}
		fmt.Fprintln(opts.IO.ErrOut, "The code is the 6 digits your authenticator app shows for this account.")
	}
}

// showRecoveryCodes prints the recovery codes (data, on stdout) with the
// advice to keep them.
func showRecoveryCodes(opts *Options, codes []string) {
	out := opts.IO.Out
	fmt.Fprintln(out, "2FA successfully enabled. Below are your recovery codes, please print these out.")
	fmt.Fprintln(out, "You will need these to recover access to your account if you lose your authentication device.")
	for _, c := range codes {
		fmt.Fprintf(out, "\t%s\n", c)
	}
	fmt.Fprintln(opts.IO.ErrOut, "Store the recovery codes somewhere safe (a password manager or on paper): each one works once in place of a code from your authenticator app.")
}
