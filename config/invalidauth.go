package config

import (
	"fmt"
	"strings"
)

// unscopedAuthKeys are credentials npm refuses outside a nerf dart,
// because they would be sent to whatever registry is configured.
var unscopedAuthKeys = map[string]bool{
	"_authToken": true,
	"_authtoken": true,
	"-authtoken": true,
	"_auth":      true,
	"username":   true,
	"_password":  true,
}

// InvalidAuthError reports a credential in an npmrc file that is not tied
// to a registry. Like npm, gonpm refuses to run until it is fixed.
type InvalidAuthError struct {
	Layer string // global, user or project
	File  string
	Line  int
	Key   string
	// Nerf is the nerf dart of the configured registry, "" when none is set.
	Nerf string
}

func (e *InvalidAuthError) Error() string {
	scoped := e.Nerf
	if scoped == "" {
		scoped = "//<host>/"
	}
	target := fmt.Sprintf("rename it to %s:%s", scoped, e.Key)
	if e.Key == "_authtoken" || e.Key == "-authtoken" {
		target = fmt.Sprintf("rename it to %s:_authToken", scoped)
	}
	del := "gonpm config delete " + e.Key
	if e.Layer != LayerUser {
		del += " --location=" + e.Layer
	}
	return fmt.Sprintf("%s:%d: invalid auth configuration: %q is not tied to a registry; %s or run `%s`",
		e.File, e.Line, e.Key, target, del)
}

// checkAuth returns an error for the first un-scoped credential in the
// file layers. The env and cli layers are not checked, as in npm.
func (c *Config) checkAuth() error {
	nerf := ""
	if reg, err := c.Registry(); err == nil {
		nerf = NerfDart(reg)
	}
	for _, l := range c.layers {
		if l.file == "" || !isFileLayer(l.name) {
			continue
		}
		for _, k := range l.keys {
			v := l.values[k]
			if unscopedAuthKeys[k] && strings.TrimSpace(v.value) != "" {
				return &InvalidAuthError{Layer: l.name, File: l.file, Line: v.line, Key: v.rawKey, Nerf: nerf}
			}
		}
	}
	return nil
}

func isFileLayer(name string) bool {
	return name == LayerGlobal || name == LayerUser || name == LayerProject
}
