package registry

import (
	"context"
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/tlstest"
)

// tlsRegistry is a registry over https with a certificate from ca for
// registry.example.test and 127.0.0.1; requireClient asks for a client
// certificate from ca.
func tlsRegistry(t *testing.T, ca *tlstest.CA, requireClient bool) *httptest.Server {
	t.Helper()
	_, _, pair, err := ca.Issue(false, "registry.example.test", "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		who := "anonymous"
		if r.TLS != nil && len(r.TLS.PeerCertificates) > 0 {
			who = "client-cert"
		}
		_, _ = w.Write([]byte(`{"username":"` + who + `"}`))
	}))
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{pair}}
	if requireClient {
		srv.TLS.ClientAuth = tls.RequireAndVerifyClientCert
		srv.TLS.ClientCAs = ca.Pool()
	}
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv
}

// loadWith loads npmrc as the user config with env.
func loadWith(t *testing.T, npmrc string, env ...string) *config.Config {
	t.Helper()
	home := t.TempDir()
	if err := os.WriteFile(filepath.Join(home, ".npmrc"), []byte(npmrc), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(config.LoadOptions{Cwd: home, Home: home, Env: append([]string{"HOME=" + home, "PATH="}, env...)})
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func whoamiThrough(t *testing.T, cfg *config.Config, registryURL string) (string, error) {
	t.Helper()
	n, err := NetworkFromConfig(cfg)
	if err != nil {
		return "", err
	}
	c := newTestClient(t, strings.TrimSuffix(registryURL, "/"), Options{Network: n, Timeout: 5e9})
	var who struct{ Username string }
	err = c.DoJSON(context.Background(), &Request{Method: http.MethodGet, Path: "-/whoami"}, &who)
	return who.Username, err
}

func TestTLSSettings(t *testing.T) {
	ca, err := tlstest.NewCA()
	if err != nil {
		t.Fatal(err)
	}
	clientCert, clientKey, _, err := ca.Issue(true, "client")
	if err != nil {
		t.Fatal(err)
	}
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(caFile, []byte(ca.CertPEM), 0o600); err != nil {
		t.Fatal(err)
	}
	oneLine := func(pem string) string { return strings.ReplaceAll(strings.TrimSpace(pem), "\n", `\n`) }
	other, _ := tlstest.NewCA()

	srv := tlsRegistry(t, ca, false)
	mtls := tlsRegistry(t, ca, true)
	tests := []struct {
		name   string
		npmrc  string
		srv    *httptest.Server
		want   string // username; "" means the request must fail
		errHas string
	}{
		{"system roots do not know the test CA", "", srv, "", "certificate"},
		{"cafile", "cafile=" + caFile + "\n", srv, "anonymous", ""},
		{"ca as one string", "ca=\"" + oneLine(ca.CertPEM) + "\"\n", srv, "anonymous", ""},
		{"ca as an array", "ca[]=\"" + oneLine(other.CertPEM) + "\"\nca[]=\"" + oneLine(ca.CertPEM) + "\"\n", srv, "anonymous", ""},
		{"ca replaces the trusted roots", "ca=\"" + oneLine(other.CertPEM) + "\"\n", srv, "", "certificate"},
		{"strict-ssl=false from the user", "strict-ssl=false\n", srv, "anonymous", ""},
		{"no client certificate", "cafile=" + caFile + "\n", mtls, "", ""},
		{"cert and key", "cafile=" + caFile + "\ncert=\"" + oneLine(clientCert) + "\"\nkey=\"" + oneLine(clientKey) + "\"\n", mtls, "client-cert", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := whoamiThrough(t, loadWith(t, tt.npmrc), tt.srv.URL+"/")
			if tt.want == "" {
				if err == nil {
					t.Fatalf("whoami succeeded as %q, want a TLS failure", got)
				}
				if tt.errHas != "" && !strings.Contains(err.Error(), tt.errHas) {
					t.Errorf("error %q does not mention %q", err, tt.errHas)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("whoami = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func TestBadTLSSettingsAreOneClearError(t *testing.T) {
	for _, npmrc := range []string{
		"cafile=/nonexistent/ca.pem\n",
		"ca=not a certificate\n",
		"cert=\"-----BEGIN CERTIFICATE-----\\nAAAA\\n-----END CERTIFICATE-----\"\n",
	} {
		_, err := NetworkFromConfig(loadWith(t, npmrc))
		if err == nil || strings.Contains(err.Error(), "\n") {
			t.Errorf("%q: err = %v, want one line", npmrc, err)
		}
	}
}

// The registry is named registry.example.test; only the CONNECT proxy on
// 127.0.0.1 knows where it is, so a request that bypasses the proxy fails.
func TestProxySettings(t *testing.T) {
	ca, err := tlstest.NewCA()
	if err != nil {
		t.Fatal(err)
	}
	srv := tlsRegistry(t, ca, false)
	proxy, err := tlstest.NewProxy(strings.TrimPrefix(srv.URL, "https://"))
	if err != nil {
		t.Fatal(err)
	}
	defer proxy.Close()
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(caFile, []byte(ca.CertPEM), 0o600); err != nil {
		t.Fatal(err)
	}
	base := "cafile=" + caFile + "\n"
	tests := []struct {
		name     string
		npmrc    string
		env      []string
		viaProxy bool
	}{
		{"https-proxy", base + "https-proxy=" + proxy.URL + "\n", nil, true},
		{"proxy serves https too", base + "proxy=" + proxy.URL + "\n", nil, true},
		{"HTTPS_PROXY", base, []string{"HTTPS_PROXY=" + proxy.URL}, true},
		{"https_proxy", base, []string{"https_proxy=" + proxy.URL}, true},
		{"HTTP_PROXY", base, []string{"HTTP_PROXY=" + proxy.URL}, true},
		{"noproxy", base + "https-proxy=" + proxy.URL + "\nnoproxy=example.test\n", nil, false},
		{"NO_PROXY", base, []string{"HTTPS_PROXY=" + proxy.URL, "NO_PROXY=registry.example.test"}, false},
		{"no proxy at all", base, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := len(proxy.Connects())
			got, err := whoamiThrough(t, loadWith(t, tt.npmrc, tt.env...), "https://registry.example.test:"+srv.URL[strings.LastIndexByte(srv.URL, ':')+1:]+"/")
			used := len(proxy.Connects()) > before
			if used != tt.viaProxy {
				t.Fatalf("went through the proxy: %v, want %v (err %v)", used, tt.viaProxy, err)
			}
			if tt.viaProxy && (err != nil || got != "anonymous") {
				t.Fatalf("whoami through the proxy = %q, %v", got, err)
			}
			if !tt.viaProxy && err == nil {
				t.Fatalf("registry.example.test was reached without the proxy")
			}
		})
	}
}

// A registry's own client certificate (//host/:certfile, :keyfile) is
// presented to that registry.
func TestPerRegistryClientCertificate(t *testing.T) {
	ca, err := tlstest.NewCA()
	if err != nil {
		t.Fatal(err)
	}
	certPEM, keyPEM, _, err := ca.Issue(true, "client")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	files := map[string]string{"ca.pem": ca.CertPEM, "client.pem": certPEM, "client.key": keyPEM}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	mtls := tlsRegistry(t, ca, true)
	host := strings.TrimPrefix(mtls.URL, "https://")
	npmrc := "cafile=" + filepath.Join(dir, "ca.pem") + "\n//" + host + "/:certfile=" + filepath.Join(dir, "client.pem") + "\n//" + host + "/:keyfile=" + filepath.Join(dir, "client.key") + "\n"
	cfg := loadWith(t, npmrc)
	n, err := NetworkFromConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	c := newTestClient(t, mtls.URL, Options{Network: n, Credentials: cfg, Timeout: 5e9})
	var who struct{ Username string }
	if err := c.DoJSON(context.Background(), &Request{Method: http.MethodGet, Path: "-/whoami"}, &who); err != nil || who.Username != "client-cert" {
		t.Fatalf("whoami = %q, %v; want the registry to see the client certificate", who.Username, err)
	}

	// A missing key file is one clear error naming the setting.
	bad := loadWith(t, "cafile="+filepath.Join(dir, "ca.pem")+"\n//"+host+"/:certfile="+filepath.Join(dir, "client.pem")+"\n//"+host+"/:keyfile=/nonexistent.key\n")
	c = newTestClient(t, mtls.URL, Options{Network: n, Credentials: bad, Timeout: 5e9})
	err = c.DoJSON(context.Background(), &Request{Method: http.MethodGet, Path: "-/whoami"}, &who)
	if err == nil || !strings.Contains(err.Error(), "/nonexistent.key") || strings.Contains(err.Error(), "\n") {
		t.Fatalf("err = %v, want one line naming the key file", err)
	}
}
