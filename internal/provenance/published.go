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
	u, err := url.Parse(v.Dist.Attestations.URL)
	if err != nil {
		return pub, fmt.Errorf("%s@%s: invalid dist.attestations.url: %w", name, version, err)
	}
	reg, err := url.Parse(registryURL)
	if err != nil {
		return pub, err
	}
	var list struct {
		Attestations []struct {
			PredicateType string          `json:"predicateType"`
			Bundle        json.RawMessage `json:"bundle"`
		} `json:"attestations"`
	}
	endpoint := reg.Scheme + "://" + reg.Host + u.EscapedPath()
	if err := client.DoJSON(ctx, &registry.Request{Method: http.MethodGet, Path: endpoint, Registry: registryURL}, &list); err != nil {
		return pub, fmt.Errorf("fetching the attestations of %s@%s: %w", name, version, err)
	}
	expect := Expect{Name: name, Version: version, SHA512Hex: digest}
	for _, a := range list.Attestations {
		if !strings.HasPrefix(a.PredicateType, "https://slsa.dev/provenance/") {
			continue // the registry's own publish attestation
		}
		att, err := Verify(a.Bundle, trusted, expect)
		if err != nil {
			return pub, fmt.Errorf("%s@%s: %w", name, version, err)
		}
		pub.Attestations = append(pub.Attestations, att)
	}
	if len(pub.Attestations) == 0 {
		return pub, fmt.Errorf("%s@%s: %w (no SLSA provenance among its attestations)", name, version, ErrNoProvenance)
	}
	return pub, nil
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
