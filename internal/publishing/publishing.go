// Package publishing is the publish pipeline that `gonpm publish` runs and
// that `gonpm stage publish` reuses: read the package (a folder or a .tgz),
// apply configuration and publishConfig, pick the credential (trusted
// publishing or the configured one), check it the way npm 11 does, run the
// lifecycle scripts around packing, pack it (internal/tarball), build the
// publish document and stream it with the tarball to the registry. It also
// publishes a project's workspaces together, and holds the registry work of
// `gonpm unpublish` (Unpublisher).
//
// The final request is the one seam: Options.Destination. Everything
// before it is the same for every caller; a Destination gets an Upload
// (the checked package with its document and tarball as a streamed body)
// and sends it. The default, Put, is `gonpm publish`: PUT /<name>, with a
// lost answer settled by reading the packument. A staged publish sends the
// same body elsewhere and keeps the registry's answer:
//
//	type stage struct{ id string }
//
//	func (s *stage) Send(ctx context.Context, u *publishing.Upload) error {
//		req := u.Request(http.MethodPost, "-/stage/package/"+registry.EscapeName(u.Package.Name()), nil)
//		req.NoOTP = true // npm sends stage publish without asking for a code
//		resp, err := u.Do(ctx, req)
//		if err != nil {
//			return err
//		}
//		var answer struct{ StageID string `json:"stageId"` }
//		if err := json.Unmarshal(resp.Body, &answer); err != nil { ... }
//		s.id = answer.StageID
//		return nil
//	}
//
//	p, err := publishing.Publish(ctx, &publishing.Options{..., Destination: &stage{}}, dir)
//
// The library writes progress (notices, warnings, script output) to
// Options.IO's stderr; what a command prints on stdout (the "+ name@version"
// line, the JSON report, the workspace summary) is the caller's.
package publishing

import (
	"context"
	"fmt"

	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/iostreams"
	"github.com/gonpm/gonpm/internal/registry"
)

// DefaultConcurrency is how many uploads a workspace publish runs at once
// unless told otherwise: enough to hide a registry's round trips, few
// enough not to look like a flood to it.
const DefaultConcurrency = 8

// noticePrefix starts the summary lines on stderr, as in `gonpm pack`.
const noticePrefix = "gonpm notice"

// Options is what one publish run shares between its packages.
type Options struct {
	IO     *iostreams.IOStreams
	Config *config.Config
	Client *registry.Client
	Env    []string // environment for lifecycle scripts
	// Version is gonpm's version, recorded as _npmVersion.
	Version string

	DryRun        bool
	JSON          bool // the caller prints JSON: no notice block, no progress bar
	Force         bool
	IgnoreScripts bool

	// Getenv and CI decide whether trusted publishing (OIDC) is tried.
	Getenv func(string) string
	CI     bool

	// Destination sends each package once it is packed and checked; nil
	// means Put, a publish.
	Destination Destination
	// Verb starts the notice saying where the package goes ("Staging");
	// "" means "Publishing".
	Verb string

	// Concurrency bounds how many packages of a workspace publish are
	// read from the registry and sent to it at once; 0 means
	// DefaultConcurrency, 1 one after another in workspace order.
	Concurrency int
	// FailFast stops a workspace publish from starting more uploads once
	// one has failed.
	FailFast bool

	trust *trustedPublishing
}

func (o *Options) concurrency() int {
	if o.Concurrency <= 0 {
		return DefaultConcurrency
	}
	return o.Concurrency
}

// readConcurrency is how many version reads go out at once. Reads are
// small, so as many as the client keeps connections to a registry
// (maxsockets), unless --concurrency=1 asks for one request at a time.
func (o *Options) readConcurrency() int {
	if o.concurrency() == 1 {
		return 1
	}
	return max(o.concurrency(), o.Client.MaxSockets())
}

// Publish runs the pipeline for the package at target, an absolute path
// to a package folder or a .tgz, and returns the package it sent (with
// DryRun, would have sent). Lifecycle scripts run in npm's order:
// prepublishOnly, prepack, prepare, postpack, then after the upload
// publish and postpublish.
func Publish(ctx context.Context, opts *Options, target string) (*Package, error) {
	p, err := load(opts, target)
	if err != nil {
		return nil, err
	}
	defer p.cleanup()
	if !p.manifestBool("private") || opts.DryRun {
		p.authorize(ctx, opts)
	}
	if err := p.preflight(opts); err != nil {
		return nil, err
	}
	if err := p.build(ctx, opts); err != nil {
		return nil, err
	}
	if !opts.Force {
		if err := p.checkVersions(ctx, opts); err != nil {
			return nil, err
		}
	}
	if p.manifestBool("private") && !opts.DryRun {
		return nil, fmt.Errorf("%s is marked as private: remove \"private\" from its package.json to publish it", p.name)
	}
	if err := p.attachProvenance(ctx, opts); err != nil {
		return nil, err
	}
	if !opts.JSON {
		p.writeNotice(opts)
	}
	p.announce(opts)
	if !opts.DryRun {
		if err := p.upload(ctx, opts); err != nil {
			return nil, err
		}
	}
	if err := p.scripts(ctx, opts, "publish", "postpublish"); err != nil {
		return nil, err
	}
	return p, nil
}
