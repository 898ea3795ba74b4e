package e2e

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/gonpm/gonpm/internal/registrytest"
	"github.com/gonpm/gonpm/internal/verdacciotest"
)

var createdToken = regexp.MustCompile(`(?m)^Created token (\S+)$`)

type listedToken struct {
	ID    string `json:"id"`
	Key   string `json:"key"`
	Token string `json:"token"`
}

// listTokens runs `gonpm token list --json`.
func listTokens(t *testing.T, env []string, dir string) []listedToken {
	t.Helper()
	var tokens []listedToken
	if err := json.Unmarshal([]byte(gonpmOK(t, env, dir, "token", "list", "--json")), &tokens); err != nil {
		t.Fatalf("token list --json: %v", err)
	}
	return tokens
}

// idOf finds the listed id of a token value. Registries show the start
// of a token ("npm_abcd"), or, like Verdaccio, its start and end
// ("ZGZmN...yNjRk").
func idOf(tokens []listedToken, value string) string {
	for _, tok := range tokens {
		start, _, _ := strings.Cut(tok.Token, "...")
		if start != "" && strings.HasPrefix(value, start) {
			return tok.ID
		}
	}
	return ""
}

func TestTokensOnVerdaccio(t *testing.T) {
	rt := redacting(t)
	v := verdacciotest.Start(t)
	const password = "vera-password-1"
	rt.add(password)
	login := v.AddUser(t, "vera", password)
	rt.add(login)
	home := t.TempDir()
	verdacciotest.WriteNpmrc(t, home, v.AuthLine(login))
	env := v.NpmEnv(t, home)

	out := gonpmOK(t, env, home, "token", "create", "--password", password)
	m := createdToken.FindStringSubmatch(out)
	if m == nil {
		rt.Fatalf("token create printed %q", out)
	}
	created := m[1]
	rt.add(created)
	if who := v.Whoami(t, created); who != "vera" {
		t.Fatalf("the created token authenticates as %q, want vera", who)
	}

	before := listTokens(t, env, home)
	id := idOf(before, created)
	if id == "" {
		rt.Fatalf("the created token is not listed: %+v", before)
	}
	// gonpm's listing is npm's.
	for _, args := range [][]string{{"token", "list"}, {"token", "list", "--parseable"}, {"token", "list", "--json"}} {
		ours := gonpmOK(t, env, home, args...)
		theirs, _, err := verdacciotest.RunNpm(t, env, home, append(args, "--registry", v.URL, "--color=false")...)
		if err != nil {
			t.Fatalf("npm %s: %v", strings.Join(args, " "), err)
		}
		if ours != theirs {
			rt.Errorf("%s differs from npm:\ngonpm:\n%s\nnpm:\n%s", strings.Join(args, " "), ours, theirs)
		}
	}

	if out := gonpmOK(t, env, home, "token", "revoke", id); out != "Removed 1 token\n" {
		t.Errorf("revoke printed %q", out)
	}
	after := listTokens(t, env, home)
	if len(after) != len(before)-1 || idOf(after, created) != "" {
		t.Errorf("after revoking: %d tokens listed (before %d)", len(after), len(before))
	}
}

func TestTokenRevokeWithTwoFactorOnTheTestRegistry(t *testing.T) {
	rt := redacting(t)
	a := loggedIn(t, "wes", registrytest.ModeAuthAndWrites)
	victim := a.srv.AddUser("wes", "pw-wes", "wes@example.com")
	rt.add(victim)
	id := idOf(listTokens(t, a.env, a.home), victim)
	if id == "" {
		t.Fatal("the token to revoke is not listed")
	}
	_, errOut, status := runGonpm(t, a.env, a.home, "", "token", "revoke", id)
	if status != 5 || !strings.Contains(errOut, "--otp") {
		t.Fatalf("revoke without a code: exit %d, %q", status, errOut)
	}
	code := a.code()
	rt.add(code)
	if out := gonpmOK(t, a.env, a.home, "token", "rm", id, "--otp="+code, "--json"); !strings.Contains(out, `"`+id) {
		t.Errorf("revoke --json printed %q", out)
	}
	if idOf(listTokens(t, a.env, a.home), victim) != "" {
		t.Error("the token is still listed")
	}

	// A token value works as the argument too, and is never printed back.
	other := a.srv.AddUser("wes", "pw-wes", "wes@example.com")
	rt.add(other)
	code = a.code()
	rt.add(code)
	out, errOut, status := runGonpm(t, a.env, a.home, "", "token", "delete", other, "--otp="+code, "--loglevel", "silly")
	if status != 0 || out != "Removed 1 token\n" {
		t.Fatalf("revoke by value: exit %d, %q", status, out)
	}
	if strings.Contains(errOut, other) {
		t.Error("the token value appears in the logs")
	}
}
