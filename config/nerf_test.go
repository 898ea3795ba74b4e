package config

import (
	"encoding/base64"
	"testing"
)

func TestNerfDart(t *testing.T) {
	tests := []struct{ in, want string }{
		{"http://127.0.0.1:4873/", "//127.0.0.1:4873/"},
		{"http://127.0.0.1:4873", "//127.0.0.1:4873/"},
		{"https://Reg.Example.TEST/npm/", "//reg.example.test/npm/"},
		{"https://reg.example.test/npm", "//reg.example.test/"},
		{"https://reg.example.test/a/b/c?x=1", "//reg.example.test/a/b/"},
		{"https://reg.example.test:443/", "//reg.example.test/"},
		{"http://reg.example.test:80/x/", "//reg.example.test/x/"},
		{"http://reg.example.test:443/", "//reg.example.test:443/"},
		{"not a url", ""},
	}
	for _, tt := range tests {
		if got := NerfDart(tt.in); got != tt.want {
			t.Errorf("NerfDart(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestAuthFor(t *testing.T) {
	b64 := func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
	s := newSandbox(t)
	s.write(t, s.userFile(), ""+
		"//127.0.0.1:4873/:_authToken=root-token\n"+
		"//127.0.0.1:4873/deep/path/:_authToken=deep-token\n"+
		"//127.0.0.1:4873/noslash:_authToken=noslash-token\n"+
		"//127.0.0.1:5000/npm/:_auth="+b64("alice:pw1")+"\n"+
		"//127.0.0.1:6000/:username=bob\n"+
		"//127.0.0.1:6000/:_password="+b64("pw2")+"\n"+
		"//127.0.0.1:7000/:_authToken=tok7\n"+
		"//127.0.0.1:7000/:_auth="+b64("x:y")+"\n"+
		"//127.0.0.1:8000/:username=carol\n"+
		"//127.0.0.1:8000/:_authToken=${EMPTY_TOKEN?}\n"+
		"//127.0.0.1:9000/:username=onlyuser\n")
	c := s.load(t, nil)

	tests := []struct {
		name, req, reg string
		want           *Auth // Source ignored
	}{
		{"exact registry path", "http://127.0.0.1:4873/pkg", "http://127.0.0.1:4873/", &Auth{Token: "root-token"}},
		{"longest match wins", "http://127.0.0.1:4873/deep/path/pkg/-/pkg-1.0.0.tgz", "http://127.0.0.1:4873/", &Auth{Token: "deep-token"}},
		{"trailing slash form", "http://127.0.0.1:4873/deep/path/", "http://127.0.0.1:4873/", &Auth{Token: "deep-token"}},
		{"no-slash form", "http://127.0.0.1:4873/noslash/pkg", "http://127.0.0.1:4873/", &Auth{Token: "noslash-token"}},
		{"no-slash exact", "http://127.0.0.1:4873/noslash", "http://127.0.0.1:4873/", &Auth{Token: "noslash-token"}},
		{"query ignored", "http://127.0.0.1:4873/-/whoami?x=1", "http://127.0.0.1:4873/", &Auth{Token: "root-token"}},
		{"_auth", "http://127.0.0.1:5000/npm/pkg", "http://127.0.0.1:5000/npm/", &Auth{Basic: b64("alice:pw1"), Username: "alice", Password: "pw1"}},
		{"same host outside registry path", "http://127.0.0.1:5000/tarballs/p.tgz", "http://127.0.0.1:5000/npm/", &Auth{Basic: b64("alice:pw1"), Username: "alice", Password: "pw1"}},
		{"username and base64 _password", "http://127.0.0.1:6000/pkg", "http://127.0.0.1:6000/", &Auth{Basic: b64("bob:pw2"), Username: "bob", Password: "pw2"}},
		{"token beats _auth", "http://127.0.0.1:7000/pkg", "http://127.0.0.1:7000/", &Auth{Token: "tok7"}},
		{"empty token is no token", "http://127.0.0.1:8000/pkg", "http://127.0.0.1:8000/", nil},
		{"username alone is nothing", "http://127.0.0.1:9000/pkg", "http://127.0.0.1:9000/", nil},
		{"other host gets nothing", "http://127.0.0.2:4873/pkg/-/pkg-1.0.0.tgz", "http://127.0.0.1:4873/", nil},
		{"other port gets nothing", "http://127.0.0.1:4874/pkg", "http://127.0.0.1:4873/", nil},
		{"other host with its own credentials", "http://127.0.0.1:6000/x.tgz", "http://127.0.0.1:4873/", &Auth{Basic: b64("bob:pw2"), Username: "bob", Password: "pw2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := c.AuthFor(tt.req, tt.reg)
			if got != nil {
				if got.Source.Layer != LayerUser || got.Source.File != s.userFile() || got.Source.Key == "" {
					t.Errorf("source = %+v", got.Source)
				}
				got.Source = Source{}
			}
			if (got == nil) != (tt.want == nil) || got != nil && *got != *tt.want {
				t.Errorf("AuthFor(%q, %q) = %+v, want %+v", tt.req, tt.reg, got, tt.want)
			}
		})
	}
}

func TestAuthSourceNamesKeyNotValue(t *testing.T) {
	s := newSandbox(t)
	c := s.load(t, nil, "NPM_CONFIG_//127.0.0.1:4873/:_authToken=env-token")
	a := c.AuthFor("http://127.0.0.1:4873/x", "http://127.0.0.1:4873/")
	if a == nil || a.Token != "env-token" {
		t.Fatalf("env credential not found")
	}
	want := Source{Layer: LayerEnv, Key: "//127.0.0.1:4873/:_authToken"}
	if a.Source != want {
		t.Errorf("source = %+v, want %+v", a.Source, want)
	}
}
