package config

// TestHookEnv names the environment variable that lets tests stop a config
// write at its most delicate moment. It works only in a binary built with
// the gonpm_testhook build tag (see testhook.go); the shipped binary has no
// hook and ignores the variable. Set to "pause-before-rename", a write
// stops after its temporary file is complete and before that file replaces
// the config file, still holding the lock, announces this on stderr and
// waits for SIGUSR1; a test can then kill it, or let it go on while other
// writers queue behind the lock.
const TestHookEnv = "GONPM_TEST_CONFIG_WRITE_HOOK"

// PausedMessage starts the line a paused write prints on stderr.
const PausedMessage = "gonpm-test: config write paused before rename"

// TestHookTag is the build tag that compiles the hook in.
const TestHookTag = "gonpm_testhook"
