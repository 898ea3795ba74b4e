package sigstoretest

import (
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"math/big"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/sigstore/sigstore-go/pkg/fulcio/certificate"
)

// The code hosts whose ID-token claims name paths, not URLs (Fulcio's
// configured base URLs for them).
const (
	githubBase = "https://github.com"
	gitlabBase = "https://gitlab.com"
)

type signingCertRequest struct {
	Credentials struct {
		OIDCIdentityToken string `json:"oidcIdentityToken"`
	} `json:"credentials"`
	PublicKeyRequest struct {
		PublicKey struct {
			Algorithm string `json:"algorithm"`
			Content   string `json:"content"`
		} `json:"publicKey"`
		ProofOfPossession string `json:"proofOfPossession"`
	} `json:"publicKeyRequest"`
}

// serveFulcio answers POST /api/v2/signingCert as Fulcio does.
func (s *Sigstore) serveFulcio(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.URL.Path != "/api/v2/signingCert" {
		http.Error(w, `{"code":5,"message":"Not Found"}`, http.StatusNotFound)
		return
	}
	s.mu.Lock()
	s.fulcioRequests++
	s.mu.Unlock()
	var req signingCertRequest
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(&req); err != nil {
		fulcioError(w, http.StatusBadRequest, "invalid request: "+err.Error())
		return
	}
	token := req.Credentials.OIDCIdentityToken
	if scheme, v, ok := strings.Cut(r.Header.Get("Authorization"), " "); ok && strings.EqualFold(scheme, "bearer") {
		token = v
	}
	claims, err := Claims(token)
	if err != nil {
		fulcioError(w, http.StatusUnauthorized, "There was an error processing the identity token")
		return
	}
	block, _ := pem.Decode([]byte(req.PublicKeyRequest.PublicKey.Content))
	if block == nil {
		fulcioError(w, http.StatusBadRequest, "The public key supplied in the request could not be parsed")
		return
	}
	pub, err := x509.ParsePKIXPublicKey(block.Bytes)
	if err != nil {
		fulcioError(w, http.StatusBadRequest, "The public key supplied in the request could not be parsed")
		return
	}
	ecPub, ok := pub.(*ecdsa.PublicKey)
	if !ok {
		fulcioError(w, http.StatusBadRequest, "only ECDSA keys are supported by this stand-in")
		return
	}
	// Proof of possession: the key signed the token's email (when
	// verified) or its subject.
	subject, _ := claims["sub"].(string)
	if email, _ := claims["email"].(string); email != "" && claims["email_verified"] == true {
		subject = email
	}
	sig, err := base64.StdEncoding.DecodeString(req.PublicKeyRequest.ProofOfPossession)
	digest := sha256.Sum256([]byte(subject))
	if err != nil || !ecdsa.VerifyASN1(ecPub, digest[:], sig) {
		fulcioError(w, http.StatusBadRequest, "The signature supplied in the request could not be verified")
		return
	}
	leaf, err := s.issue(ecPub, claims)
	if err != nil {
		fulcioError(w, http.StatusInternalServerError, err.Error())
		return
	}
	chain := []string{toPEM(leaf), toPEM(s.intermediate.Raw), toPEM(s.rootCert.Raw)}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{
		"signedCertificateEmbeddedSct": map[string]any{"chain": map[string]any{"certificates": chain}},
	})
}

func fulcioError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"code": status, "message": msg})
}

func toPEM(der []byte) string {
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
}

