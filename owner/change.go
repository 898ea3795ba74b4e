package owner

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/registry"
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

func runAdd(ctx context.Context, opts *Options) error    { return runChange(ctx, opts, add) }
func runRemove(ctx context.Context, opts *Options) error { return runChange(ctx, opts, remove) }

// errLastOwner is refusing to leave a package without owners.
var errLastOwner = errors.New("a package needs at least one owner")

// runChange checks the arguments, looks the user up, and updates the
// package's maintainers.
func runChange(ctx context.Context, opts *Options, c change) error {
	if len(opts.Args) < 1 || len(opts.Args) > 2 || opts.Args[0] == "" {
		return cmdutil.FlagErrorf("usage: gonpm owner %s <user> [<pkg>]", c.verb())
	}
	user := opts.Args[0]
	arg := ""
	if len(opts.Args) == 2 {
		arg = opts.Args[1]
	}
	name, err := packageName(opts, arg)
	if err != nil {
		return err
	}
	reg, err := registryFor(opts.Config, name)
	if err != nil {
		return err
	}
	who, err := lookupUser(ctx, opts, reg, user)
	if err != nil {
		return err
	}
	changed, err := updateOwners(ctx, opts, reg, name, who, c)
	if err != nil || !changed {
		return err
	}
	fmt.Fprintf(opts.IO.Out, "%s %s (%s)\n", c.sign(), user, name)
	return nil
}

// updateOwners reads the package and writes the new maintainers with its
// _rev. When someone else changed the package in between (409), it reads
// and writes once more. Every request goes through the client's two-factor
// layer, which keeps the code it obtained, so one code (or one browser
// approval) covers the whole command.
func updateOwners(ctx context.Context, opts *Options, reg, name string, who person, c change) (changed bool, err error) {
	for attempt := 1; ; attempt++ {
		doc, err := readPackument(ctx, opts, reg, name)
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
			opts.Logger.Infof("owner %s %s: the registry already has the change", c.verb(), name)
			return true, nil
		}
		if !changed {
			// Nothing to do is not a failure, as in npm: scripts can repeat it.
			if c == add {
				opts.Logger.Warnf("owner add %s is already an owner of %s", who.Name, name)
			} else {
				opts.Logger.Warnf("owner rm %s is not an owner of %s", who.Name, name)
			}
			return false, nil
		}
		err = writeMaintainers(ctx, opts, reg, doc, name, next)
		switch {
		case err == nil:
			return true, nil
		case !registry.IsStatus(err, http.StatusConflict):
			return false, fmt.Errorf("could not update the owners of %s: %w", name, err)
		case attempt == 2:
			return false, fmt.Errorf("could not update the owners of %s: it changed on the registry while gonpm was updating it, twice in a row; run the command again: %w", name, err)
		}
		opts.Logger.Infof("owner %s %s changed on the registry meanwhile; reading it again", c.verb(), name)
	}
}

// lookupUser reads the registry's public record of a user.
func lookupUser(ctx context.Context, opts *Options, reg, user string) (person, error) {
	var who person
	err := opts.Client.DoJSON(ctx, &registry.Request{
		Method:   http.MethodGet,
		Path:     "-/user/org.couchdb.user:" + escapeSegment(user),
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
func writeMaintainers(ctx context.Context, opts *Options, reg string, doc *packument, name string, maintainers []person) error {
	_, err := opts.Client.Do(ctx, &registry.Request{
		Method:   http.MethodPut,
		Path:     registry.EscapeName(name) + "/-rev/" + escapeSegment(doc.Rev),
		Registry: reg,
		JSON: map[string]any{
			"_id":         doc.ID,
			"_rev":        doc.Rev,
			"maintainers": maintainers,
		},
	})
	return err
}
