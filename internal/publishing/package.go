package publishing

import (
	"bufio"
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/lifecycle"
	"github.com/gonpm/gonpm/internal/provenance"
	"github.com/gonpm/gonpm/internal/registry"
	"github.com/gonpm/gonpm/internal/semver"
	"github.com/gonpm/gonpm/internal/tarball"
	"github.com/gonpm/gonpm/internal/termsafe"
)

// Package is one package on its way to the registry.
type Package struct {
	dir     string // package folder; "" when publishing a tarball file
	raw     map[string]any
	name    string
	version string

	registry    string
	tag         string
	explicitTag bool // --tag, a tag config or publishConfig.tag was given
	access      *string
	// auth is the trusted-publishing token for this package alone; nil
	// means the configured credential.
	auth *config.Auth

	tarball  string // the .tgz to upload
	tempFile bool   // tarball is ours to delete
	contents tarball.Contents

	provenance     bool   // sign provenance (--provenance)
	provenanceSet  bool   // provenance is configured, either way
	provenanceFile string // or attach this bundle (--provenance-file)
	sigstore       provenance.Settings
	// attestation is the provenance bundle attachment, once made.
	attestation *Attachment
}

// load reads the package at target (a folder or a .tgz) and works out
// where and how it is published.
func load(opts *Options, target string) (*Package, error) {
	p := &Package{}
	file := filepath.Join(target, "package.json")
	switch st, err := os.Stat(target); {
	case err != nil:
		return nil, fmt.Errorf("cannot publish %s: no such folder or tarball", target)
	case isTarball(target):
		raw, contents, err := readTarball(target)
		if err != nil {
			return nil, err
		}
		p.raw, p.contents, p.tarball = raw, contents, target
		file = target + ":package/package.json"
	case st.IsDir():
		raw, err := readPackageJSON(target)
		if err != nil {
			return nil, err
		}
		p.raw, p.dir = raw, target
	default:
		return nil, fmt.Errorf("cannot publish %s: it is neither a package folder nor a .tgz file", target)
	}
	var err error
	if p.name, p.version, err = validateManifest(p.raw, file); err != nil {
		return nil, err
	}
	if err := p.settings(opts.Config); err != nil {
		return nil, err
	}
	return p, nil
}

// settings applies config and publishConfig (protocol-publish §2.5): the
// package's publishConfig is a configuration layer over everything but
// the command line.
func (p *Package) settings(base *config.Config) error {
	pc, _ := p.raw["publishConfig"].(map[string]any)
	cfg := base.WithPublishConfig(pc)

	tag, layer, _ := cfg.Lookup("tag")
	explicit := layer != config.LayerDefault && layer != ""
	p.tag, p.explicitTag = strings.TrimSpace(tag), explicit
	if p.tag == "" && !explicit {
		p.tag = "latest"
	}
	if access := cfg.Get("access"); access != "" {
		p.access = &access
	}
	if err := p.provenanceSettings(cfg); err != nil {
		return err
	}

	reg, err := p.registryURL(cfg)
	if err != nil {
		return err
	}
	p.registry = reg
	return nil
}

// registryURL picks the registry as npm does: the scope's registry when
// one is set, else registry, each from the command line, then
// publishConfig, then configuration. A registry from the command line or
// the scope's configuration is checked as configuration is; any other as
// publishConfig's.
func (p *Package) registryURL(cfg *config.Config) (string, error) {
	reg := ""
	if scope := registry.ScopeOf(p.name); scope != "" {
		v, layer, _ := cfg.Lookup(scope + ":registry")
		if layer == config.LayerPublishConfig {
			reg = v
		} else if v != "" {
			return cfg.RegistryForScope(scope)
		}
	}
	if reg == "" {
		v, layer, _ := cfg.Lookup("registry")
		if layer == config.LayerCLI {
			return cfg.Registry()
		}
		reg = v
	}
	if reg == "" {
		return "", config.ErrNoRegistry
	}
	u, err := url.Parse(reg)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("invalid registry %q in publishConfig: want an http:// or https:// URL", reg)
	}
	if !strings.HasSuffix(reg, "/") {
		reg += "/"
	}
	return reg, nil
}

