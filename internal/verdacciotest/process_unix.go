//go:build unix

package verdacciotest

import (
	"os/exec"
	"syscall"
)

// setProcessGroup puts the child in its own group so stopping it reaches
// every process it spawned.
func setProcessGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
}

func killProcessGroup(cmd *exec.Cmd) {
	// A negative pid signals the whole group.
	if err := syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL); err != nil {
		_ = cmd.Process.Kill()
	}
}
