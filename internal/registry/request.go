package registry

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/gonpm/gonpm/config"
	"github.com/hashicorp/go-retryablehttp"
)

// Request is one call to the registry.
type Request struct {
	Method string
	// Path is relative to the registry ("-/whoami", "@s%2fn") or an
	// absolute URL (a tarball, a doneUrl).
	Path  string
	Query url.Values
	// Registry overrides the default registry (a scope's registry).
	Registry string

	// JSON, when set, is sent as the JSON body.
	JSON any
	// Body, when set, returns a fresh reader of the body for each attempt,
	// so large uploads are streamed and can be retried.
	Body          func() (io.Reader, error)
	ContentLength int64
	ContentType   string

	Header http.Header
	// Auth replaces the credential matched from configuration (the couch
	// login flow authenticates with the password being logged in with).
	Auth *config.Auth
	// NoAuth sends no credential at all.
	NoAuth bool
	// NoOTP leaves the request out of the two-factor layer: a challenge is
	// returned as an error instead of being answered.
	NoOTP bool
	// Publish marks the upload of a publish document (publish, stage
	// publish): the only writes that trusted publishing can make, so only
	// their OTP error suggests it.
	Publish bool
	// MaxBody caps the reply body; 0 picks the cap by kind (limits.go).
	MaxBody int64
}

// Response is a registry answer with status < 400; its body is read.
type Response struct {
	StatusCode int
	Header     http.Header
	Body       []byte
	URL        string
	// Cut is set when the body of a write's reply was cut off on the way:
	// Body holds what arrived, and the status still says the write
	// succeeded. (A cut-off reply to a read is an error instead.)
	Cut error
}

// Decode unmarshals the JSON body into v.
func (r *Response) Decode(v any) error {
	if r.Cut != nil {
		return r.Cut
	}
	if err := json.Unmarshal(r.Body, v); err != nil {
		return BadReply(r.URL, r.Body, err)
	}
	return nil
}

// Do sends the request, following the two-factor layer: when the registry
// challenges it for a one-time password, a code is taken from the OTP
// source (prompt, browser, command) and the request is sent again. A code
// obtained once is kept for the rest of the command. Do is safe for
// concurrent use: challenges that arrive on several requests at once lead
// to one question to the OTP source, whose answer they all use (see
// awaitOTP).
func (c *Client) Do(ctx context.Context, r *Request) (*Response, error) {
	ctx = c.ctx(ctx)
	asked := 0
	target, err := c.URL(r)
	if err != nil {
		return nil, err
	}
	targetOrigin := originOfString(target)
	for tries := 0; ; tries++ {
		sentOTP, gen := c.currentOTP(targetOrigin, c.registryOrigin(r))
		resp, err := c.send(ctx, r, sentOTP)
		if err == nil {
			return resp, nil
		}
		var he *HTTPError
		if !errors.As(err, &he) {
			return nil, err
		}
		ch := ClassifyChallenge(he.StatusCode, he.Header, he.Body)
		switch ch.Kind {
		case NoChallenge:
			return nil, err
		case IPChallenge:
			return nil, fmt.Errorf("%w (%s)", ErrIPAddress, he.Error())
		}
		rejected := sentOTP != ""
		otpErr := &OTPError{Rejected: rejected, Message: ch.Message, AuthURL: ch.AuthURL, ClockSkew: c.clockSkew(), InCI: c.opts.CI, Publish: r.Publish}
		// tries bounds the loop even when other requests keep changing
		// the code under this one.
		if r.NoOTP || c.opts.OTPSource == nil || asked >= maxOTPAttempts || tries > 2*maxOTPAttempts {
			return nil, otpErr
		}
		joined, err := c.awaitOTP(ctx, targetOrigin, gen, ch, otpErr)
		if err != nil {
			return nil, err
		}
		if joined {
			asked++
		}
	}
}

// otpFlight is one question to the OTP source that concurrent challenged
// requests share; done is closed once err (nil: a new code is set) is.
type otpFlight struct {
	done chan struct{}
	err  error
}

// otpState is the two-factor state of one origin: gen counts the codes
// the OTP source has given for it; flight is the question in progress,
// shared by concurrent challenges; failed is the last question when it
// got no code.
type otpState struct {
	gen            int
	flight, failed *otpFlight
}

