package e2e

import (
	"regexp"
	"strings"
	"testing"

	"github.com/gonpm/gonpm/internal/registrytest"
)

// TestWritesAskForTheCodeOnce: on a terminal, deprecate, star (three
// packages, three writes), team and org each prompt once; the code typed
// serves every request of the command.
func TestWritesAskForTheCodeOnce(t *testing.T) {
	a := loggedIn(t, "ivy", registrytest.ModeAuthAndWrites)
	a.srv.AddUser("jo", "pw-jo", "jo@example.com")
	for _, p := range []string{"p-one", "p-two", "p-three"} {
		a.srv.AddPackage("ivy", p, "1.0.0", "2.0.0")
	}
	a.srv.SetOrgMember("ivyco", "ivy", "owner")
	a.env = append(a.env, "LC_ALL=C")

	tests := []struct {
		args  []string
		shows string // regexp for the output after the code
	}{
		{[]string{"deprecate", "p-one@1", "use 2"}, `deprecated p-one@1\.0\.0`},
		{[]string{"star", "p-one", "p-two", "p-three"}, `\(\*\) p-one\s+\(\*\) p-two\s+\(\*\) p-three`},
		{[]string{"org", "set", "ivyco", "jo"}, `Added jo as developer to ivyco\. You now have 2 members in this org\.`},
		{[]string{"team", "create", "ivyco:core"}, `\+@ivyco:core`},
		{[]string{"team", "add", "ivyco:core", "jo"}, `jo added to @ivyco:core`},
	}
	for _, tt := range tests {
		a.srv.ResetLog()
		c := StartConsole(t, a.env, a.home, gonpmBinary(t), tt.args...)
		c.Expect(`Enter OTP: `)
		c.Send(a.code())
		c.Expect(tt.shows)
		if status := c.Wait(); status != 0 {
			t.Fatalf("%s: exit %d\n%s", strings.Join(tt.args, " "), status, c.Output())
		}
		if n := len(regexp.MustCompile(`Enter OTP: `).FindAllString(c.Output(), -1)); n != 1 {
			t.Errorf("%s: %d prompts, want 1", strings.Join(tt.args, " "), n)
		}
		// Only the first write was challenged; every later request
		// carried the code.
		challenged := 0
		for _, r := range a.srv.Requests() {
			if r.Status == 401 {
				challenged++
			}
		}
		if challenged != 1 {
			t.Errorf("%s: %d challenged requests, want 1: %v", strings.Join(tt.args, " "), challenged, a.srv.Requests())
		}
	}
	if got := a.srv.Deprecations("p-one"); got["1.0.0"] != "use 2" || len(got) != 1 {
		t.Errorf("deprecations = %v", got)
	}
	for _, p := range []string{"p-one", "p-two", "p-three"} {
		if got := a.srv.Stars(p); len(got) != 1 {
			t.Errorf("%s stars = %v", p, got)
		}
	}
	if got := a.srv.TeamMembers("ivyco", "core"); len(got) != 1 || got[0] != "jo" {
		t.Errorf("ivyco:core = %v", got)
	}
}
