package org

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/iostreams"
	"github.com/gonpm/gonpm/internal/registry"
	"github.com/gonpm/gonpm/internal/termsafe"
	"github.com/spf13/cobra"
)

// RmOptions is what `gonpm org rm` works with.
type RmOptions struct {
	IO             *iostreams.IOStreams
	Config         func() (*config.Config, error)
	RegistryClient func() (*registry.Client, error)

	Org  string
	User string
}

// NewCmdRm builds `gonpm org rm`.
func NewCmdRm(f *cmdutil.Factory, runF func(*RmOptions) error) *cobra.Command {
	opts := &RmOptions{IO: f.IOStreams, Config: f.Config, RegistryClient: f.RegistryClient}
	return cmdutil.DeclareJSON(&cobra.Command{
		Use:   "rm <orgname> <username>",
		Short: "Remove a member from an org",
		Args:  orgArgs(true, 2, "usage: gonpm org rm <orgname> <username>"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Org, opts.User = args[0], args[1]
			if runF != nil {
				return runF(opts)
			}
			return rmRun(cmd.Context(), opts)
		},
	}, cmdutil.JSONOutput)
}

// rmResult is npm's --json output of org rm, in its key order.
type rmResult struct {
	User      string `json:"user"`
	Org       string `json:"org"`
	UserCount int    `json:"userCount"`
	Deleted   bool   `json:"deleted"`
}

func rmRun(ctx context.Context, opts *RmOptions) error {
	cfg, client, err := cmdutil.ConfigAndClient(opts.Config, opts.RegistryClient)
	if err != nil {
		return err
	}
	user := strings.TrimPrefix(opts.User, "@")
	_, rmErr := client.Do(ctx, &registry.Request{
		Method: http.MethodDelete,
		Path:   userPath(opts.Org),
		JSON:   map[string]string{"user": user},
	})
	// A removal whose answer was lost is sent again and meets "not a
	// member": the roster, read next anyway, tells whether it was made.
	if rmErr != nil && !(registry.IsResent(rmErr) && registry.IsNotFound(rmErr)) {
		return fmt.Errorf("could not remove %s from org %s: %w", opts.User, opts.Org, rmErr)
	}
	var roster map[string]any
	if err := client.DoJSON(ctx, &registry.Request{Method: http.MethodGet, Path: userPath(opts.Org)}, &roster); err != nil {
		if rmErr != nil {
			return fmt.Errorf("could not remove %s from org %s: %w", opts.User, opts.Org, rmErr)
		}
		return fmt.Errorf("removed %s from org %s, but could not count its members: %w", opts.User, opts.Org, err)
	}
	if _, still := roster[user]; rmErr != nil && still {
		return fmt.Errorf("could not remove %s from org %s: %w", opts.User, opts.Org, rmErr)
	}
	// npm strips one leading ~ or @ for its output.
	res := rmResult{User: trimSigil(opts.User), Org: trimSigil(opts.Org), UserCount: len(roster), Deleted: true}
	switch cmdutil.OutputFormatOf(cfg) {
	case cmdutil.FormatJSON:
		return cmdutil.PrintJSON(opts.IO.Out, res)
	case cmdutil.FormatParseable:
		fmt.Fprintf(opts.IO.Out, "user\torg\tuserCount\tdeleted\n%s\t%s\t%d\ttrue\n", termsafe.String(res.User), termsafe.String(res.Org), res.UserCount)
	case cmdutil.FormatHuman:
		s := "s"
		if res.UserCount == 1 {
			s = ""
		}
		fmt.Fprintf(opts.IO.Out, "Successfully removed %s from %s. You now have %d member%s in this org.\n", termsafe.String(res.User), termsafe.String(res.Org), res.UserCount, s)
	}
	return nil
}

func trimSigil(s string) string {
	if strings.HasPrefix(s, "~") || strings.HasPrefix(s, "@") {
		return s[1:]
	}
	return s
}
