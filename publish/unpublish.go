package publish

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/iostreams"
	"github.com/gonpm/gonpm/internal/pkgspec"
	"github.com/gonpm/gonpm/internal/registry"
	"github.com/gonpm/gonpm/internal/semver"
)

// UnpublishOptions is what `gonpm unpublish` works with.
type UnpublishOptions struct {
	IO     *iostreams.IOStreams
	Config *config.Config
	Client *registry.Client
	Cwd    string

	Spec   string // <pkg>[@<version>]; "" means the local package's version
	Force  bool
	DryRun bool
}

// NewCmdUnpublish builds `gonpm unpublish`.
func NewCmdUnpublish(f *cmdutil.Factory) *cobra.Command {
	opts := &UnpublishOptions{IO: f.IOStreams}
	cmd := &cobra.Command{
		Use:   "unpublish [<pkg>[@<version>]]",
		Short: "Remove a package version, or a whole package, from the registry",
		Long: `Remove one version of a package, or with --force the whole package, from the
registry. Without an argument the version in the current folder's
package.json is removed.

As in npm, removing the last remaining version also needs --force (a fully
removed name cannot be published again for 24 hours), and when the removed
version was "latest" the tag moves to the highest remaining version,
prereleases included. With two-factor authentication the code comes from
--otp, NPM_CONFIG_OTP, or a prompt on a terminal.`,
		Example: `  gonpm unpublish my-pkg@1.0.1
  gonpm unpublish @scope/pkg --force`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 1 {
				return cmdutil.FlagErrorf("unpublish takes one package: gonpm unpublish <pkg>[@<version>]")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.Spec = args[0]
			}
			cfg, err := f.Config()
			if err != nil {
				return err
			}
			client, err := f.RegistryClient()
			if err != nil {
				return err
			}
			opts.Config, opts.Client, opts.Cwd = cfg, client, f.Cwd
			if opts.Cwd == "" {
				if opts.Cwd, err = os.Getwd(); err != nil {
					return err
				}
			}
			ctx := cmd.Context()
			if ctx == nil {
				ctx = context.Background()
			}
			return runUnpublish(ctx, opts)
		},
	}
	cmd.Flags().BoolVar(&opts.Force, "force", false, "Allow removing a whole package or its last version")
	cmd.Flags().BoolVar(&opts.DryRun, "dry-run", false, "Say what would be removed without removing it")
	return cmd
}

// unpublishTarget is what the argument names.
type unpublishTarget struct {
	name    string
	version string // "" for the whole package
}

func parseUnpublishSpec(opts *UnpublishOptions) (unpublishTarget, error) {
	if opts.Spec == "" {
		name, version, err := pkgspec.LocalPackage(opts.Cwd)
		if err != nil {
			return unpublishTarget{}, cmdutil.FlagErrorf("%v", err)
		}
		return unpublishTarget{name: name, version: version}, nil
	}
	spec, err := pkgspec.Parse(opts.Spec)
	if err != nil {
		return unpublishTarget{}, cmdutil.FlagErrorf("%v", err)
	}
	switch rest := strings.TrimSpace(spec.Rest); {
	case rest == "" || rest == "*":
		return unpublishTarget{name: spec.Name}, nil
	case semver.Valid(rest):
		v, _ := semver.Parse(rest)
		return unpublishTarget{name: spec.Name, version: v.String()}, nil
	}
	return unpublishTarget{}, cmdutil.FlagErrorf("can only unpublish a single version, or the entire project: tags and ranges are not supported (%s)", opts.Spec)
}

