package cmdutil

import (
	"testing"

	"github.com/spf13/cobra"
)

func TestIgnoresJSON(t *testing.T) {
	tests := []struct {
		support JSONSupport
		args    []string
		want    bool
	}{
		{JSONOutput, nil, false},
		{JSONOutput, []string{"pkg"}, false},
		{NoJSONOutput, nil, true},
		{NoJSONOutput, []string{"pkg"}, true},
		{JSONOutputWithoutArgs, nil, false},
		{JSONOutputWithoutArgs, []string{"registry"}, true},
		{JSONRefused, nil, false},
		{"", nil, false}, // undeclared: the command tree test catches it
	}
	for _, tt := range tests {
		if got := tt.support.IgnoresJSON(tt.args); got != tt.want {
			t.Errorf("%q with %v: %v, want %v", tt.support, tt.args, got, tt.want)
		}
	}
}

func TestDeclareJSON(t *testing.T) {
	cmd := &cobra.Command{Use: "x", Annotations: map[string]string{"other": "kept"}}
	if _, ok := JSONSupportOf(cmd); ok {
		t.Fatal("an undeclared command declares something")
	}
	if DeclareJSON(cmd, NoJSONOutput) != cmd {
		t.Fatal("DeclareJSON does not return the command")
	}
	if s, ok := JSONSupportOf(cmd); !ok || s != NoJSONOutput || cmd.Annotations["other"] != "kept" {
		t.Errorf("declared %q (%v), annotations %v", s, ok, cmd.Annotations)
	}
	if s, _ := JSONSupportOf(DeclareJSON(&cobra.Command{}, JSONOutput)); s != JSONOutput {
		t.Errorf("a command without annotations declared %q", s)
	}
}
