package stage

import (
	"sync"

	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/publishing"
	"github.com/gonpm/gonpm/internal/staging"
)

// provenanceVerifier verifies staged versions' provenance against the
// configured Sigstore trusted root (sigstore-trusted-root, else Sigstore's
// public one), as `gonpm provenance verify` does. The root is loaded once,
// and only if a version has provenance.
func provenanceVerifier(cfg *config.Config) *staging.Verifier {
	s := publishing.SigstoreSettings(cfg)
	name := "Sigstore's public trusted root"
	if s.TrustedRoot != "" {
		name = "the trusted root " + s.TrustedRoot
	}
	return &staging.Verifier{Root: sync.OnceValues(s.LoadTrustedRoot), Name: name}
}
