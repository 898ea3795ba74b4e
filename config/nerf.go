package config

import (
	"encoding/base64"
	"net/url"
	"strings"
)

// credentialKeys are the keys npm accepts under a nerf dart
// (//host/path/:<key>).
var credentialKeys = []string{"_authToken", "_auth", "username", "_password", "email", "certfile", "keyfile"}

// NerfDart returns the credential prefix npm uses for a registry URL:
// "//" + host (with a non-default port) + the path up to and including its
// last '/'. So "https://h/npm/" gives "//h/npm/" but "https://h/npm" gives
// "//h/". It returns "" when the URL has no host.
func NerfDart(registryURL string) string {
	host, path, ok := hostAndPath(registryURL)
	if !ok {
		return ""
	}
	return "//" + host + path[:strings.LastIndexByte(path, '/')+1]
}

// hostAndPath returns the lower-cased host (default port dropped) and the
// escaped path ("/" at least) of an absolute URL.
func hostAndPath(raw string) (host, path string, ok bool) {
	u, err := url.Parse(raw)
	if err != nil || u.Hostname() == "" {
		// "http://:80/" names no host: no credential may be keyed "///".
		return "", "", false
	}
	host = strings.ToLower(u.Host)
	switch {
	case u.Scheme == "https" && strings.HasSuffix(host, ":443"):
		host = strings.TrimSuffix(host, ":443")
	case u.Scheme == "http" && strings.HasSuffix(host, ":80"):
		host = strings.TrimSuffix(host, ":80")
	}
	path = u.EscapedPath()
	if path == "" {
		path = "/"
	}
	return host, path, true
}

// AuthFor returns the credentials npm would send with a request to
// requestURL, or nil. It looks for credentials under the request URL's
// //host/path, walking up one path segment or trailing slash at a time.
// Only when nothing matches and the request goes to the same host and port
// as registryURL are the registry's credentials used. Another host never
// gets credentials it was not configured with.
func (c *Config) AuthFor(requestURL, registryURL string) *Auth {
	if a := c.authUnder(requestURL); a != nil {
		return a
	}
	reqHost, _, ok1 := hostAndPath(requestURL)
	regHost, _, ok2 := hostAndPath(registryURL)
	if !ok1 || !ok2 || reqHost != regHost {
		return nil
	}
	if a := c.authUnder(registryURL); a != nil {
		return a
	}
	return c.urlAuth(regHost)
}

// authUnder walks up from //host/path of u and returns the first
// credentials found.
func (c *Config) authUnder(u string) *Auth {
	host, path, ok := hostAndPath(u)
	if !ok {
		return nil
	}
	key := "//" + host + path
	for len(key) > len("//") {
		if a := c.authAt(key); a != nil {
			return a
		}
		if strings.HasSuffix(key, "/") {
			key = key[:len(key)-1]
		} else {
			key = key[:strings.LastIndexByte(key, '/')+1]
		}
	}
	return nil
}

// authAt returns the credentials stored under one nerf dart, in npm's
// order of preference: token, _auth, username with _password, client
// certificate.
func (c *Config) authAt(nerf string) *Auth {
	if tok, src, ok := c.credential(nerf, "_authToken"); ok {
		a := &Auth{Token: tok, Source: src}
		c.addCert(nerf, a)
		return a
	}
	if basic, src, ok := c.credential(nerf, "_auth"); ok {
		a := &Auth{Basic: basic, Source: src}
		if dec, err := base64.StdEncoding.DecodeString(basic); err == nil {
			if user, pass, ok := strings.Cut(string(dec), ":"); ok {
				a.Username, a.Password = user, pass
			}
		}
		c.addCert(nerf, a)
		return a
	}
	user, _, okUser := c.credential(nerf, "username")
	pass64, src, okPass := c.credential(nerf, "_password")
	if okUser && okPass {
		pass := pass64
		if dec, err := base64.StdEncoding.DecodeString(pass64); err == nil {
			pass = string(dec)
		}
		a := &Auth{
			Username: user,
			Password: pass,
			Basic:    base64.StdEncoding.EncodeToString([]byte(user + ":" + pass)),
			Source:   src,
		}
		c.addCert(nerf, a)
		return a
	}
	a := &Auth{}
	if c.addCert(nerf, a) {
		return a
	}
	return nil
}

// addCert fills in the client certificate stored under nerf, if both
// halves are there.
func (c *Config) addCert(nerf string, a *Auth) bool {
	cert, src, ok1 := c.credential(nerf, "certfile")
	key, _, ok2 := c.credential(nerf, "keyfile")
	if !ok1 || !ok2 {
		return false
	}
	a.CertFile, a.KeyFile = cert, key
	if a.Source.Key == "" {
		a.Source = src
	}
	return true
}

// credential looks up "<nerf>:<name>" exactly (case-sensitive) across the
// layers; an empty value counts as absent, as in npm.
func (c *Config) credential(nerf, name string) (string, Source, bool) {
	key := nerf + ":" + name
	v, l, ok := c.lookupExact(key)
	if !ok || v.value == "" {
		return "", Source{}, false
	}
	return v.value, Source{Layer: l.name, File: l.file, Key: v.rawKey}, true
}
