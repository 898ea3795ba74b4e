package registry

import (
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/gonpm/gonpm/internal/logger"
)

// sensitiveHeaders are never logged with their values.
var sensitiveHeaders = map[string]bool{
	"Authorization": true,
	"Npm-Otp":       true,
	"Cookie":        true,
	"Set-Cookie":    true,
}

// secretPaths are path prefixes whose remainder is a credential (logout
// sends the token in the path).
var secretPaths = []string{"/-/user/token/", "/-/npm/v1/tokens/token/"}

// redactURL prints a URL without userinfo, query values or credentials in
// the path.
func redactURL(u *url.URL) string {
	if u == nil {
		return ""
	}
	c := *u
	c.User = nil
	if c.RawQuery != "" {
		q := c.Query()
		for k := range q {
			if k != "write" {
				q.Set(k, logger.Mask)
			}
		}
		c.RawQuery = q.Encode()
	}
	for _, p := range secretPaths {
		if i := strings.Index(c.Path, p); i >= 0 {
			c.Path = c.Path[:i+len(p)] + logger.Mask
			// Spelled out, so the mask is not shown percent-escaped.
			c.RawPath = (&url.URL{Path: c.Path[:i+len(p)]}).EscapedPath() + logger.Mask
		}
	}
	return c.String()
}

func redactString(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "<invalid URL>"
	}
	return redactURL(u)
}

func (c *Client) logRequest(req *http.Request) {
	log := c.opts.Logger
	if !log.Enabled(logger.Silly) {
		return
	}
	log.Sillyf("request %s %s", req.Method, redactURL(req.URL))
	for _, line := range headerLines(req.Header) {
		log.Sillyf("  %s", line)
	}
}

func (c *Client) logResponse(resp *http.Response, took time.Duration) {
	log := c.opts.Logger
	log.HTTPf("fetch %s %d %s %dms", resp.Request.Method, resp.StatusCode, redactURL(resp.Request.URL), took.Milliseconds())
	if log.Enabled(logger.Silly) {
		for _, line := range headerLines(resp.Header) {
			log.Sillyf("  %s", line)
		}
	}
}

func headerLines(h http.Header) []string {
	var lines []string
	for k, vs := range h {
		for _, v := range vs {
			if sensitiveHeaders[http.CanonicalHeaderKey(k)] {
				v = logger.Mask
			}
			lines = append(lines, strings.ToLower(k)+": "+v)
		}
	}
	sort.Strings(lines)
	return lines
}
