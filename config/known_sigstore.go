package config

// gonpm's own keys for provenance: the Sigstore instance that signs and
// the trusted root that verifies (unset: Sigstore's public-good instance).
func init() {
	for _, k := range []string{"sigstore-fulcio-url", "sigstore-rekor-url", "sigstore-trusted-root"} {
		knownKeys[k] = true
	}
}
