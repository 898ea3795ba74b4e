package profile

import (
	"strings"
	"testing"

	"github.com/gonpm/gonpm/internal/registrytest"
)

// A profile change whose reply is cut off was made: the error says to
// check rather than claiming nothing happened.
func TestSetWhenTheReplyIsCutOff(t *testing.T) {
	e := newEnv(t, "rita")
	e.srv.Inject(registrytest.Fault{Method: "POST", Path: "/-/npm/v1/user", Truncate: true})
	err := e.run("set", "fullname", "Rita R")
	if err == nil || !strings.Contains(err.Error(), "cut off") || !strings.Contains(err.Error(), "gonpm profile get") {
		t.Fatalf("err = %v; want it to say the reply was cut off and how to check", err)
	}
	if got := e.srv.Snapshot().Users["rita"].Fullname; got != "Rita R" {
		t.Errorf("fullname = %q; the registry should have taken the change", got)
	}
}