// preflight makes the checks that need no request and no packing.
func (p *Package) preflight(opts *Options) error {
	if p.tag == "" || semver.ValidRange(p.tag) {
		return cmdutil.FlagErrorf("tag name must not be a valid SemVer range: %q; use a name such as beta or next", p.tag)
	}
	if url.PathEscape(p.tag) != p.tag {
		return cmdutil.FlagErrorf("invalid tag name %q: tags may not have characters that need URL encoding", p.tag)
	}
	if p.access != nil {
		switch *p.access {
		case "public":
		case "restricted":
			if registry.ScopeOf(p.name) == "" {
				return cmdutil.FlagErrorf("can't restrict access to unscoped package %s: only scoped packages can be restricted", p.name)
			}
		default:
			return cmdutil.FlagErrorf("invalid access %q: use public or restricted", *p.access)
		}
	}
	if p.auth == nil && !loggedIn(opts.Config, p.registry) {
		if !opts.DryRun {
			return &registry.NeedAuthError{Registry: p.registry}
		}
		fmt.Fprintf(opts.IO.ErrOut, "gonpm warn publish this command requires you to be logged in to %s (dry-run)\n", config.RedactURLString(p.registry))
	}
	if !opts.Force && !p.explicitTag {
		if v, err := semver.Parse(p.version); err == nil && v.IsPrerelease() {
			return fmt.Errorf("%s@%s is a prerelease: name its tag with --tag (for example --tag next)", p.name, p.version)
		}
	}
	return nil
}

// loggedIn is npm's client-side login check: some credential for the
// registry must be configured. No request is made.
func loggedIn(cfg *config.Config, reg string) bool {
	a := cfg.AuthFor(reg, reg)
	return a != nil && (a.Token != "" || a.Basic != "" || a.Username != "" || (a.CertFile != "" && a.KeyFile != ""))
}

// build runs the scripts before and around packing and packs the folder
// into a temporary file. A tarball argument is already built.
func (p *Package) build(ctx context.Context, opts *Options) error {
	if p.dir == "" {
		return nil
	}
	if err := p.scripts(ctx, opts, "prepublishOnly", "prepack", "prepare"); err != nil {
		return err
	}
	if err := p.packToTemp(opts); err != nil {
		return err
	}
	if err := p.scripts(ctx, opts, "postpack"); err != nil {
		return err
	}
	// Scripts may have changed package.json; publish what was packed.
	raw, err := readPackageJSON(p.dir)
	if err != nil {
		return err
	}
	name, version, err := validateManifest(raw, filepath.Join(p.dir, "package.json"))
	if err != nil {
		return err
	}
	p.raw, p.name, p.version = raw, name, version
	return nil
}

func (p *Package) packToTemp(opts *Options) error {
	f, err := os.CreateTemp("", "gonpm-publish-*.tgz")
	if err != nil {
		return err
	}
	p.tarball, p.tempFile = f.Name(), true
	bw := bufio.NewWriterSize(f, 256*1024)
	res, err := tarball.Pack(p.dir, bw)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("packing %s: %w", p.dir, err)
	}
	for _, w := range res.Warnings {
		fmt.Fprintf(opts.IO.ErrOut, "gonpm warn gitignore-fallback %s\n", w)
	}
	p.contents = res.Contents()
	return nil
}

// scripts runs lifecycle scripts of a folder package in order.
func (p *Package) scripts(ctx context.Context, opts *Options, events ...string) error {
	if p.dir == "" || opts.IgnoreScripts {
		return nil
	}
	for _, e := range events {
		// Read again for each script: the one before may have changed it.
		m, err := tarball.ReadPackageJSON(p.dir)
		if err != nil {
			return err
		}
		if err := lifecycle.Run(ctx, p.dir, m, e, opts.Env, opts.IO.ErrOut); err != nil {
			return err
		}
	}
	return nil
}

