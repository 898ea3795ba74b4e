package registry

import (
	"context"
	"crypto/tls"
	"errors"
	"math"
	"net"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// attemptsKey carries, in a request's context, a counter of how many
// times the client's retries sent it.
type attemptsKey struct{}

// maxRetryAfter caps how long a Retry-After header can make gonpm wait.
const maxRetryAfter = 60 * time.Second

func newHTTPClient(c *Client) *retryablehttp.Client {
	transport := c.opts.Transport
	if transport == nil {
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.ResponseHeaderTimeout = c.opts.Timeout
		// As npm's agent: up to maxsockets connections to an origin, all
		// kept for reuse, so a workspace publish's concurrent requests do
		// not open (and TLS-handshake) a new connection each time.
		t.MaxConnsPerHost = c.MaxSockets()
		t.MaxIdleConnsPerHost = c.MaxSockets()
		dialer := &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}
		idle := c.opts.Timeout
		t.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
			conn, err := dialer.DialContext(ctx, network, addr)
			if err != nil || idle <= 0 {
				return conn, err
			}
			return newIdleConn(conn, idle), nil
		}
		t.Proxy = nil
		t.TLSClientConfig = &tls.Config{MinVersion: tls.VersionTLS12}
		if n := c.opts.Network; n != nil {
			t.TLSClientConfig = n.TLS.Clone()
			t.Proxy = n.Proxy
		}
		t.TLSClientConfig.GetClientCertificate = clientCertificate(t.TLSClientConfig.Certificates)
		t.TLSClientConfig.Certificates = nil
		transport = t
	}
	rc := retryablehttp.NewClient()
	rc.HTTPClient = &http.Client{Transport: methodTagger{transport}, CheckRedirect: checkRedirect}
	rc.RetryMax = c.opts.Retries
	rc.RetryWaitMin = c.opts.MinTimeout
	rc.RetryWaitMax = c.opts.MaxTimeout
	rc.Logger = nil
	rc.CheckRetry = checkRetry
	rc.Backoff = backoff(c.opts.Factor)
	// Give the last failed response back instead of a generic "giving up"
	// error, so the user sees the registry's status and message.
	rc.ErrorHandler = retryablehttp.PassthroughErrorHandler
	rc.RequestLogHook = func(_ retryablehttp.Logger, req *http.Request, attempt int) {
		if n, ok := req.Context().Value(attemptsKey{}).(*atomic.Int32); ok {
			n.Store(int32(attempt + 1))
		}
		if attempt > 0 {
			c.opts.Logger.HTTPf("fetch %s %s attempt %d", req.Method, redactURL(req.URL), attempt+1)
		}
	}
	return rc
}

// checkRetry retries connection errors and 408, 420, 429 and 5xx answers,
// but never a POST (it may not be safe to repeat) and never 401/403.
func checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	method := ""
	if resp != nil && resp.Request != nil {
		method = resp.Request.Method
	}
	if err != nil {
		var rerr *requestError
		if errors.As(err, &rerr) {
			method = rerr.method
		}
		if method == http.MethodPost {
			return false, nil
		}
		return !isPermanent(err), nil
	}
	if method == http.MethodPost {
		return false, nil
	}
	switch s := resp.StatusCode; {
	case s == http.StatusRequestTimeout, s == 420, s == http.StatusTooManyRequests:
		return true, nil
	case s >= 500 && s != http.StatusNotImplemented:
		return true, nil
	}
	return false, nil
}

// isPermanent tells errors that a retry cannot fix.
func isPermanent(err error) bool {
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) && dnsErr.IsNotFound {
		return true
	}
	var down *DowngradeError
	var tooBig *TooLargeError
	return errors.Is(err, context.Canceled) || errors.As(err, &down) || errors.Is(err, errTooManyRedirects) || errors.As(err, &tooBig)
}

// requestError tags a transport error with the request's method so the
// retry policy can see it (retryablehttp passes no response then).
type requestError struct {
	method string
	err    error
}

func (e *requestError) Error() string { return e.err.Error() }
func (e *requestError) Unwrap() error { return e.err }

// methodTagger wraps the transport so transport errors carry the method.
type methodTagger struct{ next http.RoundTripper }

func (t methodTagger) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(req)
	if err != nil {
		return nil, &requestError{method: req.Method, err: err}
	}
	return resp, nil
}

// backoff waits Retry-After when the registry sends one (capped), else
// min × factor^attempt, capped at max, like npm.
func backoff(factor float64) retryablehttp.Backoff {
	return func(min, max time.Duration, attempt int, resp *http.Response) time.Duration {
		if resp != nil {
			if d, ok := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
				if d > maxRetryAfter {
					d = maxRetryAfter
				}
				return d
			}
		}
		d := time.Duration(float64(min) * math.Pow(factor, float64(attempt)))
		if d > max || d < 0 {
			d = max
		}
		return d
	}
}

// parseRetryAfter reads seconds or an HTTP date.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.Atoi(v); err == nil && secs >= 0 {
		// Cap before multiplying: a huge value must not overflow into a
		// negative wait.
		if secs > int(maxRetryAfter/time.Second) {
			return maxRetryAfter, true
		}
		return time.Duration(secs) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		d := t.Sub(now)
		if d < 0 {
			d = 0
		}
		return d, true
	}
	return 0, false
}
