// Package provenance builds, signs and verifies the build provenance npm
// attaches to a published version: an in-toto statement (SLSA provenance)
// describing the CI run, signed with Sigstore into a bundle
// (application/vnd.dev.sigstore.bundle.v0.3+json).
//
// The statement is hand-built because it must match npm 11.19 field for
// field (protocol-writes-npm11.md §6.3). Everything Sigstore — the
// ephemeral key, the Fulcio certificate request, the DSSE envelope, the
// Rekor entry, the bundle and its verification — is sigstore-go's.
package provenance
