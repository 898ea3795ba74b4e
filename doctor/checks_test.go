package doctor

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestClockCheck(t *testing.T) {
	start := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name       string
		date       string
		wantStatus Status
		wantDetail string
	}{
		{"in step", start.Format(http.TimeFormat), OK, "+0s"},
		{"registry two minutes ahead", start.Add(2 * time.Minute).Format(http.TimeFormat), Warn, "-120s"},
		{"this computer 45 s ahead", start.Add(-45 * time.Second).Format(http.TimeFormat), Warn, "set the clock"},
		{"no Date header", "", Info, "no Date header"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := clockCheck(tt.date, start, 200*time.Millisecond)
			if c.Status != tt.wantStatus || !strings.Contains(c.Detail, tt.wantDetail) {
				t.Errorf("got %s %q, want %s and %q", c.Status, c.Detail, tt.wantStatus, tt.wantDetail)
			}
		})
	}
}

func TestOIDCCheck(t *testing.T) {
	tests := []struct {
		name       string
		env        map[string]string
		wantStatus Status
		wantDetail string
	}{
		{"GitLab job with an ID token", map[string]string{"GITLAB_CI": "true", "NPM_ID_TOKEN": "tok"}, OK, "NPM_ID_TOKEN"},
		{"GitHub job with id-token: write", map[string]string{"GITHUB_ACTIONS": "true", "ACTIONS_ID_TOKEN_REQUEST_URL": "http://127.0.0.1:1/t", "ACTIONS_ID_TOKEN_REQUEST_TOKEN": "r"}, OK, "GitHub Actions"},
		{"GitHub job without the permission", map[string]string{"GITHUB_ACTIONS": "true"}, Info, "id-token: write"},
		{"a laptop", nil, Info, "not available"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := oidcCheck(&session{Getenv: func(k string) string { return tt.env[k] }})
			if c.Status != tt.wantStatus || !strings.Contains(c.Detail, tt.wantDetail) {
				t.Errorf("got %s %q, want %s and %q", c.Status, c.Detail, tt.wantStatus, tt.wantDetail)
			}
		})
	}
}
