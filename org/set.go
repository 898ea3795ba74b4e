package org

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/iostreams"
	"github.com/gonpm/gonpm/internal/jsonobject"
	"github.com/gonpm/gonpm/internal/registry"
	"github.com/gonpm/gonpm/internal/termsafe"
	"github.com/spf13/cobra"
)

// SetOptions is what `gonpm org set` works with.
type SetOptions struct {
	IO             *iostreams.IOStreams
	Config         func() (*config.Config, error)
	RegistryClient func() (*registry.Client, error)

	Org  string
	User string
	// Role is owner, admin or developer.
	Role string
}

const roleError = "Third argument `role` must be one of `owner`, `admin`, or `developer`, with `developer` being the default value if omitted."

// NewCmdSet builds `gonpm org set` (alias add).
func NewCmdSet(f *cmdutil.Factory, runF func(*SetOptions) error) *cobra.Command {
	opts := &SetOptions{IO: f.IOStreams, Config: f.Config, RegistryClient: f.RegistryClient}
	return cmdutil.DeclareJSON(&cobra.Command{
		Use:     "set <orgname> <username> [developer | admin | owner]",
		Aliases: []string{"add"},
		Short:   "Add a member to an org, or change their role",
		Args:    orgArgs(true, 3, "usage: gonpm org set <orgname> <username> [developer | admin | owner]"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Org, opts.User, opts.Role = args[0], args[1], "developer"
			if len(args) == 3 && args[2] != "" {
				opts.Role = args[2]
			}
			switch opts.Role {
			case "owner", "admin", "developer":
			default:
				return cmdutil.FlagErrorf("%s", roleError)
			}
			if runF != nil {
				return runF(opts)
			}
			return setRun(cmd.Context(), opts)
		},
	}, cmdutil.JSONOutput)
}

func setRun(ctx context.Context, opts *SetOptions) error {
	cfg, client, err := cmdutil.ConfigAndClient(opts.Config, opts.RegistryClient)
	if err != nil {
		return err
	}
	user := strings.TrimPrefix(opts.User, "@")
	resp, err := client.Do(ctx, &registry.Request{
		Method: http.MethodPut,
		Path:   userPath(opts.Org),
		JSON:   map[string]string{"user": user, "role": opts.Role},
	})
	if err != nil {
		return fmt.Errorf("could not set %s as %s of org %s: %w", user, opts.Role, opts.Org, err)
	}
	body := resp.Body
	if resp.Cut != nil {
		// The change was made but its answer cut off: the roster says
		// the rest.
		if body, err = rosterReply(ctx, client, opts.Org, user, opts.Role); err != nil {
			return fmt.Errorf("set %s as %s of org %s, but the answer was cut off: %w", user, opts.Role, opts.Org, err)
		}
	}
	doc, err := jsonobject.Parse(body)
	if err != nil {
		return registry.BadReply(resp.URL, body, err)
	}
	var details struct {
		Org struct {
			Name string      `json:"name"`
			Size json.Number `json:"size"`
		} `json:"org"`
		User string `json:"user"`
		Role string `json:"role"`
	}
	if err := json.Unmarshal(body, &details); err != nil {
		return registry.BadReply(resp.URL, body, err)
	}
	name, size := termsafe.String(details.Org.Name), termsafe.String(details.Org.Size.String())
	u, role := termsafe.String(details.User), termsafe.String(details.Role)
	switch cmdutil.OutputFormatOf(cfg) {
	case cmdutil.FormatJSON:
		return cmdutil.PrintJSON(opts.IO.Out, doc)
	case cmdutil.FormatParseable:
		fmt.Fprintf(opts.IO.Out, "org\torgsize\tuser\trole\n%s\t%s\t%s\t%s\n", name, size, u, role)
	case cmdutil.FormatHuman:
		s := "s"
		if size == "1" {
			s = ""
		}
		fmt.Fprintf(opts.IO.Out, "Added %s as %s to %s. You now have %s member%s in this org.\n", u, role, name, size, s)
	}
	return nil
}

// rosterReply rebuilds the answer to org set from the org's roster, in
// the registry's shape, when the answer itself was lost.
func rosterReply(ctx context.Context, client *registry.Client, org, user, role string) ([]byte, error) {
	var roster map[string]string
	if err := client.DoJSON(ctx, &registry.Request{Method: http.MethodGet, Path: userPath(org)}, &roster); err != nil {
		return nil, err
	}
	if roster[user] != role {
		return nil, fmt.Errorf("the roster does not show %s as %s", user, role)
	}
	return json.Marshal(map[string]any{
		"org":  map[string]any{"name": strings.TrimPrefix(org, "@"), "size": len(roster)},
		"user": user,
		"role": role,
	})
}
