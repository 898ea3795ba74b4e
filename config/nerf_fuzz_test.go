package config

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzNerfDart: the credential key of a URL is "" or "//host/…/", never
// holds the URL's userinfo, query or fragment, and does not depend on
// them, on the host's letter case or on a default port.
func FuzzNerfDart(f *testing.F) {
	for _, s := range []string{
		"http://127.0.0.1:4873/", "https://Reg.Example.TEST:443/npm/", "http://u:p@127.0.0.1:80/a/b?x=1#f",
		"http://[::1]:4873/npm", "//h/x", "h/x", "http://h/%2f/", "http://h:/", "http://h/a/../b/",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		nerf := NerfDart(raw)
		if nerf == "" {
			return
		}
		if !strings.HasPrefix(nerf, "//") || !strings.HasSuffix(nerf, "/") {
			t.Fatalf("NerfDart(%q) = %q, not //host/path/", raw, nerf)
		}
		u, err := url.Parse(raw)
		if err != nil {
			t.Fatalf("NerfDart(%q) = %q for a URL that does not parse", raw, nerf)
		}
		host, _, _ := strings.Cut(nerf[2:], "/")
		if strings.Contains(host, "@") {
			t.Fatalf("NerfDart(%q) = %q keeps the userinfo", raw, nerf)
		}
		bare := *u
		bare.User, bare.RawQuery, bare.Fragment, bare.ForceQuery, bare.RawFragment = nil, "", "", false, ""
		bare.Host = strings.ToLower(bare.Host)
		switch {
		case bare.Scheme == "https":
			bare.Host = strings.TrimSuffix(bare.Host, ":443")
		case bare.Scheme == "http":
			bare.Host = strings.TrimSuffix(bare.Host, ":80")
		}
		if got := NerfDart(bare.String()); got != nerf {
			t.Fatalf("NerfDart(%q) = %q but NerfDart(%q) = %q", raw, nerf, bare.String(), got)
		}
	})
}

// FuzzAuthFor: with a token configured for one registry, only requests to
// that registry's host and port ever get a credential.
func FuzzAuthFor(f *testing.F) {
	for _, s := range []string{
		"http://127.0.0.1:4873/npm/pkg", "http://127.0.0.1:4873/other/x.tgz", "http://127.0.0.1:4874/npm/pkg",
		"http://127.0.0.2:4873/npm/pkg", "http://127.0.0.1:4873@127.0.0.2/npm/", "http://127.0.0.1/npm/",
		"HTTP://127.0.0.1:4873/npm", "http://127.0.0.1:4873", "//127.0.0.1:4873/npm/", "http://127.0.0.1.:4873/npm/",
	} {
		f.Add(s)
	}
	home := f.TempDir()
	rc := "//127.0.0.1:4873/npm/:_authToken=scoped-secret\n"
	if err := os.WriteFile(filepath.Join(home, ".npmrc"), []byte(rc), 0o600); err != nil {
		f.Fatal(err)
	}
	c, err := Load(LoadOptions{Cwd: home, Home: home, Env: []string{"HOME=" + home, "PATH="}})
	if err != nil {
		f.Fatal(err)
	}
	const registryURL = "http://127.0.0.1:4873/npm/"
	f.Fuzz(func(t *testing.T, requestURL string) {
		a := c.AuthFor(requestURL, registryURL)
		if a == nil {
			return
		}
		host, _, ok := hostAndPath(requestURL)
		if !ok || host != "127.0.0.1:4873" {
			t.Fatalf("request to %q (host %q) got the registry's credential", requestURL, host)
		}
	})
}
