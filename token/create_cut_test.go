package token

import (
	"context"
	"strings"
	"testing"

	"github.com/gonpm/gonpm/internal/registrytest"
)

// A token whose creation reply is cut off exists on the registry, but the
// user never saw it: the error says so and where to find it.
func TestCreateWhenTheReplyIsCutOff(t *testing.T) {
	e := newEnv(t)
	e.srv.Inject(registrytest.Fault{Method: "POST", Path: "/-/npm/v1/tokens", Truncate: true})
	err := createToken(context.Background(), e.opts, CreateFlags{Name: "ci"})
	if err == nil || !strings.Contains(err.Error(), "created a token") || !strings.Contains(err.Error(), "gonpm token list") {
		t.Fatalf("err = %v; want it to say a token was created and how to find it", err)
	}
	if strings.Contains(err.Error(), "npm_") {
		t.Error("the error shows part of a token")
	}
	if n := len(e.srv.Snapshot().Tokens); n != 2 {
		t.Errorf("%d tokens on the registry, want the login token and the new one", n)
	}
}
