package disttag

import (
	"testing"

	"github.com/gonpm/gonpm/internal/cmdtest"
)

func TestNewCmdList(t *testing.T) {
	tests := []struct {
		args    []string
		want    string
		wantErr string
	}{
		{args: []string{"pkg"}, want: "pkg"},
		{args: nil, want: ""},
		{args: []string{"a", "b"}, wantErr: "too many arguments: gonpm dist-tag ls [<pkg>]"},
	}
	for _, tt := range tests {
		got, err := cmdtest.Parse(t, NewCmdList, tt.args...)
		if tt.wantErr != "" {
			if err == nil || err.Error() != tt.wantErr || got != nil {
				t.Errorf("%q: err = %v, want %q before running", tt.args, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%q: %v", tt.args, err)
		}
		if got.Package != tt.want || got.Cwd != cmdtest.Cwd {
			t.Errorf("%q: package %q in %q, want %q in /project", tt.args, got.Package, got.Cwd, tt.want)
		}
	}
}
