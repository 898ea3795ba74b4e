package provenance

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"

	"github.com/sigstore/sigstore-go/pkg/sign"
	"google.golang.org/protobuf/encoding/protojson"
)

// BundleMediaType is the media type of the bundles gonpm makes (one leaf
// certificate, no chain), as npm's.
const BundleMediaType = "application/vnd.dev.sigstore.bundle.v0.3+json"

// Signed is a signed statement.
type Signed struct {
	Bundle   []byte // the bundle JSON, compact
	LogIndex int64  // of its transparency-log entry
}

// Sign signs statement as a DSSE envelope with an ephemeral key whose
// certificate Fulcio issues for idToken, records it in Rekor (a dsse
// entry) and returns the bundle.
func Sign(ctx context.Context, s Settings, statement []byte, idToken string) (*Signed, error) {
	if idToken == "" {
		return nil, errNoIDToken
	}
	fulcioURL, rekorURL, err := s.endpoints()
	if err != nil {
		return nil, err
	}
	keypair, err := sign.NewEphemeralKeypair(nil)
	if err != nil {
		return nil, err
	}
	content := &sign.DSSEData{Data: statement, PayloadType: PayloadType}
	pb, err := sign.Bundle(content, keypair, sign.BundleOptions{
		Context:                    ctx,
		CertificateProvider:        sign.NewFulcio(&sign.FulcioOptions{BaseURL: fulcioURL, Timeout: s.timeout(), Retries: 2}),
		CertificateProviderOptions: &sign.CertificateProviderOptions{IDToken: idToken},
		TransparencyLogs:           []sign.Transparency{sign.NewRekor(&sign.RekorOptions{BaseURL: rekorURL, Timeout: s.timeout(), Retries: 2})},
	})
	if err != nil {
		return nil, fmt.Errorf("signing the provenance statement with Sigstore: %w", err)
	}
	raw, err := protojson.Marshal(pb)
	if err != nil {
		return nil, err
	}
	// protojson varies its whitespace on purpose; npm's bundle is compact.
	var compact bytes.Buffer
	if err := json.Compact(&compact, raw); err != nil {
		return nil, err
	}
	signed := &Signed{Bundle: compact.Bytes()}
	if tl := pb.GetVerificationMaterial().GetTlogEntries(); len(tl) > 0 {
		signed.LogIndex = tl[0].GetLogIndex()
	}
	return signed, nil
}
