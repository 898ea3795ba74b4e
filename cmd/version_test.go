package cmd

import (
	"context"
	"encoding/json"
	"runtime"
	"testing"

	"github.com/gonpm/gonpm/internal/iostreams"
)

func TestVersionStamp(t *testing.T) {
	stamp := func(version, commit, date string) {
		old := [3]string{Version, Commit, BuildDate}
		Version, Commit, BuildDate = version, commit, date
		t.Cleanup(func() { Version, Commit, BuildDate = old[0], old[1], old[2] })
	}
	tests := []struct {
		name                  string
		version, commit, date string
		args                  []string
		wantText              string
		wantJSON              *buildInfo
	}{
		{
			name: "stamped version alone", version: "1.4.0", commit: "abc123", date: "2026-12-01T10:00:00Z",
			args: []string{"--version"}, wantText: "1.4.0\n",
		},
		{
			name: "stamped build as JSON", version: "1.4.0", commit: "abc123", date: "2026-12-01T10:00:00Z",
			args: []string{"--version", "--json"},
			wantJSON: &buildInfo{Version: "1.4.0", Commit: "abc123", BuildDate: "2026-12-01T10:00:00Z",
				GoVersion: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH},
		},
		{
			name: "--json before --version", version: "2.0.0-rc.1",
			args:     []string{"--json", "--version"},
			wantJSON: &buildInfo{Version: "2.0.0-rc.1", GoVersion: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH},
		},
		{
			name: "--json=false prints the text", version: "1.4.0",
			args: []string{"--version", "--json=false"}, wantText: "1.4.0\n",
		},
		{
			// A test binary records no module version, so nothing better is known.
			name: "unstamped build", args: []string{"--version"}, wantText: devVersion + "\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stamp(tt.version, tt.commit, tt.date)
			io, _, stdout, stderr := iostreams.Test()
			home := t.TempDir()
			getenv := func(k string) string {
				if k == "HOME" {
					return home
				}
				return ""
			}
			if code := Run(context.Background(), tt.args, io, getenv, nil); code != 0 {
				t.Fatalf("exit %d, stderr: %s", code, stderr)
			}
			if tt.wantJSON == nil {
				if stdout.String() != tt.wantText {
					t.Errorf("stdout = %q, want %q", stdout, tt.wantText)
				}
				return
			}
			var got buildInfo
			if err := json.Unmarshal(stdout.Bytes(), &got); err != nil {
				t.Fatalf("stdout is not JSON: %v\n%s", err, stdout)
			}
			if got != *tt.wantJSON {
				t.Errorf("JSON = %+v, want %+v", got, *tt.wantJSON)
			}
		})
	}
}
