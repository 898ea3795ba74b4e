// Package registry is the one HTTP client gonpm uses to talk to npm
// registries: URLs, headers, credentials, retries, logging, typed errors,
// and the two-factor layer that answers one-time-password challenges.
package registry

import (
	"context"
	"crypto/tls"
	"net/http"
	"sync"
	"time"

	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/logger"
	"github.com/hashicorp/go-retryablehttp"
)

// CredentialSource finds the credential for a request URL; *config.Config
// is one.
type CredentialSource interface {
	AuthFor(requestURL, registryURL string) *config.Auth
}

// Options configure a Client.
type Options struct {
	// Registry is the base URL of the default registry; may be empty when
	// none is configured (requests that need it then fail with
	// config.ErrNoRegistry).
	Registry string
	// Credentials matches credentials to request URLs.
	Credentials CredentialSource

	UserAgent  string
	Command    string // npm-command header
	AuthType   string // npm-auth-type header: web or legacy
	Scope      string // npm-scope header when set
	OTP        string // a code given up front (--otp, NPM_CONFIG_OTP)
	OTPSource  OTPSource
	Logger     *logger.Logger
	Retries    int
	MinTimeout time.Duration
	MaxTimeout time.Duration
	Factor     float64
	Timeout    time.Duration // how long to wait for response headers
	// WebTimeout bounds how long a browser approval is waited for.
	WebTimeout time.Duration
	Now        func() time.Time
	// CI makes one-time-password errors list the ways forward for a CI job.
	CI bool
	// MaxSockets caps the connections open to one origin at once (npm's
	// maxsockets); 0 means npm's default, 15.
	MaxSockets int
	// Network holds TLS and proxy settings; nil means the system's
	// roots and no proxy.
	Network *Network
	// Transport replaces the network transport (tests).
	Transport http.RoundTripper
}

// Client sends requests to the registry. It serves one command, and is
// safe for concurrent requests within it; the one-time password it
// obtains is kept for the rest of the command, as npm does.
type Client struct {
	opts Options
	http *retryablehttp.Client

	mu sync.Mutex
	// upfront is a code given before any challenge (--otp,
	// NPM_CONFIG_OTP). It is bound to the first registry it is sent to and
	// then moves into otps.
	upfront string
	// otps are one-time passwords (or web tokens) by origin: each is sent
	// as npm-otp only to the origin it was obtained for, for the rest of
	// the command, never to another registry, a link or a redirect target.
	otps map[string]string
	// warnedPlain are plain-http origins already warned about.
	warnedPlain map[string]bool
	// certs are client certificates loaded from certfile/keyfile.
	certs map[string]*tls.Certificate
	// otpStates are, by origin, the shared questions to the OTP source.
	otpStates map[string]*otpState
	// otpHook is told when the OTP source is about to be asked.
	otpHook func() (after func())
	// asks counts the questions to the OTP source, for OTPRequest.Attempt.
	asks int
	// serverDate is the last Date header seen, for the clock-skew hint.
	serverDate time.Time
	seenAt     time.Time
}

// New builds a client.
func New(opts Options) *Client {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Factor <= 0 {
		opts.Factor = 10
	}
	if opts.WebTimeout <= 0 {
		opts.WebTimeout = 5 * time.Minute
	}
	if opts.Logger == nil {
		opts.Logger = logger.New(nil, logger.Silent, nil)
	}
	if opts.OTP != "" {
		opts.Logger.Secrets().Add(opts.OTP)
	}
	c := &Client{opts: opts, upfront: opts.OTP, otps: map[string]string{}, otpStates: map[string]*otpState{}, warnedPlain: map[string]bool{}, certs: map[string]*tls.Certificate{}}
	c.http = newHTTPClient(c)
	return c
}

// DefaultMaxSockets is npm's maxsockets default.
const DefaultMaxSockets = 15

// MaxSockets is how many connections the client opens to one origin at
// once: more requests than that at once wait for a connection.
func (c *Client) MaxSockets() int {
	if c.opts.MaxSockets <= 0 {
		return DefaultMaxSockets
	}
	return c.opts.MaxSockets
}

// Registry is the default registry's base URL (with a trailing slash).
func (c *Client) Registry() (string, error) {
	if c.opts.Registry == "" {
		return "", config.ErrNoRegistry
	}
	return c.opts.Registry, nil
}

// BindOTP ties a code given up front (--otp, NPM_CONFIG_OTP) to the
// registry at registryURL now, instead of to the first registry a
// request goes to. A command that writes to several registries at once
// calls it before it starts, so which one gets the code does not depend
// on which request happens to go first. Nothing changes once the code is
// bound.
func (c *Client) BindOTP(registryURL string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	origin := originOfString(registryURL)
	if c.upfront == "" || len(c.otps) > 0 || origin == "" {
		return
	}
	c.otps[origin] = c.upfront
	c.upfront = ""
}

// otpFor returns the code to send to target, if any. A code given up
// front is bound to the first origin that is one of the command's
// registries (registryOrigin) when it is first needed.
func (c *Client) otpFor(target, registryOrigin string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.otpForLocked(target, registryOrigin)
}

// otpForLocked is otpFor for a caller that holds c.mu.
func (c *Client) otpForLocked(target, registryOrigin string) string {
	if code, ok := c.otps[target]; ok {
		return code
	}
	if c.upfront != "" && target == registryOrigin && len(c.otps) == 0 {
		c.otps[target] = c.upfront
		c.upfront = ""
		return c.otps[target]
	}
	return ""
}

func (c *Client) noteDate(h http.Header) {
	d, err := http.ParseTime(h.Get("Date"))
	if err != nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.serverDate, c.seenAt = d, c.opts.Now()
}

// clockSkew is local time minus the registry's, from the last Date header
// (zero when unknown). Date has one-second resolution, so differences
// under a second are noise.
func (c *Client) clockSkew() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.serverDate.IsZero() {
		return 0
	}
	return c.seenAt.Sub(c.serverDate).Truncate(time.Second)
}

// SetOTPHook sets a function called just before the OTP source is asked
// for a code (a prompt may appear on the terminal); the function it
// returns is called once the source has answered. A progress display
// uses it to step aside while the prompt is shown.
func (c *Client) SetOTPHook(hook func() (after func())) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.otpHook = hook
}

// Logger is the client's logger.
func (c *Client) Logger() *logger.Logger { return c.opts.Logger }

func (c *Client) ctx(ctx context.Context) context.Context {
	if ctx == nil {
		return context.Background()
	}
	return ctx
}
