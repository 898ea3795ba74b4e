package doctor

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/pkgtarget"
	"github.com/gonpm/gonpm/internal/registry"
	"github.com/gonpm/gonpm/internal/trustpub"
)

// packageChecks report, for the package in the folder cwd, whether a
// trusted publisher is configured and whether the credential at hand can
// use the registry's staging area. Neither ever asks for a one-time
// password (a code given with --otp is sent).
func packageChecks(ctx context.Context, client *registry.Client, cfg *config.Config, cwd string) []Check {
	name := trustpub.ReadManifest(cwd).Name
	if name == "" {
		return []Check{{Name: "package", Status: Info, Detail: "no package.json with a name here: run doctor in a package's folder to check its trusted publisher and staging"}}
	}
	reg, err := pkgtarget.Registry(cfg, name)
	if err != nil {
		return []Check{{Name: "package", Status: Info, Detail: fmt.Sprintf("%s: %v", name, err)}}
	}
	return []Check{
		{Name: "package", Status: Info, Detail: name + " (package.json in this folder)"},
		trustedPublisherCheck(ctx, client, reg, name),
		stagingCheck(ctx, client, reg, name),
	}
}

// trustedPublisherCheck lists the package's trusted publishers.
func trustedPublisherCheck(ctx context.Context, client *registry.Client, reg, name string) Check {
	c := Check{Name: "trusted publisher"}
	configs, err := trustpub.Configured(ctx, client, reg, name)
	var otpErr *registry.OTPError
	var he *registry.HTTPError
	switch {
	case err == nil && len(configs) > 0:
		c.Status = OK
		var parts []string
		for _, cfg := range configs {
			parts = append(parts, cfg.Summary())
		}
		c.Detail = strings.Join(parts, "; ")
	case err == nil:
		c.Status, c.Detail = Info, "none for "+name+": set one up with `gonpm trust github|gitlab|circleci`"
	case errors.As(err, &otpErr):
		c.Status, c.Detail = Info, "the registry asks for a one-time password to show them: run `gonpm doctor --otp=<code>` or `gonpm trust list`"
	case errors.As(err, &he) && he.StatusCode == http.StatusNotFound:
		c.Status, c.Detail = Info, name+" is not on the registry, or the registry has no trusted publishers"+registryWords(he)
	case errors.As(err, &he) && (he.StatusCode == http.StatusForbidden || he.StatusCode == http.StatusUnauthorized):
		c.Status, c.Detail = Warn, fmt.Sprintf("the registry will not show them to this credential (%d)%s", he.StatusCode, registryWords(he))
	default:
		c.Status, c.Detail = Info, "could not tell: "+trustpub.Safe(err.Error())
	}
	return c
}

// stagingCheck asks the staging area for the package's staged versions:
// the answer says whether the registry has one and whether it takes this
// credential (staging itself never needs a one-time password).
func stagingCheck(ctx context.Context, client *registry.Client, reg, name string) Check {
	c := Check{Name: "staging"}
	var page struct {
		Items []any `json:"items"`
		Total *int  `json:"total"`
	}
	err := client.DoJSON(ctx, &registry.Request{
		Method:   http.MethodGet,
		Path:     "-/stage",
		Query:    url.Values{"page": {"0"}, "perPage": {"1"}, "package": {name}},
		Registry: reg,
		NoOTP:    true,
	}, &page)
	var otpErr *registry.OTPError
	var he *registry.HTTPError
	switch {
	case err == nil && page.Total != nil:
		c.Status = OK
		c.Detail = fmt.Sprintf("the registry takes staged versions from this credential (`gonpm stage publish`); %s has %d waiting for approval", name, *page.Total)
	case err == nil:
		c.Status, c.Detail = Info, "the registry answered the staging area with an unexpected reply"
	case errors.As(err, &otpErr):
		c.Status, c.Detail = OK, "the registry has a staging area; listing it wants a one-time password, staging itself does not"
	case errors.As(err, &he) && he.StatusCode == http.StatusNotFound:
		c.Status, c.Detail = Info, "not available: the registry has no staging area (/-/stage)"
	case errors.As(err, &he) && he.StatusCode == http.StatusUnauthorized:
		c.Status, c.Detail = Warn, "staging needs a credential for this registry: run `gonpm login`"+registryWords(he)
	case errors.As(err, &he) && he.StatusCode == http.StatusForbidden:
		c.Status, c.Detail = Warn, "the registry refuses this credential for staged versions"+registryWords(he)
	default:
		c.Status, c.Detail = Info, "could not tell: "+trustpub.Safe(err.Error())
	}
	return c
}

// registryWords adds the registry's own message, if it sent one.
func registryWords(he *registry.HTTPError) string {
	if he.Message == "" {
		return ""
	}
	return ": " + trustpub.Safe(he.Message)
}
