package registry

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/exitcode"
)

// HTTPError is a registry answer with status >= 400. Code follows npm's
// names (E401, E403, E404, E409, EOTP, EAUTHIP, ...).
type HTTPError struct {
	StatusCode int
	Code       string
	Method     string
	URL        string // without userinfo or query
	Message    string // the registry's own words (error / reason / message)
	Header     http.Header
	Body       []byte
	// Credential says which configured credential the request carried
	// ("//host/:_authToken in /home/u/.npmrc"), never its value; empty
	// when it carried none.
	Credential string
	// Resent is set on the answer to a write that the client's retries
	// sent more than once: an earlier attempt, whose answer was lost, may
	// have made the change this answer refuses ("not found", "exists").
	Resent bool
}

// IsResent reports whether err answers a write that went out more than
// once (see HTTPError.Resent).
func IsResent(err error) bool {
	var he *HTTPError
	return errors.As(err, &he) && he.Resent
}

func (e *HTTPError) Error() string {
	s := fmt.Sprintf("%d %s - %s %s", e.StatusCode, http.StatusText(e.StatusCode), e.Method, e.URL)
	if e.Message != "" {
		s += " - " + e.Message
	}
	return s
}

// ExitCode is 4 for a refused credential (401), 6 for a publish the
// registry takes only as a staged publish, else 1.
func (e *HTTPError) ExitCode() int {
	if e.StatusCode == http.StatusUnauthorized {
		return exitcode.Auth
	}
	if StageRequired(e) {
		return exitcode.StageRequired
	}
	return exitcode.Error
}

// IsStatus reports whether err is an HTTPError with the given status.
func IsStatus(err error, status int) bool {
	var he *HTTPError
	return errors.As(err, &he) && he.StatusCode == status
}

// IsNotFound reports whether err is a registry 404.
func IsNotFound(err error) bool { return IsStatus(err, http.StatusNotFound) }

// OTPError says that the registry wants a one-time password and none could
// be obtained, or the one given was refused.
type OTPError struct {
	// Rejected is set when a code was sent and refused.
	Rejected bool
	// Message is the registry's message for the challenge.
	Message string
	// AuthURL is the web page that approves the operation, for a web
	// challenge.
	AuthURL string
	// ClockSkew is how far the local clock is from the registry's, when
	// the registry sent a Date header.
	ClockSkew time.Duration
	// Cause is why no code could be had (no terminal, web timeout, ...).
	Cause error
	// InCI adds the ways forward that suit a CI job.
	InCI bool
	// Publish is set for the upload of a publish document, which trusted
	// publishing or a 2FA-bypassing token can make without a code.
	Publish bool
}

func (e *OTPError) Error() string {
	var b strings.Builder
	if e.Rejected {
		b.WriteString("the registry rejected the one-time password")
		if e.Message != "" {
			b.WriteString(" (" + e.Message + ")")
		}
		b.WriteString(": it may have been mistyped or expired; try again with a fresh code")
	} else {
		b.WriteString("this operation requires a one-time password")
		if e.Cause != nil {
			b.WriteString(" and " + e.Cause.Error())
		}
		b.WriteString(": pass --otp=<code> or set NPM_CONFIG_OTP=<code>")
		if e.InCI {
			b.WriteString(", or set --otp-command (NPM_CONFIG_OTP_COMMAND) to a command that prints a fresh code")
			if e.Publish {
				b.WriteString(", or publish with trusted publishing (OIDC), or use a granular access token allowed to bypass 2FA")
			}
		}
		if e.AuthURL != "" {
			b.WriteString(", or approve it in a browser at " + e.AuthURL + " and run the command again")
		}
	}
	if skew := e.ClockSkew; skew > maxClockSkew || skew < -maxClockSkew {
		fmt.Fprintf(&b, " (this computer's clock is %s off from the registry's; authenticator codes depend on the time, so check the clock)", skew.Round(time.Second).Abs())
	}
	return b.String()
}

func (e *OTPError) Unwrap() error { return e.Cause }

// ExitCode is 5: a one-time password is needed and none was had.
func (e *OTPError) ExitCode() int { return exitcode.OTPRequired }

// ErrIPAddress is the registry refusing the request from this address; it
// exits 4, as an authentication failure.
var ErrIPAddress = exitcode.New("not allowed from this IP address: the account or token restricts which addresses may use it", exitcode.Auth)

// maxClockSkew is the clock difference past which a rejected code is
// probably the clock's fault: TOTP codes last 30 seconds.
const maxClockSkew = 30 * time.Second

// newHTTPError builds the error for a failed response whose body was read.
func newHTTPError(method, url string, status int, header http.Header, body []byte) *HTTPError {
	e := &HTTPError{
		StatusCode: status,
		Code:       fmt.Sprintf("E%d", status),
		Method:     method,
		URL:        url,
		Header:     header,
		Body:       body,
		Message:    registryMessage(body),
	}
	return e
}

// registryMessage pulls the human message out of an error body: JSON
// {"error": ...} or {"reason": ...}, or short plain text. HTML pages and
// long bodies are not repeated.
func registryMessage(body []byte) string {
	var obj map[string]any
	if json.Unmarshal(body, &obj) == nil {
		for _, k := range []string{"error", "reason", "message", "detail"} {
			if s, ok := obj[k].(string); ok && s != "" {
				return oneLine(s)
			}
		}
		return ""
	}
	text := strings.TrimSpace(string(body))
	if text == "" || strings.HasPrefix(text, "<") || len(text) > 200 {
		return ""
	}
	return oneLine(text)
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// NeedAuthError says a command needs credentials for a registry and none
// are configured (npm's ENEEDAUTH).
type NeedAuthError struct{ Registry string }

func (e *NeedAuthError) Error() string {
	shown := config.RedactURLString(e.Registry)
	return fmt.Sprintf("this command requires you to be logged in to %s: run `gonpm login --registry=%s`", shown, shown)
}

// ExitCode is 4: not logged in.
func (e *NeedAuthError) ExitCode() int { return exitcode.Auth }

// VersionTaken says whether the registry refused a publish because the
// version already exists (published, staged or unpublished), as npm's
// registry words it: "You cannot publish over the previously published
// versions: 1.7.0.".
func VersionTaken(e *HTTPError) bool {
	return e != nil && e.StatusCode == http.StatusForbidden &&
		strings.Contains(strings.ToLower(e.Message), "cannot publish over")
}
