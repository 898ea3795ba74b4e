//go:build gonpm_testhook && unix

package config

import (
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
)

// beforeRename pauses a write when TestHookEnv asks for it. Only test
// builds (-tags gonpm_testhook) have this; SIGUSR1 exists on Unix only.
func (c *Config) beforeRename(tmp string) {
	if c.env[TestHookEnv] != "pause-before-rename" {
		return
	}
	resume := make(chan os.Signal, 1)
	signal.Notify(resume, syscall.SIGUSR1)
	defer signal.Stop(resume)
	fmt.Fprintf(os.Stderr, "%s (%s)\n", PausedMessage, filepath.Base(tmp))
	<-resume
}
