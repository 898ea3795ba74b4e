package publishing

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sort"

	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/jsonobject"
	"github.com/gonpm/gonpm/internal/registry"
	"github.com/gonpm/gonpm/internal/semver"
)

// publishedVersion is what the packument says about one version.
type publishedVersion struct {
	deprecated bool
	integrity  string
	shasum     string
}

// fetchVersions reads the versions already on the registry. A package
// that does not exist yet has none.
func fetchVersions(ctx context.Context, client *registry.Client, reg, name string, auth *config.Auth) (map[string]publishedVersion, error) {
	resp, err := client.Do(ctx, &registry.Request{
		Method:   http.MethodGet,
		Path:     registry.EscapeName(name),
		Query:    url.Values{"write": {"true"}},
		Registry: reg,
		Auth:     auth,
		// A read never needs a code; a challenge here is not worth a prompt.
		NoOTP: true,
	})
	if registry.IsNotFound(err) {
		return map[string]publishedVersion{}, nil
	}
	if err != nil {
		return nil, err
	}
	return publishedVersions(resp.Body)
}

// publishedVersions reads the versions of a packument.
func publishedVersions(packument []byte) (map[string]publishedVersion, error) {
	var doc struct {
		Versions map[string]struct {
			Deprecated json.RawMessage `json:"deprecated"`
			Dist       struct {
				Integrity string `json:"integrity"`
				Shasum    string `json:"shasum"`
			} `json:"dist"`
		} `json:"versions"`
	}
	if err := json.Unmarshal(packument, &doc); err != nil {
		return nil, fmt.Errorf("the registry sent an invalid package document: %w", err)
	}
	out := make(map[string]publishedVersion, len(doc.Versions))
	for v, info := range doc.Versions {
		// npm tests the field for truthiness.
		deprecated := jsonobject.Truthy(info.Deprecated)
		out[v] = publishedVersion{deprecated: deprecated, integrity: info.Dist.Integrity, shasum: info.Dist.Shasum}
	}
	return out, nil
}

// checkVersions makes npm 11's checks against the published versions
// (protocol-publish §2.8): never over an existing version, and never an
// implicit "latest" lower than the highest release. A packument that
// cannot be read skips the checks, as in npm.
func (p *Package) checkVersions(ctx context.Context, opts *Options) error {
	versions, err := fetchVersions(ctx, opts.Client, p.registry, p.name, p.auth)
	if err != nil {
		return nil
	}
	return p.refuseVersion(versions)
}

func (p *Package) refuseVersion(versions map[string]publishedVersion) error {
	if _, ok := versions[p.version]; ok {
		return fmt.Errorf("you cannot publish over the previously published version %s@%s: bump the version in package.json", p.name, p.version)
	}
	if p.explicitTag {
		return nil
	}
	newV, err := semver.Parse(p.version)
	if err != nil {
		return nil
	}
	var releases []*semver.Version
	for v, info := range versions {
		pv, err := semver.Parse(v)
		if err != nil || pv.IsPrerelease() || info.deprecated {
			continue
		}
		releases = append(releases, pv)
	}
	if len(releases) == 0 {
		return nil
	}
	sort.Slice(releases, func(i, j int) bool { return semver.Compare(releases[i], releases[j]) > 0 })
	if highest := releases[0]; semver.Compare(highest, newV) >= 0 {
		return fmt.Errorf("cannot implicitly apply the \"latest\" tag because previously published version %s is higher than %s@%s: name a tag with --tag", highest, p.name, p.version)
	}
	return nil
}
