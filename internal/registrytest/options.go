package registrytest

import "time"

// ChallengeStyle is how the server asks for a one-time password.
type ChallengeStyle int

const (
	// ChallengeHeader answers 401 with "WWW-Authenticate: OTP" and a JSON error.
	ChallengeHeader ChallengeStyle = iota
	// ChallengeBody answers 401 without the header; the body mentions a
	// "one-time password" (npm's heuristic for older registries).
	ChallengeBody
	// ChallengeWeb answers 401 with "WWW-Authenticate: OTP" and a body with
	// authUrl and doneUrl: the client polls doneUrl for a token it then sends
	// as the OTP.
	ChallengeWeb
)

func (c ChallengeStyle) String() string {
	switch c {
	case ChallengeBody:
		return "body"
	case ChallengeWeb:
		return "web"
	default:
		return "header"
	}
}

// ParseChallengeStyle accepts "header", "body" or "web".
func ParseChallengeStyle(s string) (ChallengeStyle, bool) {
	switch s {
	case "header", "":
		return ChallengeHeader, true
	case "body":
		return ChallengeBody, true
	case "web":
		return ChallengeWeb, true
	}
	return ChallengeHeader, false
}

type options struct {
	challenge           ChallengeStyle
	retryAfter          string
	modeChangeReplyNull bool
	enrolmentRefused    string
	tokenPageSize       int
	couchConflict       bool
	webOTPLifetime      time.Duration
	latency             time.Duration
	now                 func() time.Time
	logf                func(format string, args ...any)

	// bypassTokensStageOnly: see WithStagedPublishingForBypassTokens.
	bypassTokensStageOnly bool
}

func defaultOptions() options {
	return options{
		retryAfter:     "1",
		tokenPageSize:  100,
		webOTPLifetime: 5 * time.Minute,
		now:            time.Now,
	}
}

// Option configures a Server.
type Option func(*options)

// WithChallenge sets the initial OTP challenge style (default ChallengeHeader).
func WithChallenge(c ChallengeStyle) Option { return func(o *options) { o.challenge = c } }

// WithRetryAfter sets the Retry-After value of pending web-flow polls
// (default "1"; "" omits the header, which npm reads as "poll again now").
func WithRetryAfter(v string) Option { return func(o *options) { o.retryAfter = v } }

// WithModeChangeReplyNull makes a 2FA mode switch reply {"tfa": null}, the
// shape npm 10 recognises, instead of npm 11's {"tfa": {mode, pending}}.
func WithModeChangeReplyNull() Option { return func(o *options) { o.modeChangeReplyNull = true } }

// WithTOTPEnrolmentRefused makes new TOTP enrolments fail with a 403 whose
// error is msg (a default text pointing to security keys when msg is empty),
// like the public registry for accounts that must use WebAuthn.
func WithTOTPEnrolmentRefused(msg string) Option {
	if msg == "" {
		msg = "TOTP enrolment is no longer available; set up a security key on the registry website instead"
	}
	return func(o *options) { o.enrolmentRefused = msg }
}

// WithTokenPageSize sets how many tokens one page of GET /-/npm/v1/tokens holds.
func WithTokenPageSize(n int) Option {
	return func(o *options) {
		if n > 0 {
			o.tokenPageSize = n
		}
	}
}

// WithCouchConflict makes a couch login PUT for an existing user answer 409,
// like old CouchDB registries, so clients must use the ?write=true + /-rev/
// flow with Basic auth.
func WithCouchConflict() Option { return func(o *options) { o.couchConflict = true } }

// WithLatency makes every request wait d before it is handled, like a
// distant registry's round trip (for benchmarks; tests never time it).
// The wait happens outside the state lock, so concurrent requests wait
// at the same time, as they would on a network.
func WithLatency(d time.Duration) Option { return func(o *options) { o.latency = d } }

// WithClock sets the clock used for TOTP checks, timestamps and the Date header.
func WithClock(now func() time.Time) Option { return func(o *options) { o.now = now } }

// WithLogf prints one line per request (method, redacted path, status).
func WithLogf(logf func(format string, args ...any)) Option {
	return func(o *options) { o.logf = logf }
}
