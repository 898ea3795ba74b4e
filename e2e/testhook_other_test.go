//go:build !unix

package e2e

import (
	"errors"
	"os/exec"
	"testing"
)

// requireTestHook skips: the paused-write hook waits for SIGUSR1, which
// this system does not have, so test builds leave it out here.
func requireTestHook(t *testing.T) {
	t.Skip("the config write pause hook needs SIGUSR1 (Unix only)")
}

func resumeWriter(*exec.Cmd) error { return errors.New("no SIGUSR1 on this system") }
