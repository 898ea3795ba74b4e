package verdacciotest

import (
	"fmt"
	"os"
	"path/filepath"
)

// configTemplate is a registry that serves only what tests publish into it:
// no uplinks (it must never proxy anywhere) and no middlewares (the audit
// plugin would proxy too). Anyone may sign up; publishing needs a login.
const configTemplate = `storage: %[1]q
auth:
  htpasswd:
    file: %[2]q
    max_users: 1000
packages:
  '@*/*':
    access: $all
    publish: $authenticated
    unpublish: $authenticated
  '**':
    access: $all
    publish: $authenticated
    unpublish: $authenticated
listen: %[3]s
max_body_size: 300mb
log:
  type: stdout
  format: pretty
  level: warn
`

// writeConfig writes the instance's config.yaml and an htpasswd file that
// already holds the probe user, and returns the config's path.
func writeConfig(dir, addr string, probe probeUser) (string, error) {
	storage := filepath.Join(dir, "storage")
	if err := os.MkdirAll(storage, 0o755); err != nil {
		return "", fmt.Errorf("creating verdaccio storage: %w", err)
	}
	htpasswd := filepath.Join(dir, "htpasswd")
	if err := os.WriteFile(htpasswd, []byte(probe.htpasswdLine()), 0o600); err != nil {
		return "", fmt.Errorf("writing htpasswd: %w", err)
	}
	cfg := filepath.Join(dir, "config.yaml")
	body := fmt.Sprintf(configTemplate, storage, htpasswd, addr)
	if err := os.WriteFile(cfg, []byte(body), 0o644); err != nil {
		return "", fmt.Errorf("writing verdaccio config: %w", err)
	}
	return cfg, nil
}
