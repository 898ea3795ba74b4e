//go:build !gonpm_testhook || !unix

package config

// beforeRename does nothing in the shipped binary: the pause used by the
// concurrency tests is compiled in only with -tags gonpm_testhook.
func (c *Config) beforeRename(string) {}
