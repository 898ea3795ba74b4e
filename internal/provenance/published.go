package provenance

import (
	"context"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/gonpm/gonpm/internal/registry"
	"github.com/sigstore/sigstore-go/pkg/root"
)

// ErrNoProvenance says a published version carries no provenance.
var ErrNoProvenance = errors.New("no provenance")

// Published is the verified provenance of a published version.
type Published struct {
	Name         string         `json:"name"`
	Version      string         `json:"version"`
	Integrity    string         `json:"integrity"`
	Attestations []*Attestation `json:"attestations"`
}

// VerifyPublished fetches the attestations of name@version (version may
// be a dist-tag) from the registry and verifies every provenance bundle
// among them against trusted, for the version's tarball as the registry
// lists it (dist.integrity). Like npm (pacote), only the path of
// dist.attestations.url is used, on the package's registry.
func VerifyPublished(ctx context.Context, client *registry.Client, registryURL, name, version string, trusted root.TrustedMaterial) (*Published, error) {
	var doc struct {
		DistTags map[string]string `json:"dist-tags"`
		Versions map[string]struct {
			Dist struct {
				Integrity    string `json:"integrity"`
				Attestations *struct {
					URL string `json:"url"`
				} `json:"attestations"`
			} `json:"dist"`
		} `json:"versions"`
	}
	err := client.DoJSON(ctx, &registry.Request{Method: http.MethodGet, Path: registry.EscapeName(name), Registry: registryURL}, &doc)
	if err != nil {
		return nil, fmt.Errorf("reading %s from the registry: %w", name, err)
	}
	if version == "" {
		version = "latest"
	}
	if v, ok := doc.DistTags[version]; ok {
		version = v
	}
	v, ok := doc.Versions[version]
	if !ok {
		return nil, fmt.Errorf("%s has no version %s", name, version)
	}
	pub := &Published{Name: name, Version: version, Integrity: v.Dist.Integrity}
	if v.Dist.Attestations == nil || v.Dist.Attestations.URL == "" {
		return pub, fmt.Errorf("%s@%s: %w (the registry lists no attestations for it)", name, version, ErrNoProvenance)
	}
	digest, err := sha512Hex(v.Dist.Integrity)
	if err != nil {
		return pub, fmt.Errorf("%s@%s: %w", name, version, err)
	}
	expect := Expect{Name: name, Version: version, SHA512Hex: digest}
	pub.Attestations, err = VerifyAttestations(ctx, client, registryURL, v.Dist.Attestations.URL, expect, trusted)
	if err != nil {
		return pub, fmt.Errorf("%s@%s: %w", name, version, err)
	}
	return pub, nil
}

// VerifyAttestations fetches the attestation list at attestationsURL
// ({"attestations":[{predicateType, bundle}]}, the shape of the registry's
// /-/npm/v1/attestations endpoint) and verifies every SLSA provenance
// bundle in it against trusted for expect. Like npm (pacote), only the
// URL's path is used, on registryURL's scheme and host: the URL is the
// registry's text, and the request carries the registry's credentials.
// A list without SLSA provenance gives ErrNoProvenance.
func VerifyAttestations(ctx context.Context, client *registry.Client, registryURL, attestationsURL string, expect Expect, trusted root.TrustedMaterial) ([]*Attestation, error) {
	u, err := url.Parse(attestationsURL)
	if err != nil {
		return nil, fmt.Errorf("invalid attestations url: %w", err)
	}
	reg, err := url.Parse(registryURL)
	if err != nil {
		return nil, err
	}
	var list struct {
		Attestations []struct {
			PredicateType string          `json:"predicateType"`
			Bundle        json.RawMessage `json:"bundle"`
		} `json:"attestations"`
	}
	endpoint := reg.Scheme + "://" + reg.Host + u.EscapedPath()
	if err := client.DoJSON(ctx, &registry.Request{Method: http.MethodGet, Path: endpoint, Registry: registryURL}, &list); err != nil {
		return nil, fmt.Errorf("fetching the attestations: %w", err)
	}
	var out []*Attestation
	for _, a := range list.Attestations {
		if !strings.HasPrefix(a.PredicateType, "https://slsa.dev/provenance/") {
			continue // the registry's own publish attestation
		}
		att, err := Verify(a.Bundle, trusted, expect)
		if err != nil {
			return nil, err
		}
		out = append(out, att)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%w (no SLSA provenance among its attestations)", ErrNoProvenance)
	}
	return out, nil
}

func sha512Hex(integrity string) (string, error) {
	for _, h := range strings.Fields(integrity) {
		if b64, ok := strings.CutPrefix(h, "sha512-"); ok {
			raw, err := base64.StdEncoding.DecodeString(strings.SplitN(b64, "?", 2)[0])
			if err == nil {
				return hex.EncodeToString(raw), nil
			}
		}
	}
	return "", fmt.Errorf("dist.integrity %q holds no sha512", integrity)
}
