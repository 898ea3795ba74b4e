package registrytest

import (
	"net/http"
	"strings"
	"testing"
)

// A token that may only stage (a stage-only token, or with the January
// 2027 policy one that bypasses 2FA) cannot publish a version directly:
// 403 E_STAGE_REQUIRED naming stage publish. It still stages and moves
// dist-tags; other tokens, and policy-free bypass tokens, publish.
func TestStageRequired(t *testing.T) {
	tests := []struct {
		name        string
		opts        []Option
		token       TokenOptions
		wantRefused bool
	}{
		{"stage-only token", nil, TokenOptions{PackagesPermission: StageOnlyPermission}, true},
		{"stage-only token that bypasses 2FA", nil, TokenOptions{PackagesPermission: StageOnlyPermission, Bypass2FA: true}, true},
		{"bypass token once bypass tokens may only stage", []Option{WithStagedPublishingForBypassTokens()}, TokenOptions{Bypass2FA: true, PackagesPermission: "read-write"}, true},
		{"bypass token today", nil, TokenOptions{Bypass2FA: true, PackagesPermission: "read-write"}, false},
		{"read-write token under the policy", []Option{WithStagedPublishingForBypassTokens()}, TokenOptions{PackagesPermission: "read-write"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := New(t, tt.opts...)
			srv.AddUser("alice", "pw-alice-1", "alice@example.com")
			srv.AddPackage("alice", "pkg", "1.0.0")
			tok := srv.AddToken("alice", tt.token)

			r := do(t, srv, call{method: "PUT", path: "/pkg", token: tok, body: publishDocFor(srv.URL, "pkg", "1.1.0")})
			if !tt.wantRefused {
				if r.status != http.StatusOK {
					t.Fatalf("publish: status %d %s, want 200", r.status, r.raw)
				}
				return
			}
			body := r.json(t)
			msg, _ := body["error"].(string)
			if r.status != http.StatusForbidden || body["code"] != CodeStageRequired || !strings.Contains(msg, "npm stage publish") {
				t.Fatalf("publish: status %d %s, want 403 with code %s naming npm stage publish", r.status, r.raw, CodeStageRequired)
			}
			if hasVersion(srv, "pkg", "1.1.0") {
				t.Fatal("the refused version was published")
			}
			stageOK(t, srv, tok, "pkg", "1.1.0", "latest")
			if r := do(t, srv, call{method: "PUT", path: "/-/package/pkg/dist-tags/ci", token: tok, body: "1.0.0"}); r.status != http.StatusOK {
				t.Errorf("dist-tag with the same token: status %d %s, want 200", r.status, r.raw)
			}
		})
	}
}

func TestCreateStageOnlyToken(t *testing.T) {
	srv := New(t)
	tok := srv.AddUser("alice", "pw", "a@example.com")
	srv.AddPackage("alice", "pkg", "1.0.0")
	create := func(body map[string]any) reply {
		body["password"], body["name"] = "pw", "ci"
		return do(t, srv, call{method: "POST", path: "-/npm/v1/tokens", token: tok, body: body})
	}
	if r := create(map[string]any{"orgs_permission": StageOnlyPermission}); r.status != http.StatusBadRequest {
		t.Errorf("a stage-only orgs permission: status %d, want 400", r.status)
	}
	r := create(map[string]any{"packages_and_scopes_permission": StageOnlyPermission, "packages_all": true})
	stageOnly, _ := r.json(t)["token"].(string)
	if r.status != http.StatusOK || stageOnly == "" {
		t.Fatalf("creating a stage-only token: status %d %s", r.status, r.raw)
	}
	if r := do(t, srv, call{method: "PUT", path: "/pkg", token: stageOnly, body: publishDocFor(srv.URL, "pkg", "1.1.0")}); r.status != http.StatusForbidden {
		t.Errorf("publish with the new stage-only token: status %d, want 403", r.status)
	}
}
