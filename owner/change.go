package owner

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/iostreams"
	"github.com/gonpm/gonpm/internal/logger"
	"github.com/gonpm/gonpm/internal/pkgtarget"
	"github.com/gonpm/gonpm/internal/registry"
	"github.com/gonpm/gonpm/internal/termsafe"
	"github.com/spf13/cobra"
)

// change is an owner addition or removal.
type change int

const (
	add change = iota
	remove
)

// verb is the subcommand's name.
func (c change) verb() string {
	if c == add {
		return "add"
	}
	return "rm"
}

// sign starts npm's result line: "+ user (pkg)" or "- user (pkg)".
func (c change) sign() string {
	if c == add {
		return "+"
	}
	return "-"
}

// ChangeOptions is what `gonpm owner add` and `gonpm owner rm` work with.
type ChangeOptions struct {
	IO             *iostreams.IOStreams
	Config         func() (*config.Config, error)
	RegistryClient func() (*registry.Client, error)
	Logger         func() *logger.Logger
	Cwd            string

	Change change
	User   string
	// Package is the package argument; "" means the one in Cwd.
	Package string
}

// newCmdChange builds `gonpm owner add` or `gonpm owner rm`: the same
// command but for the change it makes.
func newCmdChange(f *cmdutil.Factory, runF func(*ChangeOptions) error, c change, cmd *cobra.Command) *cobra.Command {
	opts := &ChangeOptions{IO: f.IOStreams, Config: f.Config, RegistryClient: f.RegistryClient, Logger: f.Logger, Cwd: f.Cwd, Change: c}
	usage := fmt.Sprintf("usage: gonpm owner %s <user> [<pkg>]", c.verb())
	cmd.Args = cmdutil.RangeArgs(1, 2, usage)
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		opts.User = args[0]
		if opts.User == "" {
			return cmdutil.FlagErrorf("%s", usage)
		}
		if len(args) == 2 {
			opts.Package = args[1]
		}
		if runF != nil {
			return runF(opts)
		}
		return changeRun(cmd.Context(), opts)
	}
	return cmd
}

// errLastOwner is refusing to leave a package without owners.
var errLastOwner = errors.New("a package needs at least one owner")

// changeRun looks the user up and updates the package's maintainers.
func changeRun(ctx context.Context, opts *ChangeOptions) error {
	cfg, client, err := cmdutil.ConfigAndClient(opts.Config, opts.RegistryClient)
	if err != nil {
		return err
	}
	name, reg, err := resolvePackage(cfg, opts.Cwd, opts.Package)
	if err != nil {
		return err
	}
	who, err := lookupUser(ctx, client, reg, opts.User)
	if err != nil {
		return err
	}
	changed, err := updateOwners(ctx, client, opts.Logger(), reg, name, who, opts.Change)
	if err != nil || !changed {
		return err
	}
	fmt.Fprintf(opts.IO.Out, "%s %s (%s)\n", opts.Change.sign(), termsafe.Line(opts.User), termsafe.Line(name))
	return nil
}

// updateOwners reads the package and writes the new maintainers with its
// _rev. When someone else changed the package in between (409), it reads
// and writes once more. Every request goes through the client's two-factor
// layer, which keeps the code it obtained, so one code (or one browser
// approval) covers the whole command.
func updateOwners(ctx context.Context, client *registry.Client, log *logger.Logger, reg, name string, who person, c change) (changed bool, err error) {
	for attempt := 1; ; attempt++ {
		doc, err := readPackument(ctx, client, reg, name)
		if err != nil {
			return false, err
		}
		next, changed, err := plan(doc.Maintainers, who, c)
		if errors.Is(err, errLastOwner) {
			return false, fmt.Errorf("cannot remove %s, the last owner of %s: %w; add another owner first (gonpm owner add <user> %s)", who.Name, name, err, name)
		}
		if !changed && attempt > 1 {
			// The write before this one went out but its answer was lost
			// (or someone made the same change meanwhile): it is done.
			log.Infof("owner %s %s: the registry already has the change", c.verb(), name)
			return true, nil
		}
		if !changed {
			// Nothing to do is not a failure, as in npm: scripts can repeat it.
			if c == add {
				log.Warnf("owner add %s is already an owner of %s", who.Name, name)
			} else {
				log.Warnf("owner rm %s is not an owner of %s", who.Name, name)
			}
			return false, nil
		}
		err = writeMaintainers(ctx, client, reg, doc, name, next)
		switch {
		case err == nil:
			return true, nil
		case !registry.IsStatus(err, http.StatusConflict):
			return false, fmt.Errorf("could not update the owners of %s: %w", name, err)
		case attempt == 2:
			return false, fmt.Errorf("could not update the owners of %s: it changed on the registry while gonpm was updating it, twice in a row; run the command again: %w", name, err)
		}
		log.Infof("owner %s %s changed on the registry meanwhile; reading it again", c.verb(), name)
	}
}

// lookupUser reads the registry's public record of a user.
func lookupUser(ctx context.Context, client *registry.Client, reg, user string) (person, error) {
	var who person
	err := client.DoJSON(ctx, &registry.Request{
		Method:   http.MethodGet,
		Path:     "-/user/org.couchdb.user:" + pkgtarget.EscapeSegment(user),
		Registry: reg,
	}, &who)
	if registry.IsNotFound(err) {
		return person{}, fmt.Errorf("there is no user %q on %s: check the user name: %w", user, reg, err)
	}
	if err != nil {
		return person{}, fmt.Errorf("could not look up user %s: %w", user, err)
	}
	if who.Name == "" {
		return person{}, fmt.Errorf("the registry %s sent a user record for %s without a name", reg, user)
	}
	return who, nil
}

// plan returns the maintainers after the change, and whether it changes
// anything.
func plan(current []person, who person, c change) ([]person, bool, error) {
	var kept []person
	found := false
	for _, m := range current {
		if m.Name == who.Name {
			found = true
			continue
		}
		kept = append(kept, m)
	}
	switch c {
	case add:
		if found {
			return current, false, nil
		}
		return append(append([]person(nil), current...), who), true, nil
	default:
		if !found {
			return current, false, nil
		}
		if len(kept) == 0 {
			return nil, false, errLastOwner
		}
		return kept, true, nil
	}
}

// writeMaintainers stores the new maintainers against the _rev they were
// computed from; the registry answers 409 when that _rev is stale.
func writeMaintainers(ctx context.Context, client *registry.Client, reg string, doc *packument, name string, maintainers []person) error {
	_, err := client.Do(ctx, &registry.Request{
		Method:   http.MethodPut,
		Path:     registry.EscapeName(name) + "/-rev/" + pkgtarget.EscapeSegment(doc.Rev),
		Registry: reg,
		JSON: map[string]any{
			"_id":         doc.ID,
			"_rev":        doc.Rev,
			"maintainers": maintainers,
		},
	})
	return err
}
