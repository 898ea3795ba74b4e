package registry

import (
	"context"
	"crypto/tls"
	"fmt"

	"github.com/gonpm/gonpm/config"
	"github.com/hashicorp/go-retryablehttp"
)

// A registry's own client certificate (//host/:certfile and :keyfile)
// travels to the TLS handshake in the request's context; cert and key
// (for every registry) are the fallback.
type clientCertKey struct{}

// withClientCert attaches the client certificate auth names, loading it
// once per command.
func (c *Client) withClientCert(req *retryablehttp.Request, auth *config.Auth) (*retryablehttp.Request, error) {
	if auth == nil || auth.CertFile == "" || auth.KeyFile == "" {
		return req, nil
	}
	key := auth.CertFile + "\x00" + auth.KeyFile
	c.mu.Lock()
	pair, ok := c.certs[key]
	c.mu.Unlock()
	if !ok {
		loaded, err := tls.LoadX509KeyPair(auth.CertFile, auth.KeyFile)
		if err != nil {
			return nil, fmt.Errorf("loading the client certificate %s with key %s (%s): %v", auth.CertFile, auth.KeyFile, auth.Source.Describe(), err)
		}
		pair = &loaded
		c.mu.Lock()
		c.certs[key] = pair
		c.mu.Unlock()
	}
	return req.WithContext(context.WithValue(req.Context(), clientCertKey{}, pair)), nil
}

// clientCertificate picks the certificate for a handshake.
func clientCertificate(fallback []tls.Certificate) func(*tls.CertificateRequestInfo) (*tls.Certificate, error) {
	return func(cri *tls.CertificateRequestInfo) (*tls.Certificate, error) {
		if p, ok := cri.Context().Value(clientCertKey{}).(*tls.Certificate); ok {
			return p, nil
		}
		if len(fallback) > 0 {
			return &fallback[0], nil
		}
		return &tls.Certificate{}, nil
	}
}
