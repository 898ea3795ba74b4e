package publishing

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/gonpm/gonpm/internal/registry"
	"github.com/gonpm/gonpm/internal/semver"
)

// Unpublisher removes versions of one package, or the whole package, from
// one registry (protocol-publish §4). `gonpm unpublish` decides what to
// remove and says what it did; the requests are made here.
type Unpublisher struct {
	client *registry.Client
	reg    string
	name   string
}

// NewUnpublisher returns an Unpublisher for the package name on reg.
func NewUnpublisher(client *registry.Client, reg, name string) *Unpublisher {
	return &Unpublisher{client: client, reg: reg, name: name}
}

// Packument reads the full document with its revision, bypassing caches.
func (u *Unpublisher) Packument(ctx context.Context) (map[string]any, error) {
	resp, err := u.client.Do(ctx, &registry.Request{
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

// RemovePackage deletes every version: DELETE /<name>/-rev/<rev>.
func (u *Unpublisher) RemovePackage(ctx context.Context, doc map[string]any) error {
	rev, err := revOf(doc)
	if err != nil {
		return err
	}
	_, err = u.client.Do(ctx, &registry.Request{
		Method:   http.MethodDelete,
		Path:     registry.EscapeName(u.name) + "/-rev/" + rev,
		Registry: u.reg,
	})
	if err != nil && !registry.IsNotFound(err) {
		return fmt.Errorf("could not unpublish %s: %w", u.name, err)
	}
	return nil
}

// RemoveVersion writes the document back without the version, then
// deletes its tarball (protocol-publish §4).
func (u *Unpublisher) RemoveVersion(ctx context.Context, doc map[string]any, version string) error {
	rev, err := revOf(doc)
	if err != nil {
		return err
	}
	tarPath := u.tarballPath(dropVersion(doc, version))
	_, err = u.client.Do(ctx, &registry.Request{
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
	fresh, rerr := u.Packument(ctx)
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
	_, err = u.client.Do(ctx, &registry.Request{
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
func (u *Unpublisher) tarballGone(ctx context.Context, tarPath string) bool {
	_, err := u.client.Do(ctx, &registry.Request{Method: http.MethodHead, Path: tarPath, Registry: u.reg})
	return registry.IsNotFound(err)
}

// tarballPath is the tarball URL's path with the registry's own path
// prefix removed, not re-escaped, as npm sends it.
// "" means there is no tarball to delete: none listed, or a URL that
// does not parse (whose text must not become an absolute request URL).
func (u *Unpublisher) tarballPath(tarball string) string {
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
