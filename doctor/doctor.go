// Package doctor implements `gonpm doctor`: what gonpm can tell about the
// registry, the credentials and two-factor setup, before a publish fails.
package doctor

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/ciinfo"
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/iostreams"
	"github.com/gonpm/gonpm/internal/registry"
	"github.com/gonpm/gonpm/internal/termsafe"
	"github.com/spf13/cobra"
)

// Status is a check's verdict.
type Status string

const (
	OK   Status = "ok"
	Warn Status = "warn"
	Fail Status = "fail"
	Info Status = "info"
)

// Check is one line of the report.
type Check struct {
	Name   string `json:"name"`
	Status Status `json:"status"`
	Detail string `json:"detail"`
}

// DoctorOptions is what doctor works with.
type DoctorOptions struct {
	IO             *iostreams.IOStreams
	Config         func() (*config.Config, error)
	RegistryClient func() (*registry.Client, error)
	CI             ciinfo.Info
	Getenv         func(string) string
	// Cwd is the folder whose package is checked.
	Cwd string
}

// session is what the checks work with once the options' dependencies are
// evaluated.
type session struct {
	Client   *registry.Client
	Config   *config.Config
	Registry string
	CI       ciinfo.Info
	Getenv   func(string) string
	Cwd      string
}

// NewCmdDoctor builds `gonpm doctor`.
func NewCmdDoctor(f *cmdutil.Factory, runF func(*DoctorOptions) error) *cobra.Command {
	opts := &DoctorOptions{IO: f.IOStreams, Config: f.Config, RegistryClient: f.RegistryClient, CI: f.CI, Getenv: f.Getenv, Cwd: f.Cwd}
	return cmdutil.DeclareJSON(&cobra.Command{
		Use:   "doctor",
		Short: "Check the registry, your credentials and your two-factor setup",
		Long: `Check what a publish depends on: that the registry answers (and how fast),
who you are logged in as, where the credential comes from (file and key,
never the value), when the token expires if the registry says, your
two-factor mode, how far this computer's clock is from the registry's (codes
from an authenticator depend on it), and whether this environment can use
trusted publishing (OIDC). In a package's folder it also says whether the
package has a trusted publisher and whether the registry's staging area
takes the credential at hand; it never asks for a one-time password for
that (a code given with --otp is used). Exits 1 when a check fails.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return doctorRun(cmd.Context(), opts)
		},
	}, cmdutil.JSONOutput)
}

func doctorRun(ctx context.Context, opts *DoctorOptions) error {
	cfg, err := opts.Config()
	if err != nil {
		return err
	}
	// The registry before the client: no client warnings when there is
	// no registry to check.
	reg, err := cfg.Registry()
	if err != nil {
		return err
	}
	client, err := opts.RegistryClient()
	if err != nil {
		return err
	}
	checks := collect(ctx, &session{Client: client, Config: cfg, Registry: reg, CI: opts.CI, Getenv: opts.Getenv, Cwd: opts.Cwd})
	if cfg.Bool("json") {
		enc := json.NewEncoder(opts.IO.Out)
		enc.SetIndent("", "  ")
		if err := enc.Encode(map[string]any{"registry": reg, "checks": checks}); err != nil {
			return err
		}
	} else {
		printChecks(opts.IO.Out, checks)
	}
	for _, c := range checks {
		if c.Status == Fail {
			return cmdutil.ErrSilent
		}
	}
	return nil
}

func printChecks(w io.Writer, checks []Check) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, c := range checks {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", c.Name, c.Status, termsafe.Line(c.Detail))
	}
	_ = tw.Flush()
}
