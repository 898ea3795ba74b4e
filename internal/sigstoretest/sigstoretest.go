// Package sigstoretest runs stand-ins for Fulcio and Rekor on 127.0.0.1
// for tests, built on sigstore-go's test CA and transparency log
// (pkg/testing/ca): the Fulcio stand-in issues code-signing certificates
// for the caller's key with the claims of the ID token it is given as
// Fulcio's extensions, and the Rekor stand-in accepts dsse entries the
// way Rekor v1 does, answering with a signed entry timestamp and an
// inclusion proof. TrustedRoot writes a trusted_root.json for verifiers.
//
// ID tokens are not verified (there is no issuer to ask); the stand-in
// takes the claims as given, which is all a test of the client needs.
package sigstoretest

import (
	"crypto/ecdsa"
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
)

// Sigstore is a running Fulcio and Rekor pair.
type Sigstore struct {
	FulcioURL string
	RekorURL  string

	virtual          *ca.VirtualSigstore
	rootCert         *x509.Certificate
	intermediate     *x509.Certificate
	intermediateKey  *ecdsa.PrivateKey
	fulcioValidFrom  time.Time
	fulcioValidUntil time.Time

	mu       sync.Mutex
	logIndex int64
	entries  int
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
	vs, err := ca.NewVirtualSigstore()
	if err != nil {
		return nil, nil, err
	}
	// VirtualSigstore keeps its Fulcio intermediate key to itself, so the
	// certificate authority that signs callers' keys is made with the same
	// package's helpers; the transparency log is the VirtualSigstore's.
	rootCert, rootKey, err := ca.GenerateRootCa()
	if err != nil {
		return nil, nil, err
	}
	inter, interKey, err := ca.GenerateFulcioIntermediate(rootCert, rootKey)
	if err != nil {
		return nil, nil, err
	}
	s := &Sigstore{
		virtual: vs, rootCert: rootCert, intermediate: inter, intermediateKey: interKey,
		fulcioValidFrom: time.Now().Add(-time.Hour), fulcioValidUntil: time.Now().Add(24 * time.Hour),
		logIndex: 4000000,
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
	// VirtualSigstore's log ID is the hex text as bytes, fine in memory
	// but not once written: a trusted root holds the raw key ID.
	logs := map[string]*root.TransparencyLog{}
	for id, l := range s.virtual.RekorLogs() {
		raw, err := hex.DecodeString(id)
		if err != nil {
			return nil, err
		}
		c := *l
		c.ID = raw
		c.ValidityPeriodStart = s.fulcioValidFrom
		c.ValidityPeriodEnd = s.fulcioValidUntil
		logs[id] = &c
	}
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