// state is origin's otpState. The caller holds c.mu.
func (c *Client) state(origin string) *otpState {
	st := c.otpStates[origin]
	if st == nil {
		st = &otpState{}
		c.otpStates[origin] = st
	}
	return st
}

// currentOTP is the code to send to target and its generation.
func (c *Client) currentOTP(target, registryOrigin string) (string, int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.otpForLocked(target, registryOrigin), c.state(target).gen
}

// awaitOTP gets a code for a request that was challenged after being sent
// with the code of generation gen. When a newer code has come meanwhile
// (another request asked), it returns at once and the request is sent
// again with it. When another request is asking right now, it waits for
// that answer instead of asking too. Otherwise it asks the source itself,
// and every request challenged meanwhile waits for and uses its answer: a
// rejected code is asked again once for all of them. joined reports that
// a question to the source was made or waited for.
func (c *Client) awaitOTP(ctx context.Context, origin string, gen int, ch Challenge, otpErr *OTPError) (joined bool, err error) {
	c.mu.Lock()
	st := c.state(origin)
	if st.gen != gen {
		c.mu.Unlock()
		return false, nil
	}
	if f := st.failed; f != nil {
		// The source could not give a code for this generation (no
		// terminal, a failing otp-command, a cancelled prompt): a
		// request challenged a moment later gets the same answer.
		c.mu.Unlock()
		return true, c.sourceError(f.err, otpErr)
	}
	if f := st.flight; f != nil {
		c.mu.Unlock()
		select {
		case <-f.done:
		case <-ctx.Done():
			return true, ctx.Err()
		}
		if f.err != nil && isContextErr(f.err) && ctx.Err() == nil {
			// The request that asked was cancelled, not this one: ask again.
			return false, nil
		}
		return true, c.sourceError(f.err, otpErr)
	}
	f := &otpFlight{done: make(chan struct{})}
	st.flight = f
	c.asks++
	attempt := c.asks
	hook := c.otpHook
	c.mu.Unlock()

	if hook != nil {
		if after := hook(); after != nil {
			defer after()
		}
	}
	code, serr := c.opts.OTPSource.OTP(ctx, OTPRequest{
		Challenge: ch,
		Attempt:   attempt,
		Rejected:  otpErr.Rejected,
		ClockSkew: otpErr.ClockSkew,
		Poll:      c.pollWeb(ch.DoneURL),
	})
	if serr == nil {
		code = strings.TrimSpace(code)
		c.opts.Logger.Secrets().Add(code)
	}
	c.mu.Lock()
	if serr == nil {
		c.otps[origin] = code
		st.gen++
		st.failed = nil
	}
	f.err = serr
	st.flight = nil
	if serr != nil && !isContextErr(serr) {
		st.failed = f
	}
	c.mu.Unlock()
	close(f.done)
	return true, c.sourceError(serr, otpErr)
}

// sourceError turns the OTP source's failure into what Do returns.
func (c *Client) sourceError(serr error, otpErr *OTPError) error {
	if serr == nil {
		return nil
	}
	if errors.Is(serr, ErrNoOTPSource) {
		otpErr.Cause = serr
		if otpErr.Rejected {
			// A code was given (--otp) and refused; say that.
			otpErr.Cause = nil
		}
		return otpErr
	}
	return serr
}

