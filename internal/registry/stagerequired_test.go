package registry

import (
	"errors"
	"fmt"
	"testing"

	"github.com/gonpm/gonpm/internal/exitcode"
)

func TestStageRequired(t *testing.T) {
	const stageOnly = `{"code":"E_STAGE_REQUIRED","error":"This token may only stage packages: stage the version with ` + "`npm stage publish`" + `, then a maintainer approves it."}`
	tests := []struct {
		name, method, url, body string
		status                  int
		want                    bool
	}{
		{"stage-only token", "PUT", "https://registry.example.test/pkg", stageOnly, 403, true},
		{"scoped, code only", "PUT", "https://registry.example.test/prefix/@s%2fpkg", `{"code":"E_STAGE_REQUIRED","error":"forbidden"}`, 403, true},
		{"words only", "PUT", "http://127.0.0.1:1/pkg", `{"error":"Direct publishing is not allowed for this token; use npm stage publish"}`, 403, true},
		{"staged publishing required by the package", "PUT", "http://127.0.0.1:1/pkg", `{"error":"staged publishing is required for pkg"}`, 403, true},
		{"2FA requirement", "PUT", "http://127.0.0.1:1/pkg", `{"error":"Two-factor authentication or granular access token with bypass 2fa enabled is required to publish packages."}`, 403, false},
		{"version taken", "PUT", "http://127.0.0.1:1/pkg", `{"error":"You cannot publish over the previously published versions: 1.0.0."}`, 403, false},
		{"not a publish: dist-tag", "PUT", "http://127.0.0.1:1/-/package/pkg/dist-tags/next", stageOnly, 403, false},
		{"not a publish: the stage endpoint", "POST", "http://127.0.0.1:1/-/stage/package/pkg", stageOnly, 403, false},
		{"not a 403", "PUT", "http://127.0.0.1:1/pkg", stageOnly, 400, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			he := newHTTPError(tt.method, tt.url, tt.status, nil, []byte(tt.body))
			if got := StageRequired(he); got != tt.want {
				t.Fatalf("StageRequired = %t, want %t", got, tt.want)
			}
			wrapped := fmt.Errorf("publishing pkg@1.0.0 failed: %w", he)
			if got := IsStageRequired(wrapped); got != tt.want {
				t.Errorf("IsStageRequired(wrapped) = %t, want %t", got, tt.want)
			}
			wantCode := exitcode.Error
			if tt.want {
				wantCode = exitcode.StageRequired
			}
			if got := exitcode.Of(wrapped); got != wantCode {
				t.Errorf("exit status %d, want %d", got, wantCode)
			}
		})
	}
	if IsStageRequired(errors.New("E_STAGE_REQUIRED")) {
		t.Error("a plain error counts as a registry refusal")
	}
}