func runUnpublish(ctx context.Context, opts *UnpublishOptions) error {
	target, err := parseUnpublishSpec(opts)
	if err != nil {
		return err
	}
	if target.version == "" && !opts.Force {
		return cmdutil.FlagErrorf("refusing to delete the entire project %s: run with --force to do this", target.name)
	}
	if opts.Force {
		fmt.Fprintln(opts.IO.ErrOut, "gonpm warn using --force Recommended protections disabled.")
	}
	reg, err := opts.Config.RegistryForScope(registry.ScopeOf(target.name))
	if err != nil {
		return err
	}
	u := &unpublisher{opts: opts, reg: reg, name: target.name}

	doc, err := u.packument(ctx)
	if registry.IsNotFound(err) {
		// npm treats a missing package as already removed.
		u.printDone(target.version)
		return nil
	}
	if err != nil {
		return fmt.Errorf("could not read %s from the registry: %w", target.name, err)
	}
	versions, _ := doc["versions"].(map[string]any)
	whole := target.version == "" || len(versions) == 0
	if !whole {
		if _, ok := versions[target.version]; !ok {
			u.printDone(target.version)
			return nil
		}
		if len(versions) == 1 {
			if !opts.Force {
				return fmt.Errorf("refusing to delete the last version of %s: it would block publishing a new version for 24 hours; run with --force to do this", target.name)
			}
			whole = true
		}
	}
	if whole {
		if !opts.DryRun {
			if err := u.removePackage(ctx, doc); err != nil {
				return err
			}
		}
		u.printDone("")
		return nil
	}
	if !opts.DryRun {
		if err := u.removeVersion(ctx, doc, target.version); err != nil {
			return err
		}
	}
	u.printDone(target.version)
	return nil
}

type unpublisher struct {
	opts *UnpublishOptions
	reg  string
	name string
}

func (u *unpublisher) printDone(version string) {
	if version == "" {
		fmt.Fprintf(u.opts.IO.Out, "- %s\n", u.name)
		return
	}
	fmt.Fprintf(u.opts.IO.Out, "- %s@%s\n", u.name, version)
}

// packument reads the full document with its revision, bypassing caches.
func (u *unpublisher) packument(ctx context.Context) (map[string]any, error) {
	resp, err := u.opts.Client.Do(ctx, &registry.Request{
		Method:   http.MethodGet,
		Path:     registry.EscapeName(u.name),
		Query:    url.Values{"write": {"true"}},
		Registry: u.reg,
	})
	if err != nil {
		return nil, err
	}
	doc, err := decodePackument(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("the registry sent an invalid document for %s: %w", u.name, err)
	}
	return doc, nil
}

// decodePackument reads a package document, keeping numbers as written
// so that writing it back changes nothing else.
func decodePackument(data []byte) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var doc map[string]any
	if err := dec.Decode(&doc); err != nil {
		return nil, err
	}
	if doc == nil {
		return nil, errors.New("it is not a JSON object")
	}
	return doc, nil
}

func revOf(doc map[string]any) (string, error) {
	rev, _ := doc["_rev"].(string)
	if rev == "" {
		return "", errors.New("the registry's document has no _rev, so it cannot be changed")
	}
	return rev, nil
}

// removePackage deletes every version: DELETE /<name>/-rev/<rev>.
func (u *unpublisher) removePackage(ctx context.Context, doc map[string]any) error {
	rev, err := revOf(doc)
	if err != nil {
		return err
	}
	_, err = u.opts.Client.Do(ctx, &registry.Request{
		Method:   http.MethodDelete,
		Path:     registry.EscapeName(u.name) + "/-rev/" + rev,
		Registry: u.reg,
	})
	if err != nil && !registry.IsNotFound(err) {
		return fmt.Errorf("could not unpublish %s: %w", u.name, err)
	}
	return nil
}

