// Package sigstoretest runs stand-ins for Fulcio and Rekor on 127.0.0.1
// for tests: the Fulcio stand-in issues code-signing certificates for the
// caller's key, under a CA made with sigstore-go's test CA helpers
// (pkg/testing/ca), with the claims of the ID token it is given as
// Fulcio's extensions; the Rekor stand-in validates and canonicalises
// entries with Rekor's own types, appends them to an RFC 6962 Merkle tree
// and answers with a signed entry timestamp, an inclusion proof and a
// signed checkpoint. TrustedRootJSON is the trusted root for verifiers.
//
// ca.VirtualSigstore itself is not used: it keeps its keys private (a
// Fulcio stand-in must sign the caller's key) and its checkpoints claim a
// tree of 42 leaves around a one-leaf proof, which sigstore-js rejects.
//
// ID tokens are not verified (there is no issuer to ask); the stand-in
// takes the claims as given, which is all a test of the client needs.
package sigstoretest

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/hex"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/sigstore/sigstore-go/pkg/root"
	"github.com/sigstore/sigstore-go/pkg/testing/ca"
	"github.com/transparency-dev/merkle/rfc6962"
	"github.com/transparency-dev/merkle/testonly"
)

// Sigstore is a running Fulcio and Rekor pair.
type Sigstore struct {
	FulcioURL string
	RekorURL  string

	rekorKey         *ecdsa.PrivateKey
	tree             *testonly.Tree
	rootCert         *x509.Certificate
	intermediate     *x509.Certificate
	intermediateKey  *ecdsa.PrivateKey
	fulcioValidFrom  time.Time
	fulcioValidUntil time.Time

	mu sync.Mutex
	// FulcioRequests and RekorRequests count the requests served.
	fulcioRequests, rekorRequests int
}

// Start starts both services; they stop when the test ends.
func Start(t testing.TB) *Sigstore {
	t.Helper()
	s, stop, err := New()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(stop)
	return s
}

// New starts both services and returns a function that stops them.
func New() (*Sigstore, func(), error) {
	rekorKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	rootCert, rootKey, err := ca.GenerateRootCa()
	if err != nil {
		return nil, nil, err
	}
	inter, interKey, err := ca.GenerateFulcioIntermediate(rootCert, rootKey)
	if err != nil {
		return nil, nil, err
	}
	s := &Sigstore{
		rootCert: rootCert, intermediate: inter, intermediateKey: interKey,
		fulcioValidFrom: time.Now().Add(-time.Hour), fulcioValidUntil: time.Now().Add(24 * time.Hour),
		rekorKey: rekorKey, tree: testonly.New(rfc6962.DefaultHasher),
	}
	fulcio, err := serve(http.HandlerFunc(s.serveFulcio))
	if err != nil {
		return nil, nil, err
	}
	rekor, err := serve(http.HandlerFunc(s.serveRekor))
	if err != nil {
		fulcio.Close()
		return nil, nil, err
	}
	s.FulcioURL, s.RekorURL = fulcio.URL, rekor.URL
	return s, func() { fulcio.Close(); rekor.Close() }, nil
}

func serve(h http.Handler) (*httptest.Server, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	srv := &httptest.Server{Listener: l, Config: &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}}
	srv.Start()
	return srv, nil
}

// TrustedRootJSON is the trusted root (Fulcio CA and Rekor key) that
// verifies what these services issue.
func (s *Sigstore) TrustedRootJSON() ([]byte, error) {
	fulcio := &root.FulcioCertificateAuthority{
		Root:                s.rootCert,
		Intermediates:       []*x509.Certificate{s.intermediate},
		ValidityPeriodStart: s.fulcioValidFrom,
		ValidityPeriodEnd:   s.fulcioValidUntil,
		URI:                 s.FulcioURL,
	}
	logID, err := s.logID()
	if err != nil {
		return nil, err
	}
	logs := map[string]*root.TransparencyLog{hex.EncodeToString(logID): {
		BaseURL:             s.RekorURL,
		ID:                  logID,
		ValidityPeriodStart: s.fulcioValidFrom,
		ValidityPeriodEnd:   s.fulcioValidUntil,
		HashFunc:            crypto.SHA256,
		PublicKey:           s.rekorKey.Public(),
		SignatureHashFunc:   crypto.SHA256,
	}}
	tr, err := root.NewTrustedRoot(root.TrustedRootMediaType01, []root.CertificateAuthority{fulcio}, nil, nil, logs)
	if err != nil {
		return nil, err
	}
	return tr.MarshalJSON()
}

// WriteTrustedRoot writes the trusted root into dir and returns its path.
func (s *Sigstore) WriteTrustedRoot(dir string) (string, error) {
	data, err := s.TrustedRootJSON()
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, "trusted_root.json")
	return path, os.WriteFile(path, data, 0o644)
}

// Requests returns how many certificate and log-entry requests were served.
func (s *Sigstore) Requests() (fulcio, rekor int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.fulcioRequests, s.rekorRequests
}
