package provenance

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/sigstore/sigstore-go/pkg/bundle"
	"github.com/sigstore/sigstore-go/pkg/root"
	"github.com/sigstore/sigstore-go/pkg/verify"
)

// Expect is the package a bundle must attest.
type Expect struct {
	Name, Version string
	SHA512Hex     string // of the tarball
}

// Attestation is what a verified bundle says about the build.
type Attestation struct {
	PredicateType string    `json:"predicateType"`
	Subject       string    `json:"subject"`
	Repository    string    `json:"sourceRepository"`
	Commit        string    `json:"commit"`
	Ref           string    `json:"ref,omitempty"`
	Workflow      string    `json:"workflow"`
	Builder       string    `json:"builder"`
	Invocation    string    `json:"invocation,omitempty"`
	Issuer        string    `json:"issuer"`   // of the signing certificate's ID token
	Identity      string    `json:"identity"` // the certificate's subject alternative name
	LogIndex      int64     `json:"logIndex"` // transparency-log entry
	SignedAt      time.Time `json:"integratedTime"`
}

// CheckSubject runs npm's checks of a provenance bundle's statement
// against the package (--provenance-file, libnpmpublish provenance.js),
// with npm's messages: a payload that parses, exactly one subject, the
// package's purl and the tarball's sha512.
func CheckSubject(bundleJSON []byte, expect Expect) error {
	var b struct {
		DSSEEnvelope *struct {
			Payload string `json:"payload"`
		} `json:"dsseEnvelope"`
	}
	if err := json.Unmarshal(bundleJSON, &b); err != nil {
		return fmt.Errorf("Invalid provenance provided: %v", err)
	}
	if b.DSSEEnvelope == nil || b.DSSEEnvelope.Payload == "" {
		return errors.New("No dsseEnvelope with payload found in sigstore bundle")
	}
	var stmt struct {
		Subject []Subject `json:"subject"`
	}
	payload, err := base64.StdEncoding.DecodeString(b.DSSEEnvelope.Payload)
	if err == nil {
		err = json.Unmarshal(payload, &stmt)
	}
	if err != nil {
		return fmt.Errorf("Failed to parse payload from dsseEnvelope: %v", err)
	}
	switch len(stmt.Subject) {
	case 0:
		return errors.New("No subject found in sigstore bundle payload")
	case 1:
	default:
		return errors.New("Found more than one subject in the sigstore bundle payload")
	}
	purl := Purl(expect.Name, expect.Version)
	if s := stmt.Subject[0]; s.Name != purl {
		return fmt.Errorf("Provenance subject %s does not match the package: %s", s.Name, purl)
	} else if s.Digest["sha512"] != expect.SHA512Hex {
		return errors.New("Provenance subject digest does not match the package")
	}
	return nil
}

// Verify checks a bundle against the trusted root: the certificate chains
// to a Fulcio CA of the root, the transparency-log entry is signed by a
// log of the root and includes this signature, the DSSE signature
// verifies with the certificate's key, and the statement's single
// subject is the package's purl with the tarball's sha512. It also
// requires the certificate's source repository, when it names one, to
// be the statement's. It returns what the statement attests.
func Verify(bundleJSON []byte, trusted root.TrustedMaterial, expect Expect) (*Attestation, error) {
	if err := CheckSubject(bundleJSON, expect); err != nil {
		return nil, err
	}
	var b bundle.Bundle
	if err := b.UnmarshalJSON(bundleJSON); err != nil {
		return nil, fmt.Errorf("reading the Sigstore bundle: %w", err)
	}
	opts := []verify.VerifierOption{verify.WithTransparencyLog(1), verify.WithObserverTimestamps(1)}
	if len(trusted.CTLogs()) > 0 {
		// Fulcio embeds a certificate-transparency timestamp when its
		// root lists CT logs (the public-good instance does).
		opts = append(opts, verify.WithSignedCertificateTimestamps(1))
	}
	v, err := verify.NewVerifier(trusted, opts...)
	if err != nil {
		return nil, err
	}
	digest, err := hex.DecodeString(expect.SHA512Hex)
	if err != nil {
		return nil, fmt.Errorf("invalid tarball digest %q", expect.SHA512Hex)
	}
	res, err := v.Verify(&b, verify.NewPolicy(verify.WithArtifactDigest("sha512", digest), verify.WithoutIdentitiesUnsafe()))
	if err != nil {
		return nil, fmt.Errorf("the provenance bundle does not verify: %w", err)
	}
	env, err := b.Envelope()
	if err != nil {
		return nil, err
	}
	payload, err := env.RawEnvelope().DecodeB64Payload()
	if err != nil {
		return nil, err
	}
	a, err := describe(payload)
	if err != nil {
		return nil, err
	}
	if res.Signature != nil && res.Signature.Certificate != nil {
		c := res.Signature.Certificate
		a.Issuer, a.Identity = c.Extensions.Issuer, c.SubjectAlternativeName
		if c.SourceRepositoryURI != "" && !sameRepository(c.SourceRepositoryURI, a.Repository) {
			return nil, fmt.Errorf("the provenance statement names repository %s but its certificate was issued to %s", a.Repository, c.SourceRepositoryURI)
		}
	}
	if tl, err := b.TlogEntries(); err == nil && len(tl) > 0 {
		a.LogIndex = tl[0].LogIndex()
		a.SignedAt = tl[0].IntegratedTime().UTC()
	}
	return a, nil
}

