// Package profile implements `gonpm profile`: read and change the account
// profile on the registry, and turn two-factor authentication on, off or to
// another mode.
package profile

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/jsonobject"
	"github.com/gonpm/gonpm/internal/registry"
	"github.com/spf13/cobra"
)

// Deps are the dependencies every profile command takes from the factory.
type Deps = cmdutil.AccountDeps

func newDeps(f *cmdutil.Factory) Deps { return cmdutil.NewAccountDeps(f) }

// session is what a profile command works with once its dependencies are
// evaluated.
type session = cmdutil.Account

// userPath is the profile endpoint.
const userPath = "-/npm/v1/user"

// NewCmdProfile builds `gonpm profile`.
func NewCmdProfile(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "profile <get|set|enable-2fa|disable-2fa>",
		Short: "Change settings on your registry profile",
		Long: `Read and change your profile on the registry, and manage two-factor
authentication.

  gonpm profile get [<key>...]
  gonpm profile set <key> <value>
  gonpm profile set password
  gonpm profile enable-2fa [auth-only|auth-and-writes]
  gonpm profile disable-2fa

Settable keys: email, fullname, homepage, freenode, twitter, github, and
password (asked for, never taken from the command line).

enable-2fa shows a QR code and a secret for your authenticator app, asks for
a code from it, and prints recovery codes: keep them somewhere safe. It needs
a terminal.`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return cmdutil.FlagErrorf("missing subcommand: gonpm profile <get|set|enable-2fa|disable-2fa>")
			}
			return cmdutil.FlagErrorf("unknown profile command %q: use get, set, enable-2fa or disable-2fa", args[0])
		},
	}
	cmd.AddCommand(
		NewCmdGet(f, nil),
		NewCmdSet(f, nil),
		NewCmdEnable2FA(f, nil),
		NewCmdDisable2FA(f, nil),
	)
	return cmdutil.DeclareJSON(cmd, cmdutil.NoJSONOutput)
}

// fetchProfile reads the logged-in user's profile, keeping the order of
// its fields.
func fetchProfile(ctx context.Context, s *session) (*jsonobject.Object, error) {
	resp, err := s.Client.Do(ctx, &registry.Request{Method: http.MethodGet, Path: userPath, Registry: s.Registry})
	if err != nil {
		return nil, fmt.Errorf("could not read your profile: %w", err)
	}
	obj, err := jsonobject.Parse(resp.Body)
	if err != nil {
		return nil, registry.BadReply(resp.URL, resp.Body, err)
	}
	return obj, nil
}

// postProfile sends a change of the profile. noOTP keeps the request out
// of the two-factor layer, for the steps npm does not answer challenges on.
func postProfile(ctx context.Context, s *session, body any, noOTP bool) (*jsonobject.Object, error) {
	resp, err := s.Client.Do(ctx, &registry.Request{Method: http.MethodPost, Path: userPath, Registry: s.Registry, JSON: body, NoOTP: noOTP})
	if err != nil {
		return nil, err
	}
	if resp.Cut != nil {
		return nil, fmt.Errorf("the registry took the change but its reply was cut off; check the result with `gonpm profile get`: %w", resp.Cut)
	}
	obj, err := jsonobject.Parse(resp.Body)
	if err != nil {
		return nil, registry.BadReply(resp.URL, resp.Body, err)
	}
	return obj, nil
}

// tfaState is the two-factor part of a profile.
type tfaState struct {
	Mode    string `json:"mode"`
	Pending bool   `json:"pending"`
}

// twoFactor reads the profile's tfa field: nil when off (false, null,
// absent), else its mode and whether enrolment is unfinished.
func twoFactor(profile *jsonobject.Object) *tfaState {
	raw := profile.Get("tfa")
	if !jsonobject.Truthy(raw) {
		return nil
	}
	var st tfaState
	if err := json.Unmarshal(raw, &st); err != nil {
		return nil
	}
	return &st
}

// enabled reports whether 2FA is on (set and not pending).
func (s *tfaState) enabled() bool { return s != nil && !s.Pending }

// askPassword asks for the account password, masked, until one is given.
func askPassword(s *session, prompt string) (string, error) {
	for {
		pw, err := s.Prompter.Password(prompt)
		if err != nil {
			return "", err
		}
		if pw != "" {
			s.Secrets.Add(pw)
			return pw, nil
		}
	}
}

// incorrectPassword recognises the registry refusing the password.
func incorrectPassword(err error) bool {
	var he *registry.HTTPError
	if !errors.As(err, &he) || he.StatusCode != http.StatusUnauthorized {
		return false
	}
	return strings.Contains(strings.ToLower(he.Message), "password")
}

// explained is the error for a registry refusal whose cause the command
// already names (a wrong password, a wrong code): the registry's own
// words are kept, but the error no longer unwraps to the HTTP error, so
// the generic hint gonpm adds to HTTP errors ("check your token…") cannot
// point the wrong way.
func explained(msg string, err error) error {
	var he *registry.HTTPError
	if !errors.As(err, &he) {
		return fmt.Errorf("%s: %w", msg, err)
	}
	if he.Message != "" {
		return fmt.Errorf("%s (the registry said: %s)", msg, he.Message)
	}
	return fmt.Errorf("%s (the registry answered %d %s)", msg, he.StatusCode, http.StatusText(he.StatusCode))
}
