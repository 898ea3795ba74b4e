package publish

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"

	"github.com/gonpm/gonpm/internal/registry"
)

// errAlreadyApplied stops a retry of the publish PUT: the registry has
// the version from an earlier attempt whose answer was lost.
var errAlreadyApplied = errors.New("the registry already has this version from an earlier attempt")

// progressThreshold is the tarball size above which a terminal gets an
// upload progress bar.
const progressThreshold = 1 << 20

// upload sends the publish PUT with the tarball streamed from its file.
//
// An upload whose answer is lost (the connection dropped, or a 5xx after
// the registry stored the version) is settled by reading the packument:
// the same integrity there means it worked. The client retries failed
// PUTs by itself, so before each retry of an upload that went out the
// packument is checked first, and a retry the registry refuses as a
// duplicate is checked the same way. The version is never sent twice once
// it is known to be there, and never reported as failed when it is.
func (p *pkgToPublish) upload(ctx context.Context, opts *Options) error {
	body, err := NewStreamedBody(p.document(opts), p.tarball, p.contents.Size)
	if err != nil {
		return err
	}
	var progress *progressBar
	if opts.IO.IsStderrTTY() && p.contents.Size > progressThreshold && !opts.JSON {
		progress = newProgressBar(opts.IO.ErrOut, p.name+"@"+p.version, body.Len())
	}

	var mu sync.Mutex
	sent, checked := 0, 0 // attempts whose body started going out; of those, checked
	req := &registry.Request{
		Method:        http.MethodPut,
		Path:          registry.EscapeName(p.name),
		Registry:      p.registry,
		Auth:          p.auth,
		ContentType:   "application/json",
		ContentLength: body.Len(),
		Body: func() (io.Reader, error) {
			mu.Lock()
			check := sent > checked
			checked = sent
			mu.Unlock()
			if check && p.isOnRegistry(ctx, opts) {
				return nil, errAlreadyApplied
			}
			r := &watchedReader{r: body.Reader(), progress: progress, onStart: func() {
				mu.Lock()
				sent++
				mu.Unlock()
			}}
			return r, nil
		},
	}
	_, err = opts.Client.Do(ctx, req)
	progress.done()
	if err == nil {
		return nil
	}
	mu.Lock()
	attempts := sent
	mu.Unlock()
	if errors.Is(err, errAlreadyApplied) || (answerLost(err, attempts) && p.isOnRegistry(ctx, opts)) {
		fmt.Fprintf(opts.IO.ErrOut, "%s the answer to the upload was lost, but the registry has %s@%s with the same integrity\n", noticePrefix, p.name, p.version)
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
func (p *pkgToPublish) isOnRegistry(ctx context.Context, opts *Options) bool {
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
	onStart  func()
	started  bool
	n        int64
}

func (w *watchedReader) Read(b []byte) (int, error) {
	if !w.started {
		w.started = true
		w.onStart()
		w.progress.start()
	}
	n, err := w.r.Read(b)
	w.n += int64(n)
	w.progress.set(w.n)
	return n, err
}

func (w *watchedReader) Close() error { return w.r.Close() }
