package provenance

import (
	"errors"
	"fmt"
	"time"

	"github.com/sigstore/sigstore-go/pkg/root"
	"github.com/sigstore/sigstore-go/pkg/sign"
)

// Settings say which Sigstore instance signs and which trusted root
// verifies. Empty fields mean Sigstore's public-good instance, whose
// endpoints and trusted root sigstore-go fetches from Sigstore's TUF
// repository (so no URL of it is written here).
type Settings struct {
	FulcioURL   string // config sigstore-fulcio-url
	RekorURL    string // config sigstore-rekor-url
	TrustedRoot string // config sigstore-trusted-root: a trusted_root.json file
	// Timeout bounds each request to Fulcio and Rekor; 0 means 30s.
	Timeout time.Duration
}

// endpoints returns the Fulcio and Rekor URLs, filling what is not set
// from the public-good signing configuration.
func (s Settings) endpoints() (fulcio, rekor string, err error) {
	fulcio, rekor = s.FulcioURL, s.RekorURL
	if fulcio != "" && rekor != "" {
		return fulcio, rekor, nil
	}
	sc, err := root.FetchSigningConfig()
	if err != nil {
		return "", "", fmt.Errorf("fetching Sigstore's public signing configuration (set sigstore-fulcio-url and sigstore-rekor-url to use another instance): %w", err)
	}
	now := time.Now()
	if fulcio == "" {
		svc, err := root.SelectService(sc.FulcioCertificateAuthorityURLs(), sign.FulcioAPIVersions, now)
		if err != nil {
			return "", "", fmt.Errorf("no usable Fulcio in Sigstore's signing configuration: %w", err)
		}
		fulcio = svc.URL
	}
	if rekor == "" {
		// gonpm writes Rekor v1 dsse entries, as npm does.
		svc, err := root.SelectService(sc.RekorLogURLs(), []uint32{1}, now)
		if err != nil {
			return "", "", fmt.Errorf("no usable Rekor in Sigstore's signing configuration: %w", err)
		}
		rekor = svc.URL
	}
	return fulcio, rekor, nil
}

// LoadTrustedRoot reads the configured trusted root, or fetches the
// public-good one.
func (s Settings) LoadTrustedRoot() (root.TrustedMaterial, error) {
	if s.TrustedRoot != "" {
		tr, err := root.NewTrustedRootFromPath(s.TrustedRoot)
		if err != nil {
			return nil, fmt.Errorf("reading the Sigstore trusted root %s (config sigstore-trusted-root): %w", s.TrustedRoot, err)
		}
		return tr, nil
	}
	tr, err := root.FetchTrustedRoot()
	if err != nil {
		return nil, fmt.Errorf("fetching Sigstore's public trusted root (set sigstore-trusted-root to a trusted_root.json to verify offline): %w", err)
	}
	return tr, nil
}

func (s Settings) timeout() time.Duration {
	if s.Timeout > 0 {
		return s.Timeout
	}
	return 30 * time.Second
}

var errNoIDToken = errors.New("no Sigstore ID token")
