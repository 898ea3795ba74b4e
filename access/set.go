package access

import (
	"context"
	"net/http"
	"strings"

	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/iostreams"
	"github.com/gonpm/gonpm/internal/pkgtarget"
	"github.com/gonpm/gonpm/internal/registry"
	"github.com/spf13/cobra"
)

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

// SetOptions is what `gonpm access set` works with.
type SetOptions struct {
	IO             *iostreams.IOStreams
	Config         func() (*config.Config, error)
	RegistryClient func() (*registry.Client, error)
	Cwd            string

	Setting setting
	// Package is the package argument; "" means the one in Cwd.
	Package string
}

// NewCmdSet builds `gonpm access set`.
func NewCmdSet(f *cmdutil.Factory, runF func(*SetOptions) error) *cobra.Command {
	opts := &SetOptions{IO: f.IOStreams, Config: f.Config, RegistryClient: f.RegistryClient, Cwd: f.Cwd}
	return cmdutil.DeclareJSON(&cobra.Command{
		Use:   "set <status=public|private|mfa=none|publish|automation> [<pkg>]",
		Short: "Make a package public or private, or set its 2FA publishing policy",
		Args: func(cmd *cobra.Command, args []string) error {
			if _, err := parseSetting(arg(args, 0)); err != nil {
				return err
			}
			return maxArgs(args, 2, "set <setting> [<pkg>]")
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Setting, _ = parseSetting(args[0])
			opts.Package = arg(args, 1)
			if runF != nil {
				return runF(opts)
			}
			return setRun(cmd.Context(), opts)
		},
	}, cmdutil.JSONOutput)
}

func setRun(ctx context.Context, opts *SetOptions) error {
	s, err := newSession(opts.IO, opts.Config, opts.RegistryClient)
	if err != nil {
		return err
	}
	set := opts.Setting
	name, err := packageName(opts.Cwd, opts.Package)
	if err != nil {
		return err
	}
	if set.key == "status" && registry.ScopeOf(name) == "" {
		return cmdutil.FlagErrorf("%s is not scoped: only scoped packages (@scope/name) can be made public or private", name)
	}
	reg, err := registryFor(s.cfg, name, "")
	if err != nil {
		return err
	}
	body := accessBody(set)
	_, err = s.client.Do(ctx, &registry.Request{Method: http.MethodPost, Path: pkgtarget.Path(name, "access"), Registry: reg, JSON: body})
	if err != nil {
		return packageError(name, reg, "could not set "+set.key+"="+set.value+" on", err)
	}
	if set.key == "status" {
		return s.printStatus(ctx, reg, name)
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
