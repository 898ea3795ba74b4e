// Package star implements `gonpm star`, `gonpm unstar` and `gonpm stars`:
// marking favourite packages and listing them.
package star

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"

	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/iostreams"
	"github.com/gonpm/gonpm/internal/logger"
	"github.com/gonpm/gonpm/internal/pkgspec"
	"github.com/gonpm/gonpm/internal/pkgtarget"
	"github.com/gonpm/gonpm/internal/registry"
)

// toggle is one run of star (on) or unstar (off) over its packages.
type toggle struct {
	io       *iostreams.IOStreams
	config   func() (*config.Config, error)
	client   func() (*registry.Client, error)
	logger   func() *logger.Logger
	getenv   func(string) string
	packages []string
	on       bool
}

// starDoc is the body npm sends: only these three fields.
type starDoc struct {
	ID    string                     `json:"_id"`
	Rev   string                     `json:"_rev"`
	Users map[string]json.RawMessage `json:"users"`
}

// run stars or unstars every package (npm stops after the first one: a
// bug gonpm does not copy). A failure does not stop the others; it is
// reported, and the command fails at the end.
func (t toggle) run(ctx context.Context) error {
	names := make([]string, len(t.packages))
	for i, arg := range t.packages {
		spec, err := pkgspec.Parse(arg)
		if err != nil {
			return cmdutil.FlagErrorf("%v", err)
		}
		names[i] = spec.Name
	}
	cfg, client, err := cmdutil.ConfigAndClient(t.config, t.client)
	if err != nil {
		return err
	}
	full, empty := "(*)", "( )"
	if unicode(cfg, t.getenv) {
		full, empty = "\u2605 ", "\u2606 "
	}
	show, verb := empty, "unstar"
	if t.on {
		show, verb = full, "star"
	}
	who := map[string]string{} // registry -> user name there
	var errs []error
	for _, name := range names {
		if err := t.one(ctx, cfg, client, who, name); err != nil {
			var needAuth *registry.NeedAuthError
			if errors.As(err, &needAuth) {
				return err
			}
			err = fmt.Errorf("could not %s %s: %w", verb, name, err)
			if len(names) > 1 {
				fmt.Fprintf(t.io.ErrOut, "gonpm error %s\n", logOf(t.logger).Secrets().Mask(err.Error()))
			}
			errs = append(errs, err)
			continue
		}
		fmt.Fprintf(t.io.Out, "%s %s\n", show, name)
	}
	switch {
	case len(errs) == 0:
		return nil
	case len(names) == 1:
		return errs[0]
	}
	return &cmdutil.PartialError{Failed: len(errs), Total: len(names)}
}

// one stars or unstars one package as the user the registry knows.
func (t toggle) one(ctx context.Context, cfg *config.Config, client *registry.Client, who map[string]string, name string) error {
	reg, err := pkgtarget.Registry(cfg, name)
	if err != nil {
		return err
	}
	me, ok := who[reg]
	if !ok {
		if me, err = pkgtarget.Identity(ctx, client, cfg, reg); err != nil {
			return err
		}
		who[reg] = me
	}
	path := registry.EscapeName(name)
	var doc starDoc
	if err := client.DoJSON(ctx, &registry.Request{Method: http.MethodGet, Path: path, Query: url.Values{"write": {"true"}}, Registry: reg}, &doc); err != nil {
		return err
	}
	if doc.Users == nil {
		doc.Users = map[string]json.RawMessage{}
	}
	_, starred := doc.Users[me]
	if starred == t.on {
		return nil // already so: nothing to write
	}
	if t.on {
		doc.Users[me] = json.RawMessage("true")
	} else {
		delete(doc.Users, me)
	}
	// The reply's contents do not matter (npm only logs them).
	_, err = client.Do(ctx, &registry.Request{Method: http.MethodPut, Path: path, Registry: reg, JSON: doc})
	if err != nil && t.done(ctx, client, reg, path, me) {
		// The answer to a write that worked was lost, and the retry
		// met the new revision: the package is starred (or not) all
		// the same.
		return nil
	}
	return err
}

// done reports whether the package is now starred by me (unstarred, for
// unstar), read afresh.
func (t toggle) done(ctx context.Context, client *registry.Client, reg, path, me string) bool {
	var doc starDoc
	if err := client.DoJSON(ctx, &registry.Request{Method: http.MethodGet, Path: path, Query: url.Values{"write": {"true"}}, Registry: reg}, &doc); err != nil {
		return false
	}
	_, starred := doc.Users[me]
	return starred == t.on
}

var utf8Locale = regexp.MustCompile(`(?i)UTF-?8$`)

// unicode is npm's "unicode" setting: configured, or else whether the
// locale (LC_ALL, LC_CTYPE, LANG, the first one set) is UTF-8.
func unicode(cfg *config.Config, getenv func(string) string) bool {
	if _, _, ok := cfg.Lookup("unicode"); ok {
		return cfg.Bool("unicode")
	}
	if getenv == nil {
		return false
	}
	for _, k := range []string{"LC_ALL", "LC_CTYPE", "LANG"} {
		if v := getenv(k); v != "" {
			return utf8Locale.MatchString(v)
		}
	}
	return false
}

func logOf(f func() *logger.Logger) *logger.Logger {
	if f == nil {
		return nil
	}
	return f()
}
