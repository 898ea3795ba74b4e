package doctor

import (
	"testing"

	"github.com/gonpm/gonpm/internal/cmdtest"
)

func TestNewCmdDoctor(t *testing.T) {
	got, err := cmdtest.Parse(t, NewCmdDoctor)
	if err != nil || got == nil {
		t.Fatalf("no arguments: %v", err)
	}
	if got.IO == nil {
		t.Error("the options lack the factory's streams")
	}
	if got.Cwd != cmdtest.Cwd {
		t.Errorf("Cwd = %q, want the factory's folder %q (its package is checked)", got.Cwd, cmdtest.Cwd)
	}
	if got, err := cmdtest.Parse(t, NewCmdDoctor, "now"); err == nil || got != nil {
		t.Errorf("doctor now: err = %v, want a refusal before running", err)
	}
}
