//go:build unix

package e2e

import (
	"os/exec"
	"syscall"
	"testing"
)

// requireTestHook: the paused-write hook works here (it waits for SIGUSR1).
func requireTestHook(t *testing.T) {}

// resumeWriter lets a writer paused by the test hook go on.
func resumeWriter(cmd *exec.Cmd) error { return cmd.Process.Signal(syscall.SIGUSR1) }
