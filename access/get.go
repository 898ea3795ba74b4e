package access

import (
	"context"
	"net/http"

	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/iostreams"
	"github.com/gonpm/gonpm/internal/pkgtarget"
	"github.com/gonpm/gonpm/internal/registry"
	"github.com/spf13/cobra"
)

// GetOptions is what `gonpm access get status` works with.
type GetOptions struct {
	IO             *iostreams.IOStreams
	Config         func() (*config.Config, error)
	RegistryClient func() (*registry.Client, error)
	Cwd            string

	// Package is the package argument; "" means the one in Cwd.
	Package string
}

// NewCmdGet builds `gonpm access get status`.
func NewCmdGet(f *cmdutil.Factory, runF func(*GetOptions) error) *cobra.Command {
	opts := &GetOptions{IO: f.IOStreams, Config: f.Config, RegistryClient: f.RegistryClient, Cwd: f.Cwd}
	return cmdutil.DeclareJSON(&cobra.Command{
		Use:   "get status [<pkg>]",
		Short: "Show whether a package is public or private",
		Args:  getArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Package = arg(args, 1)
			if runF != nil {
				return runF(opts)
			}
			return getRun(cmd.Context(), opts)
		},
	}, cmdutil.JSONOutput)
}

// getArgs checks what to get (only status), then the argument count.
func getArgs(cmd *cobra.Command, args []string) error {
	if what := arg(args, 0); what != "status" {
		if what == "" {
			return cmdutil.FlagErrorf("missing what to get: gonpm access get status [<pkg>]")
		}
		return cmdutil.FlagErrorf("get %s is not a valid access command: use get status", what)
	}
	return maxArgs(args, 2, "get status [<pkg>]")
}

func getRun(ctx context.Context, opts *GetOptions) error {
	s, err := newSession(opts.IO, opts.Config, opts.RegistryClient)
	if err != nil {
		return err
	}
	name, err := packageName(opts.Cwd, opts.Package)
	if err != nil {
		return err
	}
	reg, err := registryFor(s.cfg, name, "")
	if err != nil {
		return err
	}
	return s.printStatus(ctx, reg, name)
}

// printStatus prints "<pkg>: public|private" from the registry.
func (s *session) printStatus(ctx context.Context, reg, name string) error {
	var vis struct {
		Public bool `json:"public"`
	}
	err := s.client.DoJSON(ctx, &registry.Request{Method: http.MethodGet, Path: pkgtarget.Path(name, "visibility"), Registry: reg}, &vis)
	if err != nil {
		return packageError(name, reg, "could not get the status of", err)
	}
	status := "private"
	if vis.Public {
		status = "public"
	}
	return printEntries(s.out, []entry{{name, status}}, s.json, "")
}
