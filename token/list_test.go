package token

import (
	"context"
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/gonpm/gonpm/internal/registrytest"
)

func TestListFollowsPagesAndFormats(t *testing.T) {
	tests := []struct {
		name            string
		json, parseable bool
		check           func(t *testing.T, out string)
	}{
		{"default", false, false, func(t *testing.T, out string) {
			line := regexp.MustCompile(`(?m)^Token npm_\w{4}… with id [0-9a-f]{6,} name null created \d{4}-\d\d-\d\d\n\n`)
			if n := len(line.FindAllString(out, -1)); n != 5 {
				t.Errorf("%d token entries, want 5:\n%s", n, out)
			}
		}},
		{"parseable", false, true, func(t *testing.T, out string) {
			lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
			if lines[0] != "key\ttoken\tid\tname\tcreated\treadonly\tCIDR whitelist" {
				t.Errorf("header = %q", lines[0])
			}
			if len(lines) != 6 {
				t.Fatalf("%d lines, want header + 5", len(lines))
			}
			for _, l := range lines[1:] {
				f := strings.Split(l, "\t")
				if len(f) != 7 || !strings.HasPrefix(f[0], f[2]) || f[3] != "" || f[5] != "false" {
					t.Errorf("row %q", l)
				}
			}
		}},
		{"json", true, false, func(t *testing.T, out string) {
			var tokens []map[string]any
			if err := json.Unmarshal([]byte(out), &tokens); err != nil {
				t.Fatal(err)
			}
			if len(tokens) != 5 {
				t.Fatalf("%d tokens, want 5", len(tokens))
			}
			for _, tok := range tokens {
				id, _ := tok["id"].(string)
				key, _ := tok["key"].(string)
				if len(id) < 6 || !strings.HasPrefix(key, id) {
					t.Errorf("id %q is not a prefix of key %q", id, key)
				}
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, registrytest.WithTokenPageSize(2))
			for range 4 {
				e.srv.AddUser("tess", "pw-tess", "tess@example.com")
			}
			e.opts.JSON, e.opts.Parseable = tt.json, tt.parseable
			if err := listTokens(context.Background(), e.opts); err != nil {
				t.Fatal(err)
			}
			if n := e.countRequests("GET", "/-/npm/v1/tokens"); n != 3 {
				t.Errorf("%d list requests, want 3 pages", n)
			}
			tt.check(t, e.out.String())
		})
	}
}

func TestAssignIDsAreShortestUniquePrefixes(t *testing.T) {
	tokens := []*listed{{Key: "abcdef111"}, {Key: "abcdef122"}, {Key: "zzzzzz999"}, {Key: "abc"}}
	assignIDs(tokens, 6)
	want := []string{"abcdef11", "abcdef12", "zzzzzz", "abc"}
	for i, tok := range tokens {
		if tok.ID != want[i] {
			t.Errorf("id of %s = %s, want %s", tok.Key, tok.ID, want[i])
		}
	}
}

func TestListShowsCIDRAndName(t *testing.T) {
	e := newEnv(t)
	if err := createToken(context.Background(), e.opts, CreateFlags{Name: "deploy", CIDR: []string{"10.0.0.0/8, 192.168.1.0/24"}}); err != nil {
		t.Fatal(err)
	}
	e.out.Reset()
	if err := listTokens(context.Background(), e.opts); err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`name deploy created .*\nwith IP whitelist: 10\.0\.0\.0/8,192\.168\.1\.0/24\n\n`).MatchString(e.out.String()) {
		t.Errorf("output:\n%s", e.out.String())
	}
}
