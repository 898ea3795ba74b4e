package registry

import (
	"net/http"
	"regexp"
	"strings"
)

// tfaRequired matches the words registries use to refuse a write because
// the account has no second factor, or the token cannot bypass it:
// "Two-factor authentication or granular access token with bypass 2fa
// enabled is required to publish packages", "two-factor authentication
// must be enabled", "2FA is required".
var tfaRequired = regexp.MustCompile(`(?i)(two[- ]factor auth\w*|\b2fa\b|\bmfa\b).*\b(required|must)\b|\b(required|must)\b.*(two[- ]factor auth\w*|\b2fa\b)`)

// TwoFactorAdvice returns what to do about a 403 whose message says that
// two-factor authentication, or a token allowed to bypass it, is
// required; "" for any other error. A publish gets the ways to publish
// without a code as well.
func TwoFactorAdvice(he *HTTPError) string {
	if he == nil || he.StatusCode != http.StatusForbidden || !tfaRequired.MatchString(he.Message) {
		return ""
	}
	advice := "the registry requires two-factor authentication for this: turn it on with `gonpm profile enable-2fa auth-and-writes` if your account has none, then pass a code with --otp=<code> (or let gonpm ask for it on a terminal)"
	if isPublish(he) {
		advice += "; to publish without a code, publish from CI with trusted publishing (set it up with `gonpm trust github|gitlab|circleci`), or `gonpm stage publish` the version and approve it with 2FA"
	}
	return advice
}

// isPublish tells a publish (PUT /<name>) from other writes by its URL.
func isPublish(he *HTTPError) bool {
	if he.Method != http.MethodPut {
		return false
	}
	path := he.URL
	if i := strings.Index(path, "://"); i >= 0 {
		path = path[i+3:]
		if j := strings.IndexByte(path, '/'); j >= 0 {
			path = path[j:]
		} else {
			path = "/"
		}
	}
	segs := strings.Split(strings.Trim(path, "/"), "/")
	last := segs[len(segs)-1]
	return !strings.HasPrefix(last, "-") && !contains(segs, "-") && !contains(segs, "-rev")
}
