package registry

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"

	"github.com/gonpm/gonpm/config"
	"golang.org/x/net/http/httpproxy"
)

// Network is how requests reach the registry: TLS settings and proxies,
// from npm's cafile, ca, strict-ssl, cert, key, proxy, https-proxy and
// noproxy settings (and HTTPS_PROXY, HTTP_PROXY, NO_PROXY, which npm uses
// as their defaults).
type Network struct {
	TLS   *tls.Config
	Proxy func(*http.Request) (*url.URL, error)
	// Insecure is set when strict-ssl=false turned certificate checks off.
	Insecure bool
}

// NetworkFromConfig reads the TLS and proxy settings. A project file
// cannot set cafile, cert, key or strict-ssl=false (config drops them), so
// what arrives here comes from the user.
func NetworkFromConfig(cfg *config.Config) (*Network, error) {
	n := &Network{TLS: &tls.Config{MinVersion: tls.VersionTLS12}}
	if v := cfg.Get("strict-ssl"); v != "" && !cfg.Bool("strict-ssl") {
		n.TLS.InsecureSkipVerify = true
		n.Insecure = true
	}
	pool, err := caPool(cfg)
	if err != nil {
		return nil, err
	}
	n.TLS.RootCAs = pool
	if cert, key := pemSetting(cfg.Get("cert")), pemSetting(cfg.Get("key")); cert != "" || key != "" {
		if cert == "" || key == "" {
			return nil, errors.New("a client certificate needs both cert and key (PEM, newlines written as \\n); set the missing one or remove the other")
		}
		pair, err := tls.X509KeyPair([]byte(cert), []byte(key))
		if err != nil {
			return nil, fmt.Errorf("the client certificate in cert and key cannot be used: %v; check that both are PEM and belong together", err)
		}
		n.TLS.Certificates = []tls.Certificate{pair}
	}
	n.Proxy = proxyFunc(cfg)
	return n, nil
}

// caPool is nil (the system's roots) unless ca or cafile is set; then, as
// in npm, only those authorities are trusted.
func caPool(cfg *config.Config) (*x509.CertPool, error) {
	var pems []string
	if file := cfg.Get("cafile"); file != "" {
		data, err := os.ReadFile(file)
		if err != nil {
			return nil, fmt.Errorf("reading cafile %s: %w; fix or remove the cafile setting", file, err)
		}
		if !hasCertificate(data) {
			return nil, fmt.Errorf("cafile %s holds no PEM certificate; point it at a PEM file of CA certificates", file)
		}
		pems = append(pems, string(data))
	}
	// ca is one PEM string or an array (ca[]=...), items joined by
	// newlines; npm writes newlines inside a value as \n.
	if ca := pemSetting(cfg.Get("ca")); ca != "" && ca != "null" {
		if !hasCertificate([]byte(ca)) {
			return nil, errors.New("the ca setting holds no PEM certificate; set it to the CA's certificate (newlines written as \\n) or use cafile")
		}
		pems = append(pems, ca)
	}
	if len(pems) == 0 {
		return nil, nil
	}
	pool := x509.NewCertPool()
	for _, p := range pems {
		if !pool.AppendCertsFromPEM([]byte(p)) {
			return nil, errors.New("a certificate in ca or cafile cannot be parsed; check that it is a PEM CERTIFICATE block")
		}
	}
	return pool, nil
}

func hasCertificate(data []byte) bool {
	for {
		var block *pem.Block
		block, data = pem.Decode(data)
		if block == nil {
			return false
		}
		if block.Type == "CERTIFICATE" {
			return true
		}
	}
}

func pemSetting(v string) string {
	return strings.TrimSpace(strings.ReplaceAll(v, `\n`, "\n"))
}

// proxyFunc follows npm: https requests use https-proxy, else proxy; http
// requests use proxy; noproxy lists hosts reached directly. Each setting
// defaults to the standard environment variables. Like curl and Go,
// localhost and loopback addresses are always reached directly.
func proxyFunc(cfg *config.Config) func(*http.Request) (*url.URL, error) {
	env := map[string]string{}
	for _, kv := range cfg.Env() {
		if k, v, ok := strings.Cut(kv, "="); ok {
			env[k] = v
		}
	}
	first := func(vals ...string) string {
		for _, v := range vals {
			if v != "" && v != "null" && v != "false" {
				return v
			}
		}
		return ""
	}
	httpProxy := first(cfg.Get("proxy"), env["HTTP_PROXY"], env["http_proxy"])
	httpsProxy := first(cfg.Get("https-proxy"), env["HTTPS_PROXY"], env["https_proxy"], httpProxy)
	noProxy := first(strings.ReplaceAll(cfg.Get("noproxy"), "\n", ","), env["NO_PROXY"], env["no_proxy"])
	pc := &httpproxy.Config{HTTPProxy: httpProxy, HTTPSProxy: httpsProxy, NoProxy: noProxy}
	f := pc.ProxyFunc()
	return func(req *http.Request) (*url.URL, error) { return f(req.URL) }
}
