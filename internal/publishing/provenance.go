package publishing

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"

	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/ciinfo"
	"github.com/gonpm/gonpm/internal/oidc"
	"github.com/gonpm/gonpm/internal/provenance"
	"github.com/gonpm/gonpm/internal/registry"
)

// publicGoodSearch is Sigstore's public transparency-log search page,
// the link npm prints; a configured Rekor gets its own entry URL instead.
const publicGoodSearch = "https://search.sigstore.dev/"

// provenanceSettings reads the provenance keys, publishConfig.provenance
// included (npm's precedence: over the files and the environment, under
// the command line). A provenance file the user gives wins over the
// package's provenance: true, as one given with the file would conflict.
func (p *Package) provenanceSettings(cfg *config.Config) error {
	p.provenance = cfg.Bool("provenance")
	_, layer, _ := cfg.Lookup("provenance")
	p.provenanceSet = layer != "" && layer != config.LayerDefault
	p.provenanceFile = cfg.Get("provenance-file")
	if layer == config.LayerPublishConfig && p.provenanceFile != "" {
		p.provenance = false
	}
	p.sigstore = SigstoreSettings(cfg)
	if p.provenance && p.provenanceFile != "" {
		return errors.New("--provenance cannot be provided when using --provenance-file")
	}
	return nil
}

// SigstoreSettings are the Sigstore endpoints and trusted root configured
// with sigstore-fulcio-url, sigstore-rekor-url and sigstore-trusted-root;
// unset ones mean Sigstore's public-good instance.
//
// A project is not trusted (it comes with the code), so these are never
// taken from its .npmrc (the config drops them with a warning) nor from
// its publishConfig: it could otherwise name the root that verification
// trusts.
func SigstoreSettings(cfg *config.Config) provenance.Settings {
	get := func(key string) string {
		v, layer, _ := cfg.Lookup(key)
		if layer == config.LayerProject || layer == config.LayerPublishConfig {
			return ""
		}
		return v
	}
	return provenance.Settings{
		FulcioURL:   strings.TrimSuffix(get("sigstore-fulcio-url"), "/"),
		RekorURL:    strings.TrimSuffix(get("sigstore-rekor-url"), "/"),
		TrustedRoot: get("sigstore-trusted-root"),
		Timeout:     cfg.Duration("fetch-timeout"),
	}
}

// provenanceBundleName is the attachment npm puts the bundle in.
func (p *Package) provenanceBundleName() string { return p.name + "-" + p.version + ".sigstore" }

// expect is what a bundle for p must attest.
func (p *Package) expect() (provenance.Expect, error) {
	b64, ok := strings.CutPrefix(p.contents.Integrity, "sha512-")
	raw, err := base64.StdEncoding.DecodeString(b64)
	if !ok || err != nil {
		return provenance.Expect{}, fmt.Errorf("the tarball's integrity %q is not a sha512", p.contents.Integrity)
	}
	return provenance.Expect{Name: p.name, Version: p.version, SHA512Hex: hex.EncodeToString(raw)}, nil
}

// attachProvenance makes (--provenance) or reads (--provenance-file) the
// provenance bundle and attaches it to p, after verifying it against the
// trusted root: gonpm publishes no bundle that does not verify. A dry run
// shows the statement it would sign and signs nothing.
func (p *Package) attachProvenance(ctx context.Context, opts *Options) error {
	switch {
	case p.provenanceFile != "":
		return p.attachProvenanceFile(opts)
	case !p.provenance:
		return nil
	}
	getenv := opts.Getenv
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	provider, err := p.ensureProvenanceGeneration(ctx, opts, getenv)
	if err != nil {
		return err
	}
	expect, err := p.expect()
	if err != nil {
		return err
	}
	stmt, err := provenance.Statement(provider, getenv, p.name, p.version, expect.SHA512Hex)
	if err != nil {
		return err
	}
	if opts.DryRun {
		var pretty bytes.Buffer
		_ = json.Indent(&pretty, stmt, "", "  ")
		fmt.Fprintf(opts.IO.ErrOut, "%s %s provenance statement that would be signed (dry-run, nothing signed):\n%s\n", noticePrefix, p.command(opts), pretty.String())
		return nil
	}
	idToken, err := sigstoreIDToken(ctx, opts, getenv, provider)
	if err != nil {
		return err
	}
	signed, err := provenance.Sign(ctx, p.sigstore, stmt, idToken)
	if err != nil {
		return err
	}
	if err := p.verifyBundle(signed.Bundle, expect, "the provenance bundle gonpm signed"); err != nil {
		return err
	}
	fmt.Fprintf(opts.IO.ErrOut, "%s %s Signed provenance statement with source and build information from %s\n", noticePrefix, p.command(opts), provider)
	fmt.Fprintf(opts.IO.ErrOut, "%s %s Provenance statement published to transparency log: %s\n", noticePrefix, p.command(opts), p.logEntryURL(signed.LogIndex))
	p.attestation = &Attachment{ContentType: provenance.BundleMediaType, Data: string(signed.Bundle), Length: int64(len(signed.Bundle))}
	return nil
}

