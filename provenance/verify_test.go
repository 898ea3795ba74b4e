package provenance

import (
	"bytes"
	"testing"

	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/iostreams"
)

func TestNewCmdVerify(t *testing.T) {
	for _, tc := range []struct {
		name    string
		args    []string
		want    VerifyOptions
		wantErr bool
	}{
		{"package in the folder", nil, VerifyOptions{}, false},
		{"package and version", []string{"@scope/pkg@1.2.0"}, VerifyOptions{Package: "@scope/pkg@1.2.0"}, false},
		{"json", []string{"pkg", "--json"}, VerifyOptions{Package: "pkg", JSON: true}, false},
		{"two packages", []string{"a", "b"}, VerifyOptions{}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ios, _, _, _ := iostreams.Test()
			var got *VerifyOptions
			cmd := NewCmdVerify(&cmdutil.Factory{IOStreams: ios, Cwd: "/src/app"}, func(o *VerifyOptions) error { got = o; return nil })
			cmd.SetArgs(tc.args)
			cmd.SetOut(&bytes.Buffer{})
			cmd.SetErr(&bytes.Buffer{})
			err := cmd.Execute()
			if tc.wantErr {
				if err == nil || got != nil {
					t.Fatalf("err = %v, ran = %v; want a usage error", err, got != nil)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Cwd != "/src/app" || got.Package != tc.want.Package || got.JSON != tc.want.JSON {
				t.Errorf("options = %+v, want %+v", *got, tc.want)
			}
		})
	}
}
