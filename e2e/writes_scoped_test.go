package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gonpm/gonpm/internal/registrytest"
)

// TestWritesUseTheScopesRegistry: with @acme:registry set, deprecate and
// star of an @acme package and team writes for acme go to that registry
// with its token, as npm sends them; the default registry sees nothing.
func TestWritesUseTheScopesRegistry(t *testing.T) {
	def := registrytest.New(t)
	defToken := def.AddUser("kim", "pw-kim", "kim@example.com")
	scoped := registrytest.New(t)
	scopedToken := scoped.AddUser("kim", "pw-kim", "kim@example.com")
	scoped.AddPackage("kim", "@acme/pk", "1.0.0", "2.0.0")
	scoped.SetOrgMember("acme", "kim", "owner")

	home := t.TempDir()
	host := func(s *registrytest.Server) string {
		return strings.TrimSuffix(strings.TrimPrefix(s.URL, "http://"), "/")
	}
	npmrc := "registry=" + def.URL + "\n@acme:registry=" + scoped.URL + "\n" +
		"//" + host(def) + "/:_authToken=" + defToken + "\n//" + host(scoped) + "/:_authToken=" + scopedToken + "\n"
	if err := os.WriteFile(filepath.Join(home, ".npmrc"), []byte(npmrc), 0o600); err != nil {
		t.Fatal(err)
	}
	env := []string{"HOME=" + home, "PATH=" + os.Getenv("PATH"), "LC_ALL=C"}

	for _, args := range [][]string{
		{"deprecate", "@acme/pk@1", "use 2"},
		{"star", "@acme/pk"},
		{"team", "create", "@acme:qa"},
	} {
		if stdout, stderr, code := runGonpm(t, env, home, "", args...); code != 0 {
			t.Fatalf("gonpm %s: exit %d\n%s%s", strings.Join(args, " "), code, stdout, stderr)
		}
	}
	if got := scoped.Deprecations("@acme/pk"); got["1.0.0"] != "use 2" {
		t.Errorf("deprecations on the scope's registry: %v", got)
	}
	if got := scoped.Stars("@acme/pk"); len(got) != 1 || got[0] != "kim" {
		t.Errorf("stars on the scope's registry: %v", got)
	}
	if got := scoped.Teams("acme"); len(got) != 1 || got[0] != "qa" {
		t.Errorf("teams on the scope's registry: %v", got)
	}
	if reqs := def.Requests(); len(reqs) != 0 {
		t.Errorf("the default registry got %v", reqs)
	}
	for _, r := range scoped.Requests() {
		if r.Header.Get("Authorization") != "Bearer "+scopedToken {
			t.Errorf("%s %s went without the scope registry's token", r.Method, r.Path)
		}
	}
}
