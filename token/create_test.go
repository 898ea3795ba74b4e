package token

import (
	"context"
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/gonpm/gonpm/internal/registrytest"
)

func TestCreateSendsNpmsBody(t *testing.T) {
	tests := []struct {
		name  string
		flags CreateFlags
		want  string
	}{
		{"plain: name is null", CreateFlags{}, `{"name":null,"password":"pw-tess"}`},
		{"granular", CreateFlags{
			Name: "ci", Description: "for CI", Expires: "7",
			Packages: []string{"a", "@s/b"}, PackagesAll: true, Scopes: []string{"@s"}, Orgs: []string{"o"},
			PackagesPermission: "read-write", OrgsPermission: "read-only", CIDR: []string{"10.0.0.0/8", "1.2.3.4/32"},
			Bypass2FA: true, ReadOnly: true,
		}, `{"name":"ci","password":"pw-tess","description":"for CI","packages":["a","@s/b"],"packages_all":true,"scopes":["@s"],"orgs":["o"],"packages_and_scopes_permission":"read-write","orgs_permission":"read-only","expires":7,"cidr_whitelist":["10.0.0.0/8","1.2.3.4/32"],"bypass_2fa":true}`},
		{"password flag", CreateFlags{Password: "pw-tess"}, `{"name":null,"password":"pw-tess"}`},
		{"stage only", CreateFlags{PackagesAll: true, PackagesPermission: "read-write-stage-only"}, `{"name":null,"password":"pw-tess","packages_all":true,"packages_and_scopes_permission":"read-write-stage-only"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			if err := createToken(context.Background(), e.opts, tt.flags); err != nil {
				t.Fatal(err)
			}
			var body string
			for _, r := range e.srv.Requests() {
				if r.Method == "POST" {
					body = string(r.Body)
				}
			}
			if body != tt.want {
				t.Errorf("body = %s\nwant   %s", body, tt.want)
			}
			if tt.flags.Password != "" && e.prompter.asked != 0 {
				t.Error("prompted although --password was given")
			}
		})
	}
}

func TestCreateOutputForms(t *testing.T) {
	tests := []struct {
		name            string
		json, parseable bool
		check           func(t *testing.T, out string)
	}{
		{"default", false, false, func(t *testing.T, out string) {
			if !regexp.MustCompile(`^Created token npm_\w{36}\nwith IP whitelist: 10\.1\.0\.0/16\nexpires: \d{4}-\d\d-\d\dT[^\n]+\n$`).MatchString(out) {
				t.Errorf("output %q", redact(out))
			}
		}},
		{"json", true, false, func(t *testing.T, out string) {
			var m map[string]any
			if err := json.Unmarshal([]byte(out), &m); err != nil {
				t.Fatal(err)
			}
			if _, ok := m["key"]; ok {
				t.Error("json output keeps key")
			}
			if _, ok := m["updated"]; ok {
				t.Error("json output keeps updated")
			}
			if tok, _ := m["token"].(string); !strings.HasPrefix(tok, "npm_") {
				t.Error("json output lacks the token")
			}
		}},
		{"parseable", false, true, func(t *testing.T, out string) {
			if !regexp.MustCompile(`(?m)^token\tnpm_\w{36}$`).MatchString(out) || !strings.Contains(out, "cidr_whitelist\t10.1.0.0/16\n") || strings.Contains(out, "key\t") {
				t.Errorf("output %q", redact(out))
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			e.opts.JSON, e.opts.Parseable = tt.json, tt.parseable
			if err := createToken(context.Background(), e.opts, CreateFlags{Expires: "30", CIDR: []string{"10.1.0.0/16"}}); err != nil {
				t.Fatal(err)
			}
			tt.check(t, e.out.String())
			if strings.Contains(e.errOut.String(), "pw-tess") {
				t.Error("the password appears in the diagnostics")
			}
		})
	}
}

var tokenValue = regexp.MustCompile(`npm_\w{36}`)

func redact(s string) string { return tokenValue.ReplaceAllString(s, "npm_<redacted>") }

func TestCreateValidatesBeforeAnyRequest(t *testing.T) {
	tests := []struct {
		name  string
		flags CreateFlags
		want  string
	}{
		{"IPv6", CreateFlags{CIDR: []string{"::1/128"}}, "can only contain IPv4 addresses, ::1/128 is IPv6"},
		{"IPv4-mapped IPv6", CreateFlags{CIDR: []string{"::ffff:10.0.0.0/104"}}, "is IPv6"},
		{"bare address", CreateFlags{CIDR: []string{"10.0.0.1"}}, "invalid CIDR entry: 10.0.0.1"},
		{"bad entry in a comma list", CreateFlags{CIDR: []string{"10.0.0.0/8,nope"}}, "invalid CIDR entry: nope"},
		{"packages permission", CreateFlags{PackagesPermission: "admin"}, "--packages-and-scopes-permission"},
		{"orgs permission", CreateFlags{OrgsPermission: "write"}, "--orgs-permission"},
		{"stage only is for packages", CreateFlags{OrgsPermission: "read-write-stage-only"}, "--orgs-permission"},
		{"expires", CreateFlags{Expires: "soon"}, "--expires"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			err := createToken(context.Background(), e.opts, tt.flags)
			if !isFlagError(err) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want a usage error containing %q", err, tt.want)
			}
			if n := len(e.srv.Requests()); n != 0 || e.prompter.asked != 0 {
				t.Errorf("%d requests and %d prompts before refusing", n, e.prompter.asked)
			}
		})
	}
}

func TestCreateWithTwoFactorGoesThroughTheOTPLayer(t *testing.T) {
	e := newEnv(t)
	e.otp.secret, _ = e.srv.EnableTFA("tess", registrytest.ModeAuthAndWrites)
	if err := createToken(context.Background(), e.opts, CreateFlags{}); err != nil {
		t.Fatal(err)
	}
	if e.otp.calls != 1 {
		t.Errorf("OTP asked %d times, want 1", e.otp.calls)
	}
	tok := tokenValue.FindString(e.out.String())
	if !e.works(t, tok) {
		t.Error("the created token does not work")
	}
}

func TestCreateWrongPassword(t *testing.T) {
	e := newEnv(t)
	e.prompter.password = "not-the-password"
	err := createToken(context.Background(), e.opts, CreateFlags{})
	if err == nil || !strings.Contains(err.Error(), "incorrect password") || strings.Contains(err.Error(), "not-the-password") {
		t.Fatalf("err = %v", err)
	}
}