func isContextErr(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

// registryOrigin is the origin of the registry r is meant for.
func (c *Client) registryOrigin(r *Request) string {
	if r.Registry != "" {
		return originOfString(r.Registry)
	}
	return originOfString(c.opts.Registry)
}

// DoJSON sends the request and decodes a JSON reply into out (when out is
// not nil).
func (c *Client) DoJSON(ctx context.Context, r *Request, out any) error {
	resp, err := c.Do(ctx, r)
	if err != nil {
		return err
	}
	if out == nil {
		return nil
	}
	return resp.Decode(out)
}

// URL resolves a request path against its registry.
func (c *Client) URL(r *Request) (string, error) {
	if strings.HasPrefix(r.Path, "http://") || strings.HasPrefix(r.Path, "https://") {
		return addQuery(r.Path, r.Query)
	}
	base := r.Registry
	if base == "" {
		var err error
		if base, err = c.Registry(); err != nil {
			return "", err
		}
	}
	u := strings.TrimRight(base, "/") + "/" + strings.TrimLeft(r.Path, "/")
	return addQuery(u, r.Query)
}

func addQuery(u string, q url.Values) (string, error) {
	if len(q) == 0 {
		return u, nil
	}
	sep := "?"
	if strings.Contains(u, "?") {
		sep = "&"
	}
	return u + sep + q.Encode(), nil
}

// send performs one logical request (with transport retries) and turns
// statuses >= 400 into *HTTPError.
func (c *Client) send(ctx context.Context, r *Request, otp string) (*Response, error) {
	target, err := c.URL(r)
	if err != nil {
		return nil, err
	}
	body, length, contentType, err := requestBody(r)
	if err != nil {
		return nil, err
	}
	attempts := new(atomic.Int32)
	req, err := retryablehttp.NewRequestWithContext(context.WithValue(ctx, attemptsKey{}, attempts), r.Method, target, body)
	if err != nil {
		return nil, fmt.Errorf("building request for %s: %w", redactString(target), err)
	}
	if length >= 0 {
		req.ContentLength = length
	}
	c.setHeaders(req.Request, r, otp, contentType)
	credential, auth := c.setAuth(req.Request, r)
	if req, err = c.withClientCert(req, auth); err != nil {
		return nil, err
	}
	c.logRequest(req.Request)

	c.warnPlainHTTP(req.Request, r)

	start := time.Now()
	limit, kind := replyLimit(r)
	resp, data, cut, err := c.exchange(req, limit, kind)
	if err != nil {
		var tooBig *TooLargeError
		if errors.As(err, &tooBig) {
			return nil, tooBig
		}
		return nil, c.transportError(r.Method, req.Request, err)
	}
	c.noteDate(resp.Header)
	c.logResponse(resp, time.Since(start))
	if notice := resp.Header.Get("Npm-Notice"); notice != "" {
		c.opts.Logger.Noticef("%s", notice)
	}
	finalURL := redactURL(resp.Request.URL)
	if resp.StatusCode >= 400 {
		he := newHTTPError(r.Method, finalURL, resp.StatusCode, resp.Header, data)
		he.Credential = credential
		he.Resent = !isRead(r.Method) && attempts.Load() > 1
		return nil, he
	}
	if cut != nil && isRead(r.Method) {
		return nil, cut
	}
	return &Response{StatusCode: resp.StatusCode, Header: resp.Header, Body: data, URL: finalURL, Cut: cut}, nil
}

// exchange sends req and reads the whole reply, up to limit bytes (error
// replies up to MaxErrorBody, cut short). A reply whose body is cut off on
// the way (cut) is fetched again when the request only reads, as often as
// retries allow. A write is not sent again: its status line arrived, and
// says whether the write happened.
func (c *Client) exchange(req *retryablehttp.Request, limit int64, kind string) (resp *http.Response, data []byte, cut, err error) {
	for attempt := 0; ; attempt++ {
		resp, err = c.http.Do(req)
		if err != nil {
			return nil, nil, nil, err
		}
		bodyLimit := limit
		if resp.StatusCode >= 400 {
			bodyLimit = MaxErrorBody
		}
		var over bool
		data, over, err = readCapped(resp, bodyLimit)
		resp.Body.Close()
		if over && resp.StatusCode < 400 {
			return nil, nil, nil, &TooLargeError{Method: req.Method, URL: redactURL(resp.Request.URL), Kind: kind, Limit: limit}
		}
		if err == nil || over {
			return resp, data, nil, nil
		}
		cut = fmt.Errorf("the reply to %s %s was cut off: %w", req.Method, redactURL(resp.Request.URL), &describedError{c.describe(err), err})
		if !isRead(req.Method) || attempt >= c.opts.Retries {
			return resp, data, cut, nil
		}
		c.opts.Logger.HTTPf("fetch %s %s: reply cut off, fetching again", req.Method, redactURL(resp.Request.URL))
	}
}

// isRead tells requests that can be repeated without changing anything.
func isRead(method string) bool {
	return method == http.MethodGet || method == http.MethodHead
}

// requestBody returns what retryablehttp accepts as a rewindable body.
func requestBody(r *Request) (any, int64, string, error) {
	switch {
	case r.Body != nil:
		ct := r.ContentType
		if ct == "" {
			ct = "application/octet-stream"
		}
		length := r.ContentLength
		if length == 0 {
			length = -1
		}
		return retryablehttp.ReaderFunc(r.Body), length, ct, nil
	case r.JSON != nil:
		data, err := json.Marshal(r.JSON)
		if err != nil {
			return nil, 0, "", fmt.Errorf("encoding the request body: %w", err)
		}
		ct := r.ContentType
		if ct == "" {
			ct = "application/json"
		}
		return data, int64(len(data)), ct, nil
	}
	return nil, -1, "", nil
}

func (c *Client) setHeaders(req *http.Request, r *Request, otp, contentType string) {
	h := req.Header
	h.Set("User-Agent", c.opts.UserAgent)
	h.Set("Accept", "*/*")
	if c.opts.Command != "" {
		h.Set("Npm-Command", c.opts.Command)
	}
	if c.opts.AuthType != "" {
		h.Set("Npm-Auth-Type", c.opts.AuthType)
	}
	if scope := c.opts.Scope; scope != "" {
		if !strings.HasPrefix(scope, "@") {
			scope = "@" + scope
		}
		h.Set("Npm-Scope", scope)
	}
	if otp != "" {
		h.Set("Npm-Otp", otp)
	}
	if contentType != "" {
		h.Set("Content-Type", contentType)
	}
	for k, vs := range r.Header {
		h.Del(k)
		for _, v := range vs {
			h.Add(k, v)
		}
	}
}

// setAuth adds the credential for the request and says where it came
// from (for error messages).
func (c *Client) setAuth(req *http.Request, r *Request) (string, *config.Auth) {
	if r.NoAuth {
		return "", nil
	}
	auth := r.Auth
	if auth == nil && c.opts.Credentials != nil {
		reg := r.Registry
		if reg == "" {
			reg = c.opts.Registry
		}
		auth = c.opts.Credentials.AuthFor(req.URL.String(), reg)
	}
	if auth == nil {
		return "", nil
	}
	switch {
	case auth.Token != "":
		c.opts.Logger.Secrets().Add(auth.Token)
		req.Header.Set("Authorization", "Bearer "+auth.Token)
	case auth.Basic != "":
		c.opts.Logger.Secrets().Add(auth.Basic, auth.Password)
		req.Header.Set("Authorization", "Basic "+auth.Basic)
	}
	return auth.Source.Describe(), auth
}

// transportError describes a request that got no answer.
func (c *Client) transportError(method string, req *http.Request, err error) error {
	var rerr *requestError
	if errors.As(err, &rerr) {
		err = rerr.err
	}
	var uerr *url.Error
	if errors.As(err, &uerr) {
		err = uerr.Err
	}
	if errors.Is(err, context.Canceled) {
		return err
	}
	var down *DowngradeError
	if errors.As(err, &down) {
		return down
	}
	return &NetworkError{Method: method, URL: redactURL(req.URL), Err: err, Timeout: c.opts.Timeout}
}

// describedError keeps a transport error for errors.Is while showing it
// in words.
type describedError struct {
	msg string
	err error
}

func (e *describedError) Error() string { return e.msg }
func (e *describedError) Unwrap() error { return e.err }

// describe puts a transport error in words, naming the fetch timeout.
func (c *Client) describe(err error) string {
	return describeNetworkError(err, c.opts.Timeout)
}

// NetworkError is a request that got no answer from the registry.
type NetworkError struct {
	Method, URL string
	Err         error
	// Timeout is the fetch timeout in force, for the message.
	Timeout time.Duration
}

func (e *NetworkError) Error() string {
	s := fmt.Sprintf("request to %s %s failed: %s", e.Method, e.URL, describeNetworkError(e.Err, e.Timeout))
	if !isRead(e.Method) {
		// Without an answer nobody knows whether the write landed.
		s += "; the registry may have made the change anyway, so check before running the command again"
	}
	return s
}

// describeNetworkError puts the usual transport failures in words.
func describeNetworkError(err error, timeout time.Duration) string {
	var netErr net.Error
	switch {
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "the connection closed before the registry answered"
	case errors.As(err, &netErr) && netErr.Timeout():
		if timeout > 0 {
			return fmt.Sprintf("nothing was sent or received for %s (fetch-timeout=%d): the registry stopped reading or answering, so gonpm cut it off; raise --fetch-timeout if the registry is just slow", timeout, timeout.Milliseconds())
		}
		return "no answer within the fetch timeout (--fetch-timeout)"
	}
	return err.Error()
}

func (e *NetworkError) Unwrap() error { return e.Err }
