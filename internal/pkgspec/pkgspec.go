// Package pkgspec reads package arguments the way npm does ("name",
// "@scope/name@1.2.3") and finds the package of the current folder.
package pkgspec

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Spec is a package argument split into its name and what follows the @.
type Spec struct {
	Name string
	// Rest is the version, tag or range after the name's @, or "".
	Rest string
}

// Parse splits "name@rest" at the first @ after the scope, as npm's
// package-arg parser does, and checks the name with the rules for
// existing packages (see ValidateExistingName).
func Parse(arg string) (Spec, error) {
	arg = strings.TrimSpace(arg)
	// A leading @ is the scope's; the next one ends the name.
	bare, scoped := strings.CutPrefix(arg, "@")
	name, rest, _ := strings.Cut(bare, "@")
	if scoped {
		name = "@" + name
	}
	s := Spec{Name: name, Rest: rest}
	if err := ValidateExistingName(s.Name); err != nil {
		return Spec{}, err
	}
	return s, nil
}

// ValidateName checks a package name against npm's rules for new names.
func ValidateName(name string) error {
	if err := ValidateExistingName(name); err != nil {
		return err
	}
	switch {
	case len(name) > 214:
		return fmt.Errorf("invalid package name %q: it is longer than 214 characters", name)
	case strings.ToLower(name) != name:
		return fmt.Errorf("invalid package name %q: it must be lower case", name)
	}
	return nil
}

// ValidateExistingName checks the rules every package name follows, also
// old ones that new names may no longer look like (capital letters, more
// than 214 characters): npm accepts those as arguments.
func ValidateExistingName(name string) error {
	switch {
	case name == "":
		return errors.New("a package name is required")
	case strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || strings.HasPrefix(name, "-"):
		return fmt.Errorf("invalid package name %q: it cannot start with a period, an underscore or a hyphen", name)
	case strings.TrimSpace(name) != name:
		return fmt.Errorf("invalid package name %q: it cannot have leading or trailing spaces", name)
	case strings.EqualFold(name, "node_modules") || strings.EqualFold(name, "favicon.ico"):
		return fmt.Errorf("invalid package name %q: the name is reserved", name)
	}
	bare := name
	if strings.HasPrefix(name, "@") {
		scope, rest, ok := strings.Cut(name[1:], "/")
		if !ok || scope == "" || rest == "" || strings.Contains(rest, "/") {
			return fmt.Errorf("invalid package name %q: a scoped name looks like @scope/name", name)
		}
		if !urlSafe(scope) {
			return fmt.Errorf("invalid package name %q: the scope has characters not allowed in URLs", name)
		}
		if strings.HasPrefix(rest, ".") {
			return fmt.Errorf("invalid package name %q: it cannot start with a period", name)
		}
		bare = rest
	}
	if !urlSafe(bare) {
		return fmt.Errorf("invalid package name %q: it has characters not allowed in URLs", name)
	}
	return nil
}

// urlSafe reports whether JavaScript's encodeURIComponent, which npm
// checks names with, leaves s unchanged.
func urlSafe(s string) bool {
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
		case strings.ContainsRune("-_.!~*'()", r):
		default:
			return false
		}
	}
	return s != ""
}

// LocalPrefix is the nearest folder at or above dir that holds a
// package.json or node_modules, as npm finds its local prefix.
func LocalPrefix(dir string) (string, bool) {
	for d := dir; ; d = filepath.Dir(d) {
		for _, marker := range []string{"package.json", "node_modules"} {
			if _, err := os.Stat(filepath.Join(d, marker)); err == nil {
				return d, true
			}
		}
		if filepath.Dir(d) == d {
			return "", false
		}
	}
}

// LocalPackage reads name and version of the package in the local prefix
// of dir, for commands whose package argument defaults to it.
func LocalPackage(dir string) (name, version string, err error) {
	prefix, ok := LocalPrefix(dir)
	if !ok {
		return "", "", errors.New("no package.json here: name the package on the command line")
	}
	data, err := os.ReadFile(filepath.Join(prefix, "package.json"))
	if err != nil {
		return "", "", fmt.Errorf("no package.json in %s: name the package on the command line", prefix)
	}
	var pkg struct {
		Name    string `json:"name"`
		Version string `json:"version"`
	}
	if err := json.Unmarshal(data, &pkg); err != nil {
		return "", "", ManifestError(filepath.Join(prefix, "package.json"), data, err)
	}
	if pkg.Name == "" {
		return "", "", fmt.Errorf("the package.json in %s has no name: name the package on the command line", prefix)
	}
	return pkg.Name, pkg.Version, nil
}
