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
