package config

import (
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
)

// TestHookEnv names the environment variable that lets tests stop a config
// write at its most delicate moment. Set to "pause-before-rename", a write
// stops after its temporary file is complete and before that file replaces
// the config file, still holding the lock, announces this on stderr and
// waits for SIGUSR1; a test can then kill it, or let it go on while other
// writers queue behind the lock. Without the variable nothing changes.
const TestHookEnv = "GONPM_TEST_CONFIG_WRITE_HOOK"

// PausedMessage starts the line a paused write prints on stderr.
const PausedMessage = "gonpm-test: config write paused before rename"

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