// command is npm's word for the notices: publish or stage.
func (p *Package) command(opts *Options) string {
	if opts.Verb != "" && opts.Verb != "Publishing" {
		return "stage"
	}
	return "publish"
}

func (p *Package) logEntryURL(index int64) string {
	if p.sigstore.RekorURL == "" {
		return fmt.Sprintf("%s?logIndex=%d", publicGoodSearch, index)
	}
	return fmt.Sprintf("%s/api/v1/log/entries?logIndex=%d", p.sigstore.RekorURL, index)
}

// ensureProvenanceGeneration makes npm's checks (libnpmpublish
// publish.js): a supported CI with its ID token available, and a public
// package.
func (p *Package) ensureProvenanceGeneration(ctx context.Context, opts *Options, getenv func(string) string) (provenance.Provider, error) {
	provider := provenance.DetectProvider(getenv)
	switch provider {
	case provenance.GitHubActions:
		if getenv("ACTIONS_ID_TOKEN_REQUEST_URL") == "" {
			return "", errors.New(`Provenance generation in GitHub Actions requires "write" access to the "id-token" permission`)
		}
	case provenance.GitLabCI:
		if getenv("SIGSTORE_ID_TOKEN") == "" {
			return "", errors.New(`Provenance generation in GitLab CI requires "SIGSTORE_ID_TOKEN" with "sigstore" audience to be present in "id_tokens". For more info see:` + "\nhttps://docs.gitlab.com/ee/ci/secrets/id_token_authentication.html")
		}
	default:
		name := ciinfo.Detect(getenv).Name
		if name == "" {
			name = "null"
		}
		return "", fmt.Errorf("Automatic provenance generation not supported for provider: %s", name)
	}
	if p.access != nil && *p.access == "public" {
		return provider, nil
	}
	public, err := p.isPublic(ctx, opts)
	if err != nil {
		return "", err
	}
	if !public {
		return "", errors.New("Can't generate provenance for new or private package, you must set `access` to public.")
	}
	return provider, nil
}

// isPublic asks the registry for p's visibility; a package it does not
// know is not public.
func (p *Package) isPublic(ctx context.Context, opts *Options) (bool, error) {
	var v struct {
		Public bool `json:"public"`
	}
	err := opts.Client.DoJSON(ctx, &registry.Request{
		Method:   http.MethodGet,
		Path:     "-/package/" + registry.EscapeName(p.name) + "/visibility",
		Registry: p.registry,
		Auth:     p.auth,
	}, &v)
	var he *registry.HTTPError
	if errors.As(err, &he) && he.StatusCode == http.StatusNotFound {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("checking whether %s is public: %w", p.name, err)
	}
	return v.Public, nil
}

