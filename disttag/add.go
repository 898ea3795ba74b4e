package disttag

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/iostreams"
	"github.com/gonpm/gonpm/internal/pkgspec"
	"github.com/gonpm/gonpm/internal/pkgtarget"
	"github.com/gonpm/gonpm/internal/registry"
	"github.com/gonpm/gonpm/internal/semver"
	"github.com/gonpm/gonpm/internal/termsafe"
	"github.com/spf13/cobra"
)

// AddOptions is what `gonpm dist-tag add` works with.
type AddOptions struct {
	IO             *iostreams.IOStreams
	Config         func() (*config.Config, error)
	RegistryClient func() (*registry.Client, error)

	// Spec is "<pkg>@<version>".
	Spec string
	// Tag is the tag to point at the version, unless TagFromConfig.
	Tag string
	// TagFromConfig is set when no tag was given: the `tag` config is used.
	TagFromConfig bool
}

// NewCmdAdd builds `gonpm dist-tag add`.
func NewCmdAdd(f *cmdutil.Factory, runF func(*AddOptions) error) *cobra.Command {
	opts := &AddOptions{IO: f.IOStreams, Config: f.Config, RegistryClient: f.RegistryClient}
	return cmdutil.DeclareJSON(&cobra.Command{
		Use:               "add <pkg>@<version> [<tag>]",
		Aliases:           []string{"a", "set", "s"},
		Short:             "Point a tag at a version",
		Args:              cmdutil.RangeArgs(1, 2, "usage: gonpm dist-tag add <pkg>@<version> [<tag>]"),
		ValidArgsFunction: completeAdd(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Spec = args[0]
			opts.TagFromConfig = len(args) < 2
			if !opts.TagFromConfig {
				opts.Tag = args[1]
			}
			if runF != nil {
				return runF(opts)
			}
			return addRun(cmd.Context(), opts)
		},
	}, cmdutil.NoJSONOutput)
}

func addRun(ctx context.Context, opts *AddOptions) error {
	cfg, client, err := cmdutil.ConfigAndClient(opts.Config, opts.RegistryClient)
	if err != nil {
		return err
	}
	spec, err := pkgspec.Parse(opts.Spec)
	if err != nil {
		return cmdutil.FlagErrorf("%v", err)
	}
	tag := opts.Tag
	if opts.TagFromConfig {
		tag = cfg.Get("tag")
	}
	tag = strings.TrimSpace(tag)
	if spec.Rest == "" || tag == "" {
		return cmdutil.FlagErrorf("must provide a spec with a name and version, and a tag to add: gonpm dist-tag add <pkg>@<version> [<tag>]")
	}
	if semver.ValidRange(tag) {
		return cmdutil.FlagErrorf("tag name must not be a valid SemVer range: %q", tag)
	}
	version := spec.Rest
	if !semver.Valid(version) {
		return cmdutil.FlagErrorf("%q is not a version: gonpm dist-tag add <pkg>@<version> [<tag>]", version)
	}
	tags, err := fetchTags(ctx, cfg, client, spec.Name)
	if err != nil && !registry.IsNotFound(err) {
		return fmt.Errorf("could not get the dist-tags of %s: %w", spec.Name, err)
	}
	if tags[tag] == version {
		fmt.Fprintf(opts.IO.ErrOut, "gonpm warn dist-tag add %s is already set to version %s\n", termsafe.Line(tag), termsafe.Line(version))
		return nil
	}
	reg, err := pkgtarget.Registry(cfg, spec.Name)
	if err != nil {
		return err
	}
	body, _ := json.Marshal(version)
	_, err = client.Do(ctx, &registry.Request{
		Method:   http.MethodPut,
		Path:     tagsPath(spec.Name, tag),
		Registry: reg,
		JSON:     json.RawMessage(body),
	})
	if err != nil {
		return fmt.Errorf("could not add tag %s to %s@%s: %w", tag, spec.Name, version, err)
	}
	fmt.Fprintf(opts.IO.Out, "+%s: %s@%s\n", termsafe.Line(tag), termsafe.Line(spec.Name), termsafe.Line(version))
	return nil
}
