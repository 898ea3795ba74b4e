package registry

import (
	"net"
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