// issue makes the leaf certificate for pub with the identity and the
// Fulcio extensions the claims give.
func (s *Sigstore) issue(pub *ecdsa.PublicKey, claims map[string]any) ([]byte, error) {
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 64))
	if err != nil {
		return nil, err
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		NotBefore:    now.Add(-time.Minute),
		NotAfter:     now.Add(10 * time.Minute),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageCodeSigning},
	}
	str := func(k string) string { v, _ := claims[k].(string); return v }
	ext := certificate.Extensions{Issuer: str("iss")}
	var san string
	switch {
	case str("job_workflow_ref") != "": // GitHub Actions
		san = githubBase + "/" + str("job_workflow_ref")
		repo := githubBase + "/" + str("repository")
		ext.BuildSignerURI = san
		ext.BuildSignerDigest = str("job_workflow_sha")
		ext.RunnerEnvironment = str("runner_environment")
		ext.SourceRepositoryURI = repo
		ext.SourceRepositoryDigest = str("sha")
		ext.SourceRepositoryRef = str("ref")
		ext.SourceRepositoryIdentifier = str("repository_id")
		ext.SourceRepositoryOwnerURI = githubBase + "/" + str("repository_owner")
		ext.SourceRepositoryOwnerIdentifier = str("repository_owner_id")
		ext.BuildConfigURI = githubBase + "/" + str("workflow_ref")
		ext.BuildConfigDigest = str("workflow_sha")
		ext.BuildTrigger = str("event_name")
		ext.RunInvocationURI = repo + "/actions/runs/" + str("run_id") + "/attempts/" + str("run_attempt")
		ext.SourceRepositoryVisibilityAtSigning = str("repository_visibility")
	case str("ci_config_ref_uri") != "": // GitLab CI
		san = "https://" + str("ci_config_ref_uri")
		repo := gitlabBase + "/" + str("project_path")
		ext.BuildSignerURI = san
		ext.BuildSignerDigest = str("ci_config_sha")
		ext.RunnerEnvironment = str("runner_environment")
		ext.SourceRepositoryURI = repo
		ext.SourceRepositoryDigest = str("sha")
		ext.SourceRepositoryRef = "refs/heads/" + str("ref")
		ext.SourceRepositoryIdentifier = str("project_id")
		ext.SourceRepositoryOwnerURI = gitlabBase + "/" + str("namespace_path")
		ext.SourceRepositoryOwnerIdentifier = str("namespace_id")
		ext.BuildConfigURI = san
		ext.BuildConfigDigest = str("ci_config_sha")
		ext.BuildTrigger = str("pipeline_source")
		ext.RunInvocationURI = repo + "/-/jobs/" + str("job_id")
		ext.SourceRepositoryVisibilityAtSigning = str("project_visibility")
	case str("email") != "":
		tmpl.EmailAddresses = []string{str("email")}
	default:
		san = str("sub")
	}
	if san != "" {
		u, err := url.Parse(san)
		if err != nil {
			return nil, fmt.Errorf("invalid identity %q: %w", san, err)
		}
		tmpl.URIs = []*url.URL{u}
	}
	tmpl.ExtraExtensions, err = render(ext)
	if err != nil {
		return nil, err
	}
	return x509.CreateCertificate(rand.Reader, tmpl, s.intermediate, pub, s.intermediateKey)
}

// render encodes the extensions as Fulcio does: the legacy issuer as raw
// bytes, every other one as a DER UTF8String, empty ones left out.
func render(e certificate.Extensions) ([]pkix.Extension, error) {
	out := []pkix.Extension{{Id: certificate.OIDIssuer, Value: []byte(e.Issuer)}}
	for _, f := range []struct {
		oid asn1.ObjectIdentifier
		val string
	}{
		{certificate.OIDIssuerV2, e.Issuer},
		{certificate.OIDBuildSignerURI, e.BuildSignerURI},
		{certificate.OIDBuildSignerDigest, e.BuildSignerDigest},
		{certificate.OIDRunnerEnvironment, e.RunnerEnvironment},
		{certificate.OIDSourceRepositoryURI, e.SourceRepositoryURI},
		{certificate.OIDSourceRepositoryDigest, e.SourceRepositoryDigest},
		{certificate.OIDSourceRepositoryRef, e.SourceRepositoryRef},
		{certificate.OIDSourceRepositoryIdentifier, e.SourceRepositoryIdentifier},
		{certificate.OIDSourceRepositoryOwnerURI, e.SourceRepositoryOwnerURI},
		{certificate.OIDSourceRepositoryOwnerIdentifier, e.SourceRepositoryOwnerIdentifier},
		{certificate.OIDBuildConfigURI, e.BuildConfigURI},
		{certificate.OIDBuildConfigDigest, e.BuildConfigDigest},
		{certificate.OIDBuildTrigger, e.BuildTrigger},
		{certificate.OIDRunInvocationURI, e.RunInvocationURI},
		{certificate.OIDSourceRepositoryVisibilityAtSigning, e.SourceRepositoryVisibilityAtSigning},
	} {
		if f.val == "" {
			continue
		}
		v, err := asn1.MarshalWithParams(f.val, "utf8")
		if err != nil {
			return nil, err
		}
		out = append(out, pkix.Extension{Id: f.oid, Value: v})
	}
	return out, nil
}

// Claims reads a JWT's payload without verifying it.
func Claims(token string) (map[string]any, error) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return nil, fmt.Errorf("not a JWT")
	}
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return nil, err
	}
	var claims map[string]any
	return claims, json.Unmarshal(raw, &claims)
}

// IDToken makes an (unsigned) JWT with claims, for the Fulcio stand-in.
func IDToken(claims map[string]any) string {
	enc := func(v any) string {
		b, _ := json.Marshal(v)
		return base64.RawURLEncoding.EncodeToString(b)
	}
	return enc(map[string]string{"alg": "none", "typ": "JWT"}) + "." + enc(claims) + ".c2ln"
}
