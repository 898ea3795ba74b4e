package trustpub

import "testing"

func TestSummary(t *testing.T) {
	tests := []struct {
		c    Config
		want string
	}{
		{Config{ID: "x", Type: "github", Claims: map[string]any{"repository": "o/r", "workflow_ref": map[string]any{"file": "ci.yml"}, "environment": "prod"}, Permissions: []string{PermPublish, PermStagePublish}},
			"github ci.yml o/r prod (publish, stage publish)"},
		{Config{Type: "gitlab", Claims: map[string]any{"project_path": "g/s/p", "ci_config_ref_uri": map[string]any{"file": ".gitlab-ci.yml"}}, Permissions: []string{"somethingNew"}},
			"gitlab .gitlab-ci.yml g/s/p (somethingNew)"},
		{Config{Type: "jenkins", Claims: map[string]any{"x": "y"}}, "jenkins"},
		{Config{Type: "github", Claims: map[string]any{"repository": "o/\x1b[2Jr"}}, `github o/\x1b[2Jr`},
	}
	for _, tt := range tests {
		if got := tt.c.Summary(); got != tt.want {
			t.Errorf("Summary() = %q, want %q", got, tt.want)
		}
	}
}
