package token

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/jsonobject"
	"github.com/gonpm/gonpm/internal/registry"
	"github.com/gonpm/gonpm/internal/termsafe"
	"github.com/spf13/cobra"
)

// CreateFlags are npm 11's options for granular access tokens.
type CreateFlags struct {
	Name               string
	Description        string
	Expires            string
	Packages           []string
	PackagesAll        bool
	Scopes             []string
	Orgs               []string
	PackagesPermission string
	OrgsPermission     string
	Bypass2FA          bool
	CIDR               []string
	Password           string
	ReadOnly           bool
}

func (c *CreateFlags) register(cmd *cobra.Command) {
	fs := cmd.Flags()
	fs.StringVar(&c.Name, "name", "", "a name for the token")
	fs.StringVar(&c.Description, "token-description", "", "a description of the token")
	fs.StringVar(&c.Expires, "expires", "", "days until the token expires")
	fs.StringArrayVar(&c.Packages, "packages", nil, "a package the token may access (repeatable)")
	fs.BoolVar(&c.PackagesAll, "packages-all", false, "let the token access all your packages")
	fs.StringArrayVar(&c.Scopes, "scopes", nil, "a scope the token may access (repeatable)")
	fs.StringArrayVar(&c.Orgs, "orgs", nil, "an organization the token may access (repeatable)")
	fs.StringVar(&c.PackagesPermission, "packages-and-scopes-permission", "", "read-only, read-write, read-write-stage-only (stage publish only) or no-access")
	fs.StringVar(&c.OrgsPermission, "orgs-permission", "", "read-only, read-write or no-access")
	fs.BoolVar(&c.Bypass2FA, "bypass-2fa", false, "let the token write without a one-time password")
	fs.StringArrayVar(&c.CIDR, "cidr", nil, "an IPv4 CIDR range the token may be used from (repeatable, or comma-separated)")
	fs.StringVar(&c.Password, "password", "", "your password (better: leave it out and type it at the prompt)")
	fs.BoolVar(&c.ReadOnly, "read-only", false, "accepted for npm compatibility; granular tokens use --packages-and-scopes-permission")
}

// permissions are the access levels a granular token may have.
var permissions = map[string]bool{"read-only": true, "read-write": true, "no-access": true}

// stageOnly is the packages permission of a token that may only stage.
const stageOnly = "read-write-stage-only"

var commaList = regexp.MustCompile(`,\s*`)

// CreateOptions is what `gonpm token create` works with.
type CreateOptions struct {
	Deps
	CreateFlags
}

// NewCmdCreate builds `gonpm token create`.
func NewCmdCreate(f *cmdutil.Factory, runF func(*CreateOptions) error) *cobra.Command {
	opts := &CreateOptions{Deps: newDeps(f)}
	cmd := &cobra.Command{
		Use:   "create",
		Short: "Create a token (printed once)",
		// cobra's own check: "gonpm token create takes no arguments:
		// remove <arg>", as before.
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return createRun(cmd.Context(), opts)
		},
	}
	opts.CreateFlags.register(cmd)
	return cmdutil.DeclareJSON(cmd, cmdutil.JSONOutput)
}

func createRun(ctx context.Context, opts *CreateOptions) error {
	s, err := opts.Account()
	if err != nil {
		return err
	}
	return createToken(ctx, s, opts.CreateFlags)
}