func (p *Package) writeNotice(opts *Options) {
	tarball.WriteNotice(opts.IO.ErrOut, noticePrefix, p.contents, opts.IO.IsStderrTTY())
}

func (p *Package) cleanup() {
	if p.tempFile {
		_ = os.Remove(p.tarball)
	}
}

// document builds the publish body of protocol-publish §2.3, without the
// tarball data.
func (p *Package) document(opts *Options) *Document {
	m := normalize(p.raw, p.name, p.version, p.dir)
	m["_npmVersion"] = opts.Version
	m["dist"] = map[string]any{
		"integrity": p.contents.Integrity,
		"shasum":    p.contents.Shasum,
		"tarball":   tarballURL(p.registry, p.name, p.version),
	}
	// A "tag" field in package.json wins over --tag (npm's quirk).
	tag := p.tag
	if t, ok := p.raw["tag"].(string); ok && t != "" {
		tag = t
	}
	doc := &Document{
		ID:          p.name,
		Name:        p.name,
		Description: m["description"],
		DistTags:    map[string]string{tag: p.version},
		Versions:    map[string]map[string]any{p.version: m},
		Access:      p.access,
		Attachments: map[string]*Attachment{
			p.name + "-" + p.version + ".tgz": {ContentType: "application/octet-stream", Length: p.contents.Size},
		},
	}
	if p.attestation != nil {
		doc.Attachments[p.provenanceBundleName()] = p.attestation
	}
	return doc
}

// tarballURL is where the registry will serve the tarball, as npm writes
// it (always http, the full scoped name twice).
func tarballURL(reg, name, version string) string {
	u := reg + name + "/-/" + name + "-" + version + ".tgz"
	if rest, ok := strings.CutPrefix(u, "https://"); ok {
		u = "http://" + rest
	}
	return u
}

// Name is the package's name.
func (p *Package) Name() string { return p.name }

// Version is the version being published.
func (p *Package) Version() string { return p.version }

// Registry is the registry the package goes to, with a trailing slash.
func (p *Package) Registry() string { return p.registry }

// Tag is the dist-tag the version is published under.
func (p *Package) Tag() string { return p.tag }

// Contents is the tarball's summary, as `npm pack --json` reports it.
func (p *Package) Contents() tarball.Contents { return p.contents }

// announce says where the package goes, like npm's notice.
func (p *Package) announce(opts *Options) {
	access := "default"
	if p.access != nil {
		access = *p.access
	}
	suffix := ""
	if opts.DryRun {
		suffix = " (dry-run)"
	}
	verb := "Publishing"
	if opts.Verb != "" {
		verb = opts.Verb
	}
	fmt.Fprintf(opts.IO.ErrOut, "%s %s to %s with tag %s and %s access%s\n", noticePrefix, verb, config.RedactURLString(p.registry), termsafe.Line(p.tag), access, suffix)
}

// hasScript reports whether package.json names one of the scripts.
func (p *Package) hasScript(events ...string) bool {
	scripts, _ := p.raw["scripts"].(map[string]any)
	for _, e := range events {
		if s, _ := scripts[e].(string); s != "" {
			return true
		}
	}
	return false
}

func (p *Package) manifestBool(key string) bool {
	b, _ := p.raw[key].(bool)
	return b
}

// isTarball tells a .tgz argument from a folder.
func isTarball(path string) bool {
	st, err := os.Stat(path)
	if err != nil || st.IsDir() {
		return false
	}
	return strings.HasSuffix(path, ".tgz") || strings.HasSuffix(path, ".tar.gz") || strings.HasSuffix(path, ".tar")
}
