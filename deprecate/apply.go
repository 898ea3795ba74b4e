package deprecate

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/deprecation"
	"github.com/gonpm/gonpm/internal/iostreams"
	"github.com/gonpm/gonpm/internal/logger"
	"github.com/gonpm/gonpm/internal/pkgspec"
	"github.com/gonpm/gonpm/internal/pkgtarget"
	"github.com/gonpm/gonpm/internal/registry"
	"github.com/gonpm/gonpm/internal/semver"
	"github.com/gonpm/gonpm/internal/termsafe"
)

// change is one run of deprecate or undeprecate (message "").
type change struct {
	command string
	io      *iostreams.IOStreams
	config  func() (*config.Config, error)
	client  func() (*registry.Client, error)
	logger  func() *logger.Logger

	pkg     string
	message string
	dryRun  bool
	force   bool
}

// result is the --json output.
type result struct {
	Name      string   `json:"name"`
	Range     string   `json:"range"`
	Message   string   `json:"message"`
	DryRun    bool     `json:"dryRun"`
	Changed   []string `json:"changed"`
	Unchanged []string `json:"unchanged"`
}

func apply(ctx context.Context, c change) error {
	spec, err := pkgspec.Parse(c.pkg)
	if err != nil {
		return cmdutil.FlagErrorf("%v", err)
	}
	// A bare name means every version, as npm reads it.
	rng := spec.Rest
	if rng == "" {
		rng = "*"
	}
	if !semver.ValidRange(rng) {
		return cmdutil.FlagErrorf("invalid version range: %s (give a version or a range such as %s@\"<2.0.0\"; dist-tags are not ranges)", rng, spec.Name)
	}
	cfg, client, err := cmdutil.ConfigAndClient(c.config, c.client)
	if err != nil {
		return err
	}
	reg, err := pkgtarget.Registry(cfg, spec.Name)
	if err != nil {
		return err
	}
	path := registry.EscapeName(spec.Name)
	resp, err := client.Do(ctx, &registry.Request{Method: http.MethodGet, Path: path, Query: url.Values{"write": {"true"}}, Registry: reg})
	if err != nil {
		return fmt.Errorf("could not get %s: %w", spec.Name, err)
	}
	plan, err := deprecation.Apply(resp.Body, rng, c.message)
	if err != nil {
		return fmt.Errorf("could not read %s from %s: %w", spec.Name, reg, err)
	}
	log := logOf(c.logger)
	if len(plan.Selected) == 0 {
		log.Warnf("%s No version of %s satisfies %s; nothing was changed", c.command, spec.Name, rng)
		return writeResult(c, cfg, spec.Name, rng, plan)
	}
	if c.message != "" && plan.AllVersions() && spec.Rest != "*" && !c.force && !cfg.Bool("force") {
		return cmdutil.FlagErrorf("%s selects every version of %s (%d): pass --force to deprecate them all, or write %s@*",
			c.pkg, spec.Name, plan.Total, spec.Name)
	}
	if same := len(plan.Selected) - len(plan.Changed()); same > 0 {
		state := "already had this message"
		if c.message == "" {
			state = "were not deprecated"
		}
		log.Noticef("%d of the %d selected versions of %s %s: %s", same, len(plan.Selected), spec.Name, state, unchangedList(plan))
	}
	dryRun := c.dryRun || cfg.Bool("dry-run")
	// Nothing to change is nothing to write (npm would PUT the packument
	// unchanged, and ask for a one-time password for it).
	if !dryRun && len(plan.Changed()) > 0 {
		if _, err := client.Do(ctx, &registry.Request{Method: http.MethodPut, Path: path, Registry: reg, JSON: plan.Body}); err != nil {
			return fmt.Errorf("could not %s %s@%s: %w", c.command, spec.Name, rng, err)
		}
	}
	return writeResult(c, cfg, spec.Name, rng, plan)
}

// writeResult prints the versions that changed (or would) in the output
// format asked for.
func writeResult(c change, cfg *config.Config, name, rng string, plan *deprecation.Plan) error {
	dryRun := c.dryRun || cfg.Bool("dry-run")
	res := result{Name: name, Range: rng, Message: c.message, DryRun: dryRun, Changed: []string{}, Unchanged: []string{}}
	for _, ch := range plan.Selected {
		if ch.Changed() {
			res.Changed = append(res.Changed, ch.Version)
		} else {
			res.Unchanged = append(res.Unchanged, ch.Version)
		}
	}
	out := c.io.Out
	switch cmdutil.OutputFormatOf(cfg) {
	case cmdutil.FormatJSON:
		return cmdutil.PrintJSON(out, res)
	case cmdutil.FormatParseable:
		for _, v := range res.Changed {
			fmt.Fprintf(out, "%s\t%s\t%s\n", name, v, termsafe.String(c.message))
		}
	case cmdutil.FormatHuman:
		verb := "deprecated"
		if c.message == "" {
			verb = "undeprecated"
		}
		if dryRun {
			verb = "would " + strings.TrimSuffix(verb, "d")
		}
		for _, v := range res.Changed {
			fmt.Fprintf(out, "%s %s@%s\n", verb, name, v)
		}
		if c.message != "" && len(res.Changed) > 0 {
			when := "now print"
			if dryRun {
				when = "would print"
			}
			fmt.Fprintf(out, "Installs of %s %s:\n  npm warn deprecated %s@%s: %s\n",
				plural(len(res.Changed), "this version", "these versions"), when, name, res.Changed[0], termsafe.String(c.message))
		}
	}
	return nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func logOf(f func() *logger.Logger) *logger.Logger {
	if f == nil {
		return nil
	}
	return f()
}

// unchangedList names the selected versions that stay as they were, the
// first few of them.
func unchangedList(plan *deprecation.Plan) string {
	var vs []string
	for _, ch := range plan.Selected {
		if !ch.Changed() {
			vs = append(vs, ch.Version)
		}
	}
	if len(vs) > 5 {
		return strings.Join(vs[:5], ", ") + fmt.Sprintf(" and %d more", len(vs)-5)
	}
	return strings.Join(vs, ", ")
}