// removeVersion writes the document back without the version, then
// deletes its tarball (protocol-publish §4).
func (u *unpublisher) removeVersion(ctx context.Context, doc map[string]any, version string) error {
	rev, err := revOf(doc)
	if err != nil {
		return err
	}
	tarPath := u.tarballPath(dropVersion(doc, version))
	_, err = u.opts.Client.Do(ctx, &registry.Request{
		Method:   http.MethodPut,
		Path:     registry.EscapeName(u.name) + "/-rev/" + rev,
		Registry: u.reg,
		JSON:     doc,
	})
	if registry.IsNotFound(err) {
		return nil
	}
	if err == nil && tarPath == "" {
		return nil
	}
	fresh, rerr := u.packument(ctx)
	// A failed write may have been taken with its answer lost (the
	// client's retry then meets a stale _rev): the document read again
	// tells.
	stillThere := (rerr == nil && hasVersion(fresh, version)) || (rerr != nil && !registry.IsNotFound(rerr))
	if err != nil && stillThere {
		return fmt.Errorf("could not unpublish %s@%s: %w", u.name, version, err)
	}
	if tarPath == "" || registry.IsNotFound(rerr) {
		return nil
	}
	if rerr != nil {
		return fmt.Errorf("could not read %s again to remove the tarball of %s: %w", u.name, version, rerr)
	}
	newRev, err := revOf(fresh)
	if err != nil {
		return err
	}
	_, err = u.opts.Client.Do(ctx, &registry.Request{
		Method:   http.MethodDelete,
		Path:     tarPath + "/-rev/" + newRev,
		Registry: u.reg,
	})
	if err != nil && !registry.IsNotFound(err) && !u.tarballGone(ctx, tarPath) {
		return fmt.Errorf("removed %s@%s from the package, but deleting its tarball failed: %w", u.name, version, err)
	}
	return nil
}

// dropVersion removes version from the packument, with the dist-tags
// pointing at it; when "latest" goes, it moves to the highest remaining
// version. It returns the removed version's tarball URL, if any.
func dropVersion(doc map[string]any, version string) (tarball string) {
	versions, _ := doc["versions"].(map[string]any)
	if vdoc, ok := versions[version].(map[string]any); ok {
		if dist, ok := vdoc["dist"].(map[string]any); ok {
			tarball, _ = dist["tarball"].(string)
		}
	}
	delete(versions, version)
	tags, _ := doc["dist-tags"].(map[string]any)
	latestGone := tags["latest"] == version
	for tag, v := range tags {
		if v == version {
			delete(tags, tag)
		}
	}
	if latestGone {
		if highest := highestVersion(versions); highest != "" {
			tags["latest"] = highest
		}
	}
	delete(doc, "_revisions")
	delete(doc, "_attachments")
	return tarball
}

// hasVersion reports whether a packument lists version.
func hasVersion(doc map[string]any, version string) bool {
	versions, _ := doc["versions"].(map[string]any)
	_, ok := versions[version]
	return ok
}

// tarballGone reports whether the registry answers 404 for the tarball:
// a deletion whose answer was lost (its retry then meets a stale _rev)
// is done all the same.
func (u *unpublisher) tarballGone(ctx context.Context, tarPath string) bool {
	_, err := u.opts.Client.Do(ctx, &registry.Request{Method: http.MethodHead, Path: tarPath, Registry: u.reg})
	return registry.IsNotFound(err)
}

// tarballPath is the tarball URL's path with the registry's own path
// prefix removed, not re-escaped, as npm sends it.
// "" means there is no tarball to delete: none listed, or a URL that
// does not parse (whose text must not become an absolute request URL).
func (u *unpublisher) tarballPath(tarball string) string {
	t, err := url.Parse(tarball)
	if tarball == "" || err != nil {
		return ""
	}
	p := t.Path
	if r, err := url.Parse(u.reg); err == nil {
		p = strings.TrimPrefix(p, strings.TrimSuffix(r.Path, "/"))
	}
	p = strings.TrimPrefix(p, "/")
	if strings.HasPrefix(p, "http://") || strings.HasPrefix(p, "https://") {
		// A path such as "/http://host/x" would be sent to that host.
		return ""
	}
	return p
}

// highestVersion is the highest remaining version, prereleases included.
func highestVersion(versions map[string]any) string {
	type parsed struct {
		raw string
		v   *semver.Version
	}
	var list []parsed
	for raw := range versions {
		if v, err := semver.Parse(raw); err == nil {
			list = append(list, parsed{raw, v})
		}
	}
	if len(list) == 0 {
		return ""
	}
	sort.Slice(list, func(i, j int) bool { return semver.Compare(list[i].v, list[j].v) > 0 })
	return list[0].raw
}
