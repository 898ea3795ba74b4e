package publishing

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"

	"github.com/gonpm/gonpm/internal/registry"
	"github.com/gonpm/gonpm/internal/termsafe"
)

// errAlreadyApplied stops a retry of the publish PUT: the registry has
// the version from an earlier attempt whose answer was lost.
var errAlreadyApplied = errors.New("the registry already has this version from an earlier attempt")

// progressThreshold is the tarball size above which a terminal gets an
// upload progress bar.
const progressThreshold = 1 << 20

// Destination sends a package that is packed and checked: the final
// request of the pipeline, the one step a publish and a staged publish do
// differently. In a workspace publish Send is called for several packages
// at once (Options.Concurrency), each with its own Upload, so a
// Destination must be safe for concurrent use.
type Destination interface {
	// Send sends u and returns nil once the registry has it.
	Send(ctx context.Context, u *Upload) error
}

// Upload is one package ready to go: the publish document with its
// tarball as a streamed body, and what to send it with.
type Upload struct {
	Package *Package
	opts    *Options
	body    *StreamedBody

	progress *progressBar
	// sending, when set, hears how many bytes of the current attempt
	// went out (0 when an attempt starts): the workspace progress.
	sending func(n int64)
	mu      sync.Mutex
	sent    int // attempts whose body started going out
	checked int // of those, the ones beforeResend has looked at
}

// Request returns a request that sends the document with method to path
// on the package's registry, with the package's credential. The body is
// streamed from the tarball file on every attempt; before an attempt that
// follows one whose body went out, beforeResend (when not nil) may stop
// the retry by returning an error.
func (u *Upload) Request(method, path string, beforeResend func() error) *registry.Request {
	p := u.Package
	return &registry.Request{
		Method:        method,
		Path:          path,
		Registry:      p.registry,
		Auth:          p.auth,
		ContentType:   "application/json",
		ContentLength: u.body.Len(),
		Body: func() (io.Reader, error) {
			u.mu.Lock()
			check := u.sent > u.checked
			u.checked = u.sent
			u.mu.Unlock()
			if check && beforeResend != nil {
				if err := beforeResend(); err != nil {
					return nil, err
				}
			}
			r := &watchedReader{r: u.body.Reader(), progress: u.progress, sending: u.sending, onStart: func() {
				u.mu.Lock()
				u.sent++
				u.mu.Unlock()
			}}
			return r, nil
		},
	}
}

// Do sends a request made by Request through the registry client (and its
// two-factor layer) and clears the progress bar.
func (u *Upload) Do(ctx context.Context, req *registry.Request) (*registry.Response, error) {
	resp, err := u.opts.Client.Do(ctx, req)
	u.progress.done()
	return resp, err
}

// Attempts is how many times the body started going out.
func (u *Upload) Attempts() int {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.sent
}

// upload hands p to the destination, Put unless the options name another.
func (p *Package) upload(ctx context.Context, opts *Options) error {
	u, err := p.newUpload(opts)
	if err != nil {
		return err
	}
	return u.send(ctx)
}

// newUpload builds p's publish document around its tarball.
func (p *Package) newUpload(opts *Options) (*Upload, error) {
	body, err := NewStreamedBody(p.document(opts), p.tarball, p.contents.Size)
	if err != nil {
		return nil, err
	}
	u := &Upload{Package: p, opts: opts, body: body}
	if opts.IO.IsStderrTTY() && p.contents.Size > progressThreshold && !opts.JSON {
		u.progress = newProgressBar(opts.IO.ErrOut, p.name+"@"+p.version, body.Len())
	}
	return u, nil
}

// send hands u to the destination.
func (u *Upload) send(ctx context.Context) error {
	dest := u.opts.Destination
	if dest == nil {
		dest = Put{}
	}
	return dest.Send(ctx, u)
}

// Put is the destination of `gonpm publish`: PUT /<name> with the
// tarball streamed from its file.
//
// An upload whose answer is lost (the connection dropped, or a 5xx after
// the registry stored the version) is settled by reading the packument:
// the same integrity there means it worked. The client retries failed
// PUTs by itself, so before each retry of an upload that went out the
// packument is checked first, and a retry the registry refuses as a
// duplicate is checked the same way. The version is never sent twice once
// it is known to be there, and never reported as failed when it is.
type Put struct{}

// Send implements Destination.
func (Put) Send(ctx context.Context, u *Upload) error {
	p, opts := u.Package, u.opts
	req := u.Request(http.MethodPut, registry.EscapeName(p.name), func() error {
		if p.isOnRegistry(ctx, opts) {
			return errAlreadyApplied
		}
		return nil
	})
	_, err := u.Do(ctx, req)
	if err == nil {
		return nil
	}
	if errors.Is(err, errAlreadyApplied) || (answerLost(err, u.Attempts()) && p.isOnRegistry(ctx, opts)) {
		fmt.Fprintf(opts.IO.ErrOut, "%s the answer to the upload was lost, but the registry has %s@%s with the same integrity\n", noticePrefix, termsafe.Line(p.name), termsafe.Line(p.version))
		return nil
	}
	return fmt.Errorf("publishing %s@%s failed: %w", p.name, p.version, err)
}

// answerLost tells errors after which the registry may hold the version
// anyway: no answer, a server error, or a refusal as duplicate of a
// retried upload.
func answerLost(err error, attempts int) bool {
	var netErr *registry.NetworkError
	if errors.As(err, &netErr) {
		return true
	}
	var he *registry.HTTPError
	if !errors.As(err, &he) {
		return false
	}
	if he.StatusCode >= 500 {
		return true
	}
	return attempts > 1 && (he.StatusCode == http.StatusForbidden || he.StatusCode == http.StatusConflict)
}

// isOnRegistry reports whether the registry has this very tarball as the
// version being published.
func (p *Package) isOnRegistry(ctx context.Context, opts *Options) bool {
	versions, err := fetchVersions(ctx, opts.Client, p.registry, p.name, p.auth)
	if err != nil {
		return false
	}
	v, ok := versions[p.version]
	if !ok {
		return false
	}
	if v.integrity != "" {
		return v.integrity == p.contents.Integrity
	}
	return v.shasum != "" && v.shasum == p.contents.Shasum
}

// watchedReader notes when a body starts going out and feeds the
// progress bar.
type watchedReader struct {
	r        io.ReadCloser
	progress *progressBar
	sending  func(n int64)
	onStart  func()
	started  bool
	n        int64
}

func (w *watchedReader) Read(b []byte) (int, error) {
	if !w.started {
		w.started = true
		w.onStart()
		w.progress.start()
		if w.sending != nil {
			w.sending(0)
		}
	}
	n, err := w.r.Read(b)
	w.n += int64(n)
	w.progress.set(w.n)
	if w.sending != nil && n > 0 {
		w.sending(w.n)
	}
	return n, err
}

func (w *watchedReader) Close() error { return w.r.Close() }