func sameRepository(a, b string) bool {
	norm := func(s string) string { return strings.TrimSuffix(strings.TrimPrefix(s, "git+"), ".git") }
	return norm(a) == norm(b)
}

// describe reads the build facts out of a statement of either shape npm
// writes (SLSA v1 for GitHub Actions, v0.2 for GitLab CI).
func describe(payload []byte) (*Attestation, error) {
	var s struct {
		PredicateType string    `json:"predicateType"`
		Subject       []Subject `json:"subject"`
		Predicate     struct {
			// SLSA v1
			BuildDefinition struct {
				ExternalParameters struct {
					Workflow struct{ Ref, Repository, Path string } `json:"workflow"`
				} `json:"externalParameters"`
				ResolvedDependencies []struct {
					Digest struct {
						GitCommit string `json:"gitCommit"`
					} `json:"digest"`
				} `json:"resolvedDependencies"`
			} `json:"buildDefinition"`
			RunDetails struct {
				Builder  struct{ ID string } `json:"builder"`
				Metadata struct {
					InvocationID string `json:"invocationId"`
				} `json:"metadata"`
			} `json:"runDetails"`
			// SLSA v0.2
			Builder    struct{ ID string } `json:"builder"`
			Invocation struct {
				ConfigSource struct {
					URI    string `json:"uri"`
					Digest struct {
						SHA1 string `json:"sha1"`
					} `json:"digest"`
					EntryPoint string `json:"entryPoint"`
				} `json:"configSource"`
				Parameters map[string]string `json:"parameters"`
			} `json:"invocation"`
			Metadata struct {
				BuildInvocationID string `json:"buildInvocationId"`
			} `json:"metadata"`
		} `json:"predicate"`
	}
	dec := json.NewDecoder(bytes.NewReader(payload))
	if err := dec.Decode(&s); err != nil {
		return nil, fmt.Errorf("reading the provenance statement: %w", err)
	}
	a := &Attestation{PredicateType: s.PredicateType}
	if len(s.Subject) > 0 {
		a.Subject = s.Subject[0].Name
	}
	p := s.Predicate
	switch s.PredicateType {
	case SLSAv1:
		w := p.BuildDefinition.ExternalParameters.Workflow
		a.Repository, a.Ref, a.Workflow = w.Repository, w.Ref, w.Path
		if len(p.BuildDefinition.ResolvedDependencies) > 0 {
			a.Commit = p.BuildDefinition.ResolvedDependencies[0].Digest.GitCommit
		}
		a.Builder, a.Invocation = p.RunDetails.Builder.ID, p.RunDetails.Metadata.InvocationID
	case SLSAv02:
		cs := p.Invocation.ConfigSource
		a.Repository, a.Commit = strings.TrimPrefix(cs.URI, "git+"), cs.Digest.SHA1
		a.Workflow = p.Invocation.Parameters["CI_CONFIG_PATH"]
		if cs.EntryPoint != "" {
			a.Workflow = strings.TrimPrefix(a.Workflow+" (job "+cs.EntryPoint+")", " ")
		}
		a.Ref = p.Invocation.Parameters["CI_COMMIT_REF_NAME"]
		a.Builder, a.Invocation = p.Builder.ID, p.Metadata.BuildInvocationID
	default:
		return nil, fmt.Errorf("unsupported provenance predicate type %q", s.PredicateType)
	}
	return a, nil
}
