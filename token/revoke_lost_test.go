package token

import (
	"context"
	"strings"
	"testing"

	"github.com/gonpm/gonpm/internal/registry"
	"github.com/gonpm/gonpm/internal/registrytest"
)

func TestRevokeWhenTheAnswerIsLost(t *testing.T) {
	tests := []struct {
		name    string
		fault   registrytest.Fault
		wantErr string // "" for success
	}{
		// The client sends the DELETE again and meets 404: the first one
		// worked.
		{"dropped after revoking", registrytest.Fault{Method: "DELETE", Path: "/-/npm/v1/tokens/token/", Drop: registrytest.DropAfterApply}, ""},
		// A 404 while the token is still listed stays an error.
		{"404 from a proxy", registrytest.Fault{Method: "DELETE", Path: "/-/npm/v1/tokens/token/", Status: 404}, "could not revoke token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			e.opts.Client = registry.New(registry.Options{Registry: e.srv.URL, Credentials: fixedAuth{e.token}, Logger: e.opts.Logger, Retries: 2})
			victim := e.srv.AddUser("tess", "pw-tess", "tess@example.com")
			e.srv.Inject(tt.fault)
			err := revokeTokens(context.Background(), e.opts, []string{keyOf(t, e, victim)})
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one with %q", err, tt.wantErr)
				}
				if !e.works(t, victim) {
					t.Error("the token was revoked although the command failed")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if e.out.String() != "Removed 1 token\n" || e.works(t, victim) {
				t.Errorf("output %q, token still works: %v", e.out.String(), e.works(t, victim))
			}
		})
	}
}
