package config

import (
	"net/url"
	"strings"
)

// protectedNames are key names npm never prints, alone or after a nerf dart.
var protectedNames = []string{"auth", "authToken", "certfile", "email", "keyfile", "password", "username"}

// isProtected follows npm: keys starting with '_', the names above, and
// nerf-dart keys ending in one of them (with or without '_').
func isProtected(key string) bool {
	if strings.HasPrefix(key, "_") {
		return true
	}
	for _, p := range protectedNames {
		if key == p {
			return true
		}
	}
	if strings.HasPrefix(key, "//") {
		if strings.Contains(key, ":_") {
			return true
		}
		for _, p := range protectedNames {
			if strings.HasSuffix(key, ":"+p) || strings.HasSuffix(key, ":_"+p) {
				return true
			}
		}
	}
	return false
}

// isPrivate is true for protected keys and values holding a secret.
func isPrivate(key, value string) bool {
	return isProtected(key) || redact(value) != value
}

// redact hides the password of a URL with credentials in it.
func redact(value string) string {
	u, err := url.Parse(value)
	if err != nil || u.User == nil {
		return value
	}
	if _, ok := u.User.Password(); !ok {
		return value
	}
	u.User = url.UserPassword(u.User.Username(), "***")
	return u.String()
}
