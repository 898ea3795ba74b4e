package profile

import (
	"strings"
	"testing"
)

func TestGetFormats(t *testing.T) {
	tests := []struct {
		name      string
		tfa       string
		args      []string
		json      bool
		parseable bool
		want      []string // lines that must appear
		wantNot   []string
	}{
		{name: "default view, 2FA off", want: []string{"name: ann\n", "email: ann@example.com(unverified)\n", "two-factor auth: disabled\n", "fullname: \n"}},
		{name: "auth-and-writes", tfa: "auth-and-writes", want: []string{"two-factor auth: auth-and-writes\n"}},
		{name: "auth-only", tfa: "auth-only", want: []string{"two-factor auth: auth-only\n"}},
		{name: "pending counts as disabled", tfa: "pending", want: []string{"two-factor auth: disabled\n"}},
		{name: "selected keys joined by tab", args: []string{"email", "name"}, want: []string{"ann@example.com(unverified)\tann\n"}},
		{name: "comma separated keys", tfa: "auth-only", args: []string{"name,two-factor auth"}, want: []string{"ann\tauth-only\n"}},
		{name: "parseable raw values", tfa: "auth-only", parseable: true,
			want: []string{"email\tann@example.com\n", "email_verified\tfalse\n", "tfa\tauth-only\n"}, wantNot: []string{"cidr_whitelist"}},
		{name: "json", json: true, want: []string{"{\n  \"", "  \"email_verified\": false,\n", "  \"tfa\": false,\n"}, wantNot: []string{"cidr_whitelist"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, "ann")
			if tt.tfa != "" {
				e.enable(tt.tfa)
			}
			e.json, e.parseable = tt.json, tt.parseable
			if err := e.run(append([]string{"get"}, tt.args...)...); err != nil {
				t.Fatal(err)
			}
			got := e.out.String()
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("output lacks %q:\n%s", w, got)
				}
			}
			for _, w := range tt.wantNot {
				if strings.Contains(got, w) {
					t.Errorf("output has %q:\n%s", w, got)
				}
			}
		})
	}
}

func TestGetDefaultViewOrder(t *testing.T) {
	e := newEnv(t, "ann")
	if err := e.run("get"); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, line := range strings.Split(strings.TrimSpace(e.out.String()), "\n") {
		k, _, _ := strings.Cut(line, ": ")
		keys = append(keys, k)
	}
	want := "name,email,two-factor auth,fullname,homepage,freenode,twitter,github,created,updated"
	if got := strings.Join(keys, ","); got != want {
		t.Errorf("keys = %s, want %s", got, want)
	}
}
