package provenance

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
)

// ReadStatement returns what a bundle's statement says, without
// verifying anything: for showing a bundle, never for trusting one.
func ReadStatement(bundleJSON []byte) (*Attestation, error) {
	var b struct {
		DSSEEnvelope *struct {
			Payload string `json:"payload"`
		} `json:"dsseEnvelope"`
	}
	if err := json.Unmarshal(bundleJSON, &b); err != nil {
		return nil, fmt.Errorf("reading the Sigstore bundle: %w", err)
	}
	if b.DSSEEnvelope == nil {
		return nil, errors.New("the Sigstore bundle holds no DSSE envelope")
	}
	payload, err := base64.StdEncoding.DecodeString(b.DSSEEnvelope.Payload)
	if err != nil {
		return nil, fmt.Errorf("reading the Sigstore bundle's payload: %w", err)
	}
	return describe(payload)
}

// Rows are the labelled facts of a verified attestation, in the order
// gonpm shows them (provenance verify, the stage approve review): label
// and value, the values registry text to be made terminal-safe by the
// caller.
func (a *Attestation) Rows() [][2]string {
	workflow := a.Workflow
	if a.Ref != "" {
		workflow += " (" + a.Ref + ")"
	}
	return [][2]string{
		{"source repository", a.Repository},
		{"commit", a.Commit},
		{"workflow", workflow},
		{"builder", a.Builder},
		{"build run", a.Invocation},
		{"signed by", a.Identity + " (issuer " + a.Issuer + ")"},
		{"transparency log", fmt.Sprintf("entry %d, %s", a.LogIndex, a.SignedAt.Format("2006-01-02 15:04:05 UTC"))},
		{"predicate", a.PredicateType},
	}
}