// createToken checks the flags, then asks for the password and creates
// the token.
func createToken(ctx context.Context, s *session, flags CreateFlags) error {
	cidrs, err := validateCIDRs(flags.CIDR)
	if err != nil {
		return err
	}
	// A stage-only token (the registry's "Read and write (stage only)",
	// which npm releases after 11.19 offer too) stages versions but
	// cannot publish them directly; it exists for packages and scopes only.
	if v := flags.PackagesPermission; v != "" && !permissions[v] && v != stageOnly {
		return cmdutil.FlagErrorf("invalid --packages-and-scopes-permission %q: use read-only, read-write, %s or no-access", v, stageOnly)
	}
	if v := flags.OrgsPermission; v != "" && !permissions[v] {
		return cmdutil.FlagErrorf("invalid --orgs-permission %q: use read-only, read-write or no-access", v)
	}
	var expires int
	if flags.Expires != "" {
		if expires, err = strconv.Atoi(flags.Expires); err != nil || expires <= 0 {
			return cmdutil.FlagErrorf("invalid --expires %q: give the number of days the token lasts", flags.Expires)
		}
	}

	password := flags.Password
	if password != "" {
		s.Logger.Warnf("token --password leaves your password in your shell history; leave it out to type it at a masked prompt")
	}
	if password == "" {
		if password, err = askPassword(s); err != nil {
			return err
		}
	}
	s.Secrets.Add(password)

	body := &jsonobject.Object{}
	if flags.Name != "" {
		body.Set("name", jsonobject.Raw(flags.Name))
	} else {
		body.Set("name", jsonobject.Raw(nil))
	}
	body.Set("password", jsonobject.Raw(password))
	setIf := func(ok bool, key string, v any) {
		if ok {
			body.Set(key, jsonobject.Raw(v))
		}
	}
	setIf(flags.Description != "", "description", flags.Description)
	setIf(len(flags.Packages) > 0, "packages", flags.Packages)
	setIf(flags.PackagesAll, "packages_all", true)
	setIf(len(flags.Scopes) > 0, "scopes", flags.Scopes)
	setIf(len(flags.Orgs) > 0, "orgs", flags.Orgs)
	setIf(flags.PackagesPermission != "", "packages_and_scopes_permission", flags.PackagesPermission)
	setIf(flags.OrgsPermission != "", "orgs_permission", flags.OrgsPermission)
	setIf(expires > 0, "expires", expires)
	setIf(len(cidrs) > 0, "cidr_whitelist", cidrs)
	setIf(flags.Bypass2FA, "bypass_2fa", true)

	resp, err := s.Client.Do(ctx, &registry.Request{Method: http.MethodPost, Path: tokensPath, Registry: s.Registry, JSON: body})
	if err != nil {
		if wrongPassword(err) {
			return fmt.Errorf("incorrect password; no token was created (the registry said: %s)", registryMessage(err))
		}
		return fmt.Errorf("could not create a token: %w", err)
	}
	if resp.Cut != nil {
		return fmt.Errorf("the registry created a token but its reply was cut off before the token arrived; find it with `gonpm token list`, revoke it, and create another: %w", resp.Cut)
	}
	result, err := jsonobject.Parse(resp.Body)
	if err != nil {
		return fmt.Errorf("the registry's reply to creating a token (%s) is not a JSON object: %w", resp.URL, err)
	}
	s.Secrets.Add(result.String("token"))
	return writeCreated(s, result)
}

// registryMessage is the registry's own words in err.
func registryMessage(err error) string {
	var he *registry.HTTPError
	if errors.As(err, &he) && he.Message != "" {
		return he.Message
	}
	return err.Error()
}

// wrongPassword recognises the registry refusing the password.
func wrongPassword(err error) bool {
	var he *registry.HTTPError
	return errors.As(err, &he) && he.StatusCode == http.StatusUnauthorized && strings.Contains(strings.ToLower(he.Message), "password")
}

// validateCIDRs checks the --cidr values as npm does: one value may be a
// comma-separated list; only IPv4 ranges are allowed.
func validateCIDRs(values []string) ([]string, error) {
	var list []string
	for _, v := range values {
		if v != "" {
			list = append(list, v)
		}
	}
	if len(list) == 1 {
		list = commaList.Split(list[0], -1)
	}
	for _, c := range list {
		ip, _, err := net.ParseCIDR(c)
		switch {
		case err == nil && (ip.To4() == nil || strings.Contains(c, ":")):
			return nil, cmdutil.FlagErrorf("CIDR whitelist can only contain IPv4 addresses, %s is IPv6", c)
		case err != nil:
			return nil, cmdutil.FlagErrorf("CIDR whitelist contains invalid CIDR entry: %s (use a range such as 192.168.1.0/24)", c)
		}
	}
	return list, nil
}

func askPassword(s *session) (string, error) {
	for {
		pw, err := s.Prompter.Password("Password: ")
		if err != nil {
			return "", err
		}
		if pw != "" {
			return pw, nil
		}
	}
}

// writeCreated prints the new token once, in npm 11's formats.
func writeCreated(s *session, result *jsonobject.Object) error {
	result.Delete("key")
	result.Delete("updated")
	out := s.IO.Out
	switch {
	case s.JSON:
		data, err := jsonobject.Indent(result)
		if err != nil {
			return err
		}
		fmt.Fprintln(out, string(data))
	case s.Parseable:
		for _, k := range result.Keys() {
			fmt.Fprintf(out, "%s\t%s\n", termsafe.Line(k), termsafe.Line(jsonobject.JSString(result.Get(k))))
		}
	default:
		fmt.Fprintf(out, "Created token %s\n", termsafe.Line(jsonobject.JSString(result.Get("token"))))
		var cidrs []string
		if json.Unmarshal(result.Get("cidr_whitelist"), &cidrs) == nil && len(cidrs) > 0 {
			fmt.Fprintf(out, "with IP whitelist: %s\n", termsafe.Line(strings.Join(cidrs, ",")))
		}
		if exp := result.Get("expires"); jsonobject.Truthy(exp) {
			fmt.Fprintf(out, "expires: %s\n", termsafe.Line(jsonobject.JSString(exp)))
		}
	}
	return nil
}
