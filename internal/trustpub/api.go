package trustpub

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/pkgtarget"
	"github.com/gonpm/gonpm/internal/registry"
)

// Every request below goes through the client's two-factor layer: the
// registry asks for a second factor on each of them, reads included.

// Create sends one configuration for name and returns what the registry
// stored (with its id).
func Create(ctx context.Context, c *registry.Client, reg, name string, cfg Config) ([]Config, error) {
	resp, err := c.Do(ctx, &registry.Request{
		Method:   http.MethodPost,
		Path:     pkgtarget.Path(name, "trust"),
		Registry: reg,
		JSON:     []Config{cfg},
	})
	if registry.IsStatus(err, http.StatusConflict) {
		return nil, cmdutil.Explain(fmt.Sprintf("%s already has a trusted publisher and the registry allows one per package: see it with `gonpm trust list %s`, revoke it with `gonpm trust revoke %s --id <id>`, then create the new one", name, name, name), err)
	}
	if err != nil {
		return nil, fmt.Errorf("could not create the trust configuration for %s: %w", name, err)
	}
	if resp.Cut != nil {
		return nil, fmt.Errorf("the registry created the trust configuration for %s but its reply was cut off; see it with `gonpm trust list %s`: %w", name, name, resp.Cut)
	}
	configs, err := decodeConfigs(resp.Body)
	if err != nil {
		return nil, registry.BadReply(resp.URL, resp.Body, err)
	}
	return configs, nil
}

// List returns the configurations of name.
func List(ctx context.Context, c *registry.Client, reg, name string) ([]Config, error) {
	resp, err := c.Do(ctx, &registry.Request{Method: http.MethodGet, Path: pkgtarget.Path(name, "trust"), Registry: reg})
	if err != nil {
		return nil, fmt.Errorf("could not list the trust configurations of %s: %w", name, err)
	}
	configs, err := decodeConfigs(resp.Body)
	if err != nil {
		return nil, registry.BadReply(resp.URL, resp.Body, err)
	}
	return configs, nil
}

// Revoke deletes configuration id of name.
func Revoke(ctx context.Context, c *registry.Client, reg, name, id string) error {
	_, err := c.Do(ctx, &registry.Request{
		Method:   http.MethodDelete,
		Path:     pkgtarget.Path(name, "trust/"+pkgtarget.EscapeSegment(id)),
		Registry: reg,
	})
	if registry.IsNotFound(err) {
		return cmdutil.Explain(fmt.Sprintf("%s has no trust configuration with id %s (see the ids with `gonpm trust list %s`)", name, id, name), err)
	}
	if err != nil {
		return fmt.Errorf("could not revoke trust configuration %s of %s: %w", id, name, err)
	}
	return nil
}

// Configured lists the configurations of name without ever asking for a
// second factor (a code given up front is still sent): for reports that
// must not prompt. A challenge comes back as *registry.OTPError.
func Configured(ctx context.Context, c *registry.Client, reg, name string) ([]Config, error) {
	resp, err := c.Do(ctx, &registry.Request{Method: http.MethodGet, Path: pkgtarget.Path(name, "trust"), Registry: reg, NoOTP: true})
	if err != nil {
		return nil, err
	}
	configs, err := decodeConfigs(resp.Body)
	if err != nil {
		return nil, registry.BadReply(resp.URL, resp.Body, err)
	}
	return configs, nil
}

// Summary is one configuration in a few words: "github octo/repo
// release.yml (publish, stage publish)".
func (c Config) Summary() string {
	var parts []string
	for _, f := range c.Fields() {
		if f.Key != "id" {
			parts = append(parts, display(f.Value))
		}
	}
	s := strings.Join(parts, " ")
	if p := PermissionLabels(c.Permissions); p != "" {
		s += " (" + safe(p) + ")"
	}
	return s
}
