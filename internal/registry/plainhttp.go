package registry

import (
	"net"
	"net/http"
	"net/url"
	"strings"
)

// IsPlainHTTPRemote reports a registry reached over http on a host other
// than this machine: credentials would cross the network unencrypted.
func IsPlainHTTPRemote(registryURL string) bool {
	u, err := url.Parse(registryURL)
	if err != nil || u.Scheme != "http" {
		return false
	}
	host := u.Hostname()
	if strings.EqualFold(host, "localhost") {
		return false
	}
	ip := net.ParseIP(host)
	return ip == nil || !ip.IsLoopback()
}

// warnPlainHTTP warns once per origin before a credential, a password or
// a one-time password goes to a registry on another machine over plain
// http: the default registry, a scope's registry or any other.
func (c *Client) warnPlainHTTP(req *http.Request, r *Request) {
	carries := req.Header.Get("Authorization") != "" || req.Header.Get("Npm-Otp") != "" || r.Auth != nil
	if !carries || !IsPlainHTTPRemote(req.URL.String()) {
		return
	}
	o := origin(req.URL)
	c.mu.Lock()
	warned := c.warnedPlain[o]
	c.warnedPlain[o] = true
	c.mu.Unlock()
	if !warned {
		c.opts.Logger.Warnf("the registry %s uses plain http: tokens, passwords and one-time passwords cross the network unencrypted; use https", redactURL(&url.URL{Scheme: req.URL.Scheme, Host: req.URL.Host, Path: "/"}))
	}
}
