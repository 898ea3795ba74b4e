package staging

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/gonpm/gonpm/internal/registry"
)

// ChangeKind says how a file of a staged version differs from the same
// path in the version on latest.
type ChangeKind string

const (
	Added     ChangeKind = "added"
	Removed   ChangeKind = "removed"
	Changed   ChangeKind = "changed"
	Unchanged ChangeKind = "unchanged"
)

// Change is one path in the comparison.
type Change struct {
	Path             string
	Kind             ChangeKind
	OldSize, NewSize int64
}

// Compare lists every file of staged and of base (nil when there is no
// version on latest), sorted by path, with how it changed.
func Compare(base, staged *Tarball) []Change {
	old := map[string]Entry{}
	if base != nil {
		for _, e := range base.Entries {
			old[e.Path] = e
		}
	}
	var out []Change
	seen := map[string]bool{}
	for _, e := range staged.Entries {
		seen[e.Path] = true
		o, ok := old[e.Path]
		switch {
		case !ok:
			out = append(out, Change{Path: e.Path, Kind: Added, NewSize: e.Size})
		case o.Sum != e.Sum:
			out = append(out, Change{Path: e.Path, Kind: Changed, OldSize: o.Size, NewSize: e.Size})
		default:
			out = append(out, Change{Path: e.Path, Kind: Unchanged, OldSize: o.Size, NewSize: e.Size})
		}
	}
	if base != nil {
		for _, e := range base.Entries {
			if !seen[e.Path] {
				out = append(out, Change{Path: e.Path, Kind: Removed, OldSize: e.Size})
			}
		}
	}
	slices.SortFunc(out, func(a, b Change) int { return strings.Compare(a.Path, b.Path) })
	return out
}

// Review is what an approval of one staged version would publish.
type Review struct {
	Item   Item
	Staged *Tarball
	// LatestVersion is the version on latest now ("" for a new package or
	// one without latest); Changes compare with it.
	LatestVersion string
	Changes       []Change
	// NotCompared says why the files were not compared with latest ("" when
	// they were).
	NotCompared string
	// Provenance is the staged version's provenance, verified (nil when
	// it was not checked).
	Provenance *Provenance
}

// errTarballElsewhere: the version on latest has its tarball on another host.
var errTarballElsewhere = errors.New("its tarball is not on the registry, so it was not fetched")

// Review gathers the record, the staged tarball and the tarball of the
// version currently on latest, and compares them. With a verifier it also
// verifies the staged version's provenance.
func (c *Client) Review(ctx context.Context, id string, v *Verifier) (*Review, error) {
	rec, err := c.View(ctx, id)
	if err != nil {
		return nil, err
	}
	item := Item{rec}
	data, err := c.Download(ctx, id)
	if err != nil {
		return nil, err
	}
	staged, err := ReadTarball(data)
	if err != nil {
		return nil, err
	}
	r := &Review{Item: item, Staged: staged}
	name := item.Package()
	if name == "" {
		name = staged.Name
	}
	if v != nil {
		version := item.Version()
		if item.Package() == "" || version == "" {
			version = staged.Version
		}
		r.Provenance = c.checkProvenance(ctx, item, name, version, data, v)
	}
	base, version, err := c.latestTarball(ctx, name)
	r.LatestVersion = version
	switch {
	case errors.Is(err, errTarballElsewhere):
		r.NotCompared = err.Error()
	case err != nil:
		return nil, fmt.Errorf("could not read the version of %s on latest to compare with: %w", name, err)
	default:
		r.Changes = Compare(base, staged)
	}
	return r, nil
}

