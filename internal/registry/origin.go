package registry

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// origin is scheme://host:port with the default port spelled out, so two
// URLs share credentials and one-time passwords only when all three match.
func origin(u *url.URL) string {
	if u == nil {
		return ""
	}
	scheme := strings.ToLower(u.Scheme)
	port := u.Port()
	if port == "" {
		switch scheme {
		case "https":
			port = "443"
		case "http":
			port = "80"
		}
	}
	return scheme + "://" + strings.ToLower(u.Hostname()) + ":" + port
}

func originOfString(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return origin(u)
}

// SameOrigin reports whether two registry URLs share scheme, host and
// port, and so credentials and one-time passwords.
func SameOrigin(a, b string) bool {
	oa := originOfString(a)
	return oa != "" && oa == originOfString(b)
}

// DowngradeError is a redirect from https to plain http: following it
// would send the request, and whatever it carries, unencrypted.
type DowngradeError struct {
	From, To string
}

func (e *DowngradeError) Error() string {
	return fmt.Sprintf("refusing to follow the registry's redirect from %s to %s: it leaves https for plain http, which would send credentials unencrypted; fix the registry URL or the registry's redirect", e.From, e.To)
}

// errTooManyRedirects stops a redirect loop.
var errTooManyRedirects = errors.New("stopped after 20 redirects")

// credentialHeaders are the headers that belong to one origin.
var credentialHeaders = []string{"Authorization", "Cookie", "Npm-Otp"}

// checkRedirect follows at most 20 redirects. It refuses to go from https
// to http at all, and drops credentials and one-time passwords as soon as
// a hop leaves the origin (scheme, host and port) of the first request;
// once dropped they stay dropped, even if a later hop comes back.
// Credentials are never recomputed for the new URL, so a redirect cannot
// gain any either.
func checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) >= 20 {
		return errTooManyRedirects
	}
	prev := via[len(via)-1]
	for _, r := range via {
		if r.URL.Scheme == "https" && req.URL.Scheme != "https" {
			return &DowngradeError{From: redactURL(prev.URL), To: redactURL(req.URL)}
		}
	}
	home := origin(via[0].URL)
	left := origin(req.URL) != home
	for _, r := range via[1:] {
		left = left || origin(r.URL) != home
	}
	if left {
		for _, h := range credentialHeaders {
			req.Header.Del(h)
		}
	}
	return nil
}
