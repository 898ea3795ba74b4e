// Package registry is the one HTTP client gonpm uses to talk to npm
// registries: URLs, headers, credentials, retries, logging, typed errors,
// and the two-factor layer that answers one-time-password challenges.
package registry

import (
	"context"
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
	// otp is the code (or web token) sent as npm-otp on every request
	// once known.
	otp string
	// otpFromSource is set when otp came from the OTP source (prompt,
	// browser) rather than from the options.
	otpFromSource bool
	// otpGen counts the codes the OTP source has given; flight is the
	// question to it in progress, shared by concurrent challenges; asks
	// counts the questions, for OTPRequest.Attempt; failed is the last
	// question when it got no code.
	otpGen int
	flight *otpFlight
	failed *otpFlight
	// otpHook is told when the OTP source is about to be asked.
	otpHook func() (after func())
	asks    int
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
	c := &Client{opts: opts, otp: opts.OTP}
	c.http = newHTTPClient(c)
	return c
}

// Registry is the default registry's base URL (with a trailing slash).
func (c *Client) Registry() (string, error) {
	if c.opts.Registry == "" {
		return "", config.ErrNoRegistry
	}
	return c.opts.Registry, nil
}

// OTP returns the one-time password currently in use, if any.
func (c *Client) OTP() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.otp
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
