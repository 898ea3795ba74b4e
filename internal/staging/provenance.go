package staging

import (
	"context"
	"crypto/sha512"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/gonpm/gonpm/internal/provenance"
	"github.com/sigstore/sigstore-go/pkg/root"
)

// Provenance is what gonpm found out about a staged version's provenance:
// none, verified (and what it attests), or present but not verified (and
// why). It is gonpm's own verdict, never the registry's word.
type Provenance struct {
	Present  bool `json:"present"`
	Verified bool `json:"verified"`
	// TrustedRoot names what the bundle was verified against.
	TrustedRoot  string                    `json:"trustedRoot,omitempty"`
	Attestations []*provenance.Attestation `json:"attestations,omitempty"`
	// Error says why a bundle present does not verify.
	Error string `json:"error,omitempty"`
}

// Verifier is the Sigstore trusted root provenance is verified against.
type Verifier struct {
	// Root loads the trusted root; it is called only when a staged
	// version has provenance (loading the public one takes a network
	// round trip), so callers make it load once (sync.OnceValues).
	Root func() (root.TrustedMaterial, error)
	// Name names the root on screen: "the trusted root <file>", or
	// Sigstore's public one.
	Name string
}

// AttestationsURL is the URL of the attestations the record names
// (attestations.url, the shape of a published version's
// dist.attestations), "" when it names none.
func (it Item) AttestationsURL() string {
	var a struct {
		URL string `json:"url"`
	}
	if raw := it.Get("attestations"); len(raw) == 0 || json.Unmarshal(raw, &a) != nil {
		return ""
	}
	return a.URL
}

// Provenance checks the provenance of the staged version it: the
// attestations its record names, verified against v's trusted root for
// the staged tarball (downloaded here) as `gonpm provenance verify`
// verifies a published version's.
func (c *Client) Provenance(ctx context.Context, it Item, v *Verifier) *Provenance {
	if it.AttestationsURL() == "" {
		return &Provenance{}
	}
	data, err := c.Download(ctx, it.ID())
	if err != nil {
		return &Provenance{Present: true, TrustedRoot: v.Name, Error: "could not download the staged tarball to check it against: " + err.Error()}
	}
	name, version := it.Package(), it.Version()
	if name == "" || version == "" {
		tb, err := ReadTarball(data)
		if err != nil {
			return &Provenance{Present: true, TrustedRoot: v.Name, Error: err.Error()}
		}
		name, version = tb.Name, tb.Version
	}
	return c.checkProvenance(ctx, it, name, version, data, v)
}

// checkProvenance verifies the attestations it names for the tarball
// data of name@version.
func (c *Client) checkProvenance(ctx context.Context, it Item, name, version string, data []byte, v *Verifier) *Provenance {
	attURL := it.AttestationsURL()
	if attURL == "" {
		return &Provenance{}
	}
	p := &Provenance{Present: true, TrustedRoot: v.Name}
	trusted, err := v.Root()
	if err != nil {
		p.Error = err.Error()
		return p
	}
	reg := c.Registry
	if reg == "" {
		reg, _ = c.HTTP.Registry()
	}
	sum := sha512.Sum512(data)
	expect := provenance.Expect{Name: name, Version: version, SHA512Hex: hex.EncodeToString(sum[:])}
	atts, err := provenance.VerifyAttestations(ctx, c.HTTP, reg, attURL, expect, trusted)
	switch {
	case errors.Is(err, provenance.ErrNoProvenance):
		// The record names attestations, none of them provenance.
		return &Provenance{}
	case err != nil:
		p.Error = err.Error()
	default:
		p.Verified, p.Attestations = true, atts
	}
	return p
}

// WriteProvenance prints what Provenance found, as `stage view` shows it
// after the record.
func WriteProvenance(w io.Writer, p *Provenance) { writeProvenance(w, p, "") }

// writeProvenance prints the provenance lines, indented.
func writeProvenance(w io.Writer, p *Provenance, indent string) {
	switch {
	case p == nil:
	case !p.Present:
		fmt.Fprintf(w, "%sprovenance: no provenance (nothing signed says where this version was built)\n", indent)
	case p.Verified:
		fmt.Fprintf(w, "%sprovenance: verified against %s\n", indent, SafeText(p.TrustedRoot))
		for _, a := range p.Attestations {
			for _, r := range a.Rows() {
				fmt.Fprintf(w, "%s  %-18s %s\n", indent, r[0]+":", SafeText(r[1]))
			}
		}
	default:
		fmt.Fprintf(w, "%sprovenance: NOT VERIFIED against %s: %s\n", indent, SafeText(p.TrustedRoot), SafeText(p.Error))
	}
}
