package publishing

import (
	"context"
	"errors"
	"net/url"

	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/oidc"
)

// trustedPublishing remembers the ID tokens a run has fetched, one per
// registry host (the audience differs), so a workspace run asks the CI
// platform once but exchanges once per package.
type trustedPublishing struct {
	idTokens map[string]idTokenResult
}

type idTokenResult struct {
	token *oidc.IDToken
	err   error
}

func (t *trustedPublishing) idToken(ctx context.Context, opts *Options, registryURL string) (*oidc.IDToken, error) {
	host := registryURL
	if u, err := url.Parse(registryURL); err == nil {
		host = u.Hostname()
	}
	if r, ok := t.idTokens[host]; ok {
		return r.token, r.err
	}
	tok, err := oidc.FetchIDToken(ctx, opts.Client, opts.Getenv, registryURL)
	if t.idTokens == nil {
		t.idTokens = map[string]idTokenResult{}
	}
	t.idTokens[host] = idTokenResult{tok, err}
	return tok, err
}

// authorize picks the credential p is published with. When the CI job
// can get an ID token, it is exchanged for a short-lived token that may
// publish p alone (protocol-auth §4.4); that token is then used for p's
// requests and for no other package. Unlike npm, which falls back to the
// configured token without a word, gonpm says which one it used and why.
//
// A dry run makes the same requests only in CI, where it serves as a
// probe of the trusted-publisher setup; nothing is uploaded either way.
func (p *Package) authorize(ctx context.Context, opts *Options) {
	if opts.DryRun && !opts.CI {
		return
	}
	log := opts.Client.Logger()
	getenv := opts.Getenv
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	configured := opts.Config.AuthFor(p.registry, p.registry)
	placeholder := configured != nil && oidc.PlaceholderToken(configured.Token)

	if !oidc.Available(getenv) {
		if opts.DryRun {
			log.Noticef("trusted publishing would not be used for %s: %v", p.name, oidc.ErrNoIDToken)
		} else {
			log.Infof("trusted publishing not used for %s: %v", p.name, oidc.ErrNoIDToken)
		}
		if placeholder {
			log.Warnf("the token %s looks like the placeholder CI setup steps write (actions/setup-node without a real NODE_AUTH_TOKEN): the registry will refuse it; set a real token or use trusted publishing", credentialName(configured))
		}
		return
	}
	if placeholder {
		log.Warnf("the token %s looks like a CI placeholder, not a real token; trusted publishing is tried instead", credentialName(configured))
	}

	if opts.trust == nil {
		opts.trust = &trustedPublishing{}
	}
	id, err := opts.trust.idToken(ctx, opts, p.registry)
	var token string
	if err == nil {
		token, err = oidc.Exchange(ctx, opts.Client, p.registry, p.name, id)
	}
	if err != nil {
		var exErr *oidc.ExchangeError
		if errors.As(err, &exErr) && exErr.StatusCode == 404 {
			err = errors.New(err.Error() + "; check its trusted publisher (repository, workflow file, environment)")
		}
		switch {
		case opts.DryRun:
			log.Warnf("trusted publishing would not be used for %s: %v", p.name, err)
		case configured != nil:
			log.Warnf("trusted publishing not used for %s: %v; publishing with %s instead", p.name, err, credentialName(configured))
		default:
			log.Warnf("trusted publishing not used for %s: %v", p.name, err)
		}
		if placeholder {
			log.Warnf("the placeholder token %s will not work either: fix the trusted publisher for %s, or set a real token", credentialName(configured), p.name)
		}
		return
	}

	p.auth = &config.Auth{Token: token, Source: config.Source{Key: "the trusted-publishing token for " + p.name}}
	if opts.DryRun {
		log.Noticef("trusted publishing would be used for %s (OIDC, ID token from %s)", p.name, id.Source)
		return
	}
	log.Noticef("publishing %s with trusted publishing (OIDC, ID token from %s)", p.name, id.Source)
	p.autoProvenance(ctx, opts, id)
}

// credentialName says where a configured credential comes from, never
// its value.
func credentialName(a *config.Auth) string {
	if s := a.Source.Describe(); s != "" {
		return s
	}
	return "the configured token"
}