// latestTarball fetches the tarball of name's latest version; a package
// that does not exist yet has none.
func (c *Client) latestTarball(ctx context.Context, name string) (*Tarball, string, error) {
	r := c.req(http.MethodGet, registry.EscapeName(name))
	r.Header = http.Header{"Accept": {corgiAccept}}
	var doc struct {
		DistTags map[string]string `json:"dist-tags"`
		Versions map[string]struct {
			Dist struct {
				Tarball string `json:"tarball"`
			} `json:"dist"`
		} `json:"versions"`
	}
	if err := c.HTTP.DoJSON(ctx, r, &doc); err != nil {
		if registry.IsNotFound(err) {
			return nil, "", nil
		}
		return nil, "", err
	}
	latest := doc.DistTags["latest"]
	v, ok := doc.Versions[latest]
	if latest == "" || !ok || v.Dist.Tarball == "" {
		return nil, "", nil
	}
	if !c.onRegistry(v.Dist.Tarball) {
		// The packument is the registry's text: a tarball elsewhere would
		// receive the one-time password given with --otp, so it is not
		// fetched.
		return nil, latest, fmt.Errorf("%w (%s)", errTarballElsewhere, SafeText(registry.StripUserinfo(v.Dist.Tarball)))
	}
	resp, err := c.HTTP.Do(ctx, &registry.Request{Method: http.MethodGet, Path: v.Dist.Tarball, Registry: c.Registry})
	if err != nil {
		return nil, "", err
	}
	tb, err := ReadTarball(resp.Body)
	if err != nil {
		return nil, "", err
	}
	return tb, latest, nil
}

// onRegistry reports whether rawURL has the registry's scheme and host.
func (c *Client) onRegistry(rawURL string) bool {
	reg := c.Registry
	if reg == "" {
		reg, _ = c.HTTP.Registry()
	}
	a, err1 := url.Parse(rawURL)
	b, err2 := url.Parse(reg)
	return err1 == nil && err2 == nil && a.Scheme == b.Scheme && strings.EqualFold(a.Host, b.Host)
}

// WriteReview prints what approving publishes: package, version, tag,
// who staged it and when, and the files compared with latest.
func WriteReview(w io.Writer, r *Review) {
	it := r.Item
	name, version := it.Package(), it.Version()
	if name == "" {
		name, version = r.Staged.Name, r.Staged.Version
	}
	fmt.Fprintf(w, "Staged %s@%s (id %s)\n", SafeText(name), SafeText(version), SafeText(it.ID()))
	fmt.Fprintf(w, "  tag:       %s\n", SafeText(it.Tag()))
	fmt.Fprintf(w, "  staged by: %s on %s\n", SafeText(it.StagedBy()), SafeText(it.CreatedAt()))
	writeProvenance(w, r.Provenance, "  ")
	if r.NotCompared != "" {
		fmt.Fprintf(w, "  files (not compared with %s@%s on latest: %s):\n", SafeText(name), SafeText(r.LatestVersion), r.NotCompared)
		for _, e := range r.Staged.Entries {
			fmt.Fprintf(w, "      %-9s %s\n", FormatSize(e.Size), SafeText(e.Path))
		}
		return
	}
	if r.LatestVersion == "" {
		fmt.Fprintln(w, "  files (nothing on latest to compare with):")
	} else {
		fmt.Fprintf(w, "  files compared with %s@%s on latest:\n", SafeText(name), SafeText(r.LatestVersion))
	}
	counts := map[ChangeKind]int{}
	for _, c := range r.Changes {
		counts[c.Kind]++
		switch c.Kind {
		case Added:
			fmt.Fprintf(w, "    + %-9s %s\n", FormatSize(c.NewSize), SafeText(c.Path))
		case Removed:
			fmt.Fprintf(w, "    - %-9s %s\n", FormatSize(c.OldSize), SafeText(c.Path))
		case Changed:
			fmt.Fprintf(w, "    ~ %-9s %s (was %s)\n", FormatSize(c.NewSize), SafeText(c.Path), FormatSize(c.OldSize))
		default:
			fmt.Fprintf(w, "      %-9s %s\n", FormatSize(c.NewSize), SafeText(c.Path))
		}
	}
	fmt.Fprintf(w, "  %d added, %d removed, %d changed, %d unchanged\n", counts[Added], counts[Removed], counts[Changed], counts[Unchanged])
}

// FormatSize is a byte count the way npm prints file sizes: "123B",
// "1.2kB", "3.4MB".
func FormatSize(n int64) string {
	switch {
	case n < 1000:
		return strconv.FormatInt(n, 10) + "B"
	case n < 1000*1000:
		return strconv.FormatFloat(float64(n)/1000, 'f', 1, 64) + "kB"
	default:
		return strconv.FormatFloat(float64(n)/1000/1000, 'f', 1, 64) + "MB"
	}
}

// ErrNotConfirmed is returned when the person declines an approval.
var ErrNotConfirmed = errors.New("not approved: the review was declined")
