package disttag

import (
	"testing"

	"github.com/gonpm/gonpm/internal/cmdtest"
)

func TestNewCmdAdd(t *testing.T) {
	tests := []struct {
		args    []string
		want    AddOptions
		wantErr string
	}{
		{args: []string{"pkg@1.0.0", "beta"}, want: AddOptions{Spec: "pkg@1.0.0", Tag: "beta"}},
		{args: []string{"pkg@1.0.0"}, want: AddOptions{Spec: "pkg@1.0.0", TagFromConfig: true}},
		{args: []string{"pkg@1.0.0", ""}, want: AddOptions{Spec: "pkg@1.0.0"}},
		{args: nil, wantErr: "usage: gonpm dist-tag add <pkg>@<version> [<tag>]"},
		{args: []string{"a", "b", "c"}, wantErr: "usage: gonpm dist-tag add <pkg>@<version> [<tag>]"},
	}
	for _, tt := range tests {
		got, err := cmdtest.Parse(t, NewCmdAdd, tt.args...)
		if tt.wantErr != "" {
			if err == nil || err.Error() != tt.wantErr || got != nil {
				t.Errorf("%q: err = %v, want %q before running", tt.args, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%q: %v", tt.args, err)
		}
		if got.Spec != tt.want.Spec || got.Tag != tt.want.Tag || got.TagFromConfig != tt.want.TagFromConfig {
			t.Errorf("%q: got %+v, want %+v", tt.args, *got, tt.want)
		}
	}
}
