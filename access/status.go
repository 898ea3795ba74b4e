package access

import (
	"context"
	"net/http"
	"strings"

	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/registry"
)

func runGet(ctx context.Context, opts *Options) error {
	if what := arg(opts.Args, 0); what != "status" {
		if what == "" {
			return cmdutil.FlagErrorf("missing what to get: gonpm access get status [<pkg>]")
		}
		return cmdutil.FlagErrorf("get %s is not a valid access command: use get status", what)
	}
	if err := maxArgs(opts.Args, 2, "get status [<pkg>]"); err != nil {
		return err
	}
	name, err := packageName(opts, arg(opts.Args, 1))
	if err != nil {
		return err
	}
	reg, err := registryFor(opts.Config, name, "")
	if err != nil {
		return err
	}
	return printStatus(ctx, opts, reg, name)
}

// printStatus prints "<pkg>: public|private" from the registry.
func printStatus(ctx context.Context, opts *Options, reg, name string) error {
	var vis struct {
		Public bool `json:"public"`
	}
	err := opts.Client.DoJSON(ctx, &registry.Request{Method: http.MethodGet, Path: packagePath(name, "visibility"), Registry: reg}, &vis)
	if err != nil {
		return packageError(name, reg, "could not get the status of", err)
	}
	status := "private"
	if vis.Public {
		status = "public"
	}
	return printEntries(opts.IO.Out, []entry{{name, status}}, opts.JSON, "")
}

// setting is one `access set` argument, checked before any request.
type setting struct {
	key   string // "status" or "mfa"
	value string
}

var settingValues = map[string][]string{
	"status": {"public", "private"},
	"mfa":    {"none", "publish", "automation"},
}

func parseSetting(s string) (setting, error) {
	key, value, ok := strings.Cut(s, "=")
	if key == "2fa" {
		key = "mfa"
	}
	allowed, known := settingValues[key]
	if ok && known {
		for _, v := range allowed {
			if v == value {
				return setting{key, value}, nil
			}
		}
		return setting{}, cmdutil.FlagErrorf("invalid %s value %q: use %s=%s", key, value, key, strings.Join(allowed, "|"))
	}
	if s == "" {
		return setting{}, cmdutil.FlagErrorf("missing setting: gonpm access set status=public|private or mfa=none|publish|automation [<pkg>]")
	}
	return setting{}, cmdutil.FlagErrorf("set %s is not a valid access command: use status=public|private or mfa=none|publish|automation", s)
}

func runSet(ctx context.Context, opts *Options) error {
	set, err := parseSetting(arg(opts.Args, 0))
	if err != nil {
		return err
	}
	if err := maxArgs(opts.Args, 2, "set <setting> [<pkg>]"); err != nil {
		return err
	}
	name, err := packageName(opts, arg(opts.Args, 1))
	if err != nil {
		return err
	}
	if set.key == "status" && registry.ScopeOf(name) == "" {
		return cmdutil.FlagErrorf("%s is not scoped: only scoped packages (@scope/name) can be made public or private", name)
	}
	reg, err := registryFor(opts.Config, name, "")
	if err != nil {
		return err
	}
	body := accessBody(set)
	_, err = opts.Client.Do(ctx, &registry.Request{Method: http.MethodPost, Path: packagePath(name, "access"), Registry: reg, JSON: body})
	if err != nil {
		return packageError(name, reg, "could not set "+set.key+"="+set.value+" on", err)
	}
	if set.key == "status" {
		return printStatus(ctx, opts, reg, name)
	}
	return nil
}

// accessBody is what POST /-/package/<name>/access takes for a setting.
func accessBody(set setting) map[string]any {
	switch set.key + "=" + set.value {
	case "status=public":
		return map[string]any{"access": "public"}
	case "status=private":
		return map[string]any{"access": "restricted"}
	case "mfa=none":
		return map[string]any{"publish_requires_tfa": false}
	case "mfa=publish":
		return map[string]any{"publish_requires_tfa": true, "automation_token_overrides_tfa": false}
	default: // mfa=automation
		return map[string]any{"publish_requires_tfa": true, "automation_token_overrides_tfa": true}
	}
}