// sigstoreIDToken gets the ID token Fulcio certifies: GitHub's with
// audience sigstore, or SIGSTORE_ID_TOKEN (GitLab's id_tokens, or any CI
// that provides one), as sigstore-js takes whichever it gets.
func sigstoreIDToken(ctx context.Context, opts *Options, getenv func(string) string, provider provenance.Provider) (string, error) {
	if provider == provenance.GitHubActions {
		tok, err := oidc.FetchGitHubIDToken(ctx, opts.Client, getenv, "sigstore")
		if err == nil {
			return tok, nil
		}
		if getenv("SIGSTORE_ID_TOKEN") == "" {
			return "", fmt.Errorf("getting the ID token to sign provenance with: %w", err)
		}
	}
	tok := strings.TrimSpace(getenv("SIGSTORE_ID_TOKEN"))
	if tok == "" {
		return "", errors.New("no SIGSTORE_ID_TOKEN to sign provenance with")
	}
	opts.Client.Logger().Secrets().Add(tok)
	return tok, nil
}

// attachProvenanceFile checks a bundle made elsewhere as npm does (one
// subject, the package's purl and sha512), verifies it against the
// trusted root, and attaches it with its own media type.
func (p *Package) attachProvenanceFile(opts *Options) error {
	data, err := os.ReadFile(p.provenanceFile)
	if err != nil {
		return fmt.Errorf("Invalid provenance provided: %w", err)
	}
	expect, err := p.expect()
	if err != nil {
		return err
	}
	if err := provenance.CheckSubject(data, expect); err != nil {
		return err
	}
	if opts.DryRun {
		fmt.Fprintf(opts.IO.ErrOut, "%s %s provenance from %s matches the package (dry-run, not verified against the trusted root)\n", noticePrefix, p.command(opts), p.provenanceFile)
		return nil
	}
	if err := p.verifyBundle(data, expect, "the provenance bundle "+p.provenanceFile); err != nil {
		return err
	}
	var b struct {
		MediaType string `json:"mediaType"`
	}
	_ = json.Unmarshal(data, &b)
	var compact bytes.Buffer
	if err := json.Compact(&compact, data); err != nil {
		return fmt.Errorf("Invalid provenance provided: %w", err)
	}
	p.attestation = &Attachment{ContentType: b.MediaType, Data: compact.String(), Length: int64(compact.Len())}
	return nil
}

func (p *Package) verifyBundle(bundle []byte, expect provenance.Expect, what string) error {
	tr, err := p.sigstore.LoadTrustedRoot()
	if err != nil {
		return err
	}
	if _, err := provenance.Verify(bundle, tr, expect); err != nil {
		return fmt.Errorf("%s does not verify, so %s@%s was not published: %w", what, p.name, p.version, err)
	}
	return nil
}

// autoProvenance turns provenance on after a successful trusted-publishing
// exchange, as npm 11 does (lib/utils/oidc.js): when provenance is not
// configured either way, the CI is not CircleCI, the ID token says the
// repository is public (GitHub's repository_visibility, or GitLab's
// project_visibility with SIGSTORE_ID_TOKEN present) and the registry
// says the package is public. Anything failing here leaves provenance
// off, said at info level.
func (p *Package) autoProvenance(ctx context.Context, opts *Options, id *oidc.IDToken) {
	if p.provenanceSet || p.provenanceFile != "" || id == nil {
		return
	}
	log := opts.Client.Logger()
	getenv := opts.Getenv
	if getenv == nil {
		return
	}
	claims := unverifiedClaims(id.Value)
	switch provenance.DetectProvider(getenv) {
	case provenance.GitHubActions:
		if claims["repository_visibility"] != "public" {
			return
		}
	case provenance.GitLabCI:
		if claims["project_visibility"] != "public" || getenv("SIGSTORE_ID_TOKEN") == "" {
			return
		}
	default:
		return
	}
	public, err := p.isPublic(ctx, opts)
	if err != nil || !public {
		log.Infof("no automatic provenance for %s: the package is not public (%v)", p.name, err)
		return
	}
	p.provenance = true
	log.Noticef("signing provenance for %s: trusted publishing from a public repository for a public package (npm does the same; set provenance=false to skip)", p.name)
}

// unverifiedClaims reads a JWT's payload without verifying it (npm does
// the same to decide on automatic provenance; the token is the CI's).
func unverifiedClaims(token string) map[string]any {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return nil
	}
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return nil
	}
	var claims map[string]any
	if json.Unmarshal(raw, &claims) != nil {
		return nil
	}
	return claims
}
