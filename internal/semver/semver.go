// Package semver parses npm's semantic versions and recognises version
// ranges, enough for the checks npm makes before writing to a registry.
package semver

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
)

// Version is a parsed semantic version.
type Version struct {
	Major, Minor, Patch uint64
	Prerelease          []string
	Build               []string
}

var versionPattern = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)` +
		`(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?` +
		`(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$`)
})

// Parse reads a version such as "1.2.3", "v1.2.3-beta.1" or "1.0.0+build".
func Parse(s string) (*Version, error) {
	m := versionPattern().FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return nil, fmt.Errorf("invalid version %q: a version looks like 1.2.3", s)
	}
	v := &Version{}
	var err error
	if v.Major, err = strconv.ParseUint(m[1], 10, 64); err != nil {
		return nil, fmt.Errorf("invalid version %q: %w", s, err)
	}
	if v.Minor, err = strconv.ParseUint(m[2], 10, 64); err != nil {
		return nil, fmt.Errorf("invalid version %q: %w", s, err)
	}
	if v.Patch, err = strconv.ParseUint(m[3], 10, 64); err != nil {
		return nil, fmt.Errorf("invalid version %q: %w", s, err)
	}
	if m[4] != "" {
		v.Prerelease = strings.Split(m[4], ".")
	}
	if m[5] != "" {
		v.Build = strings.Split(m[5], ".")
	}
	return v, nil
}

// Valid reports whether s is a semantic version.
func Valid(s string) bool {
	_, err := Parse(s)
	return err == nil
}

// String prints the version without build metadata, as npm does.
func (v *Version) String() string {
	s := fmt.Sprintf("%d.%d.%d", v.Major, v.Minor, v.Patch)
	if len(v.Prerelease) > 0 {
		s += "-" + strings.Join(v.Prerelease, ".")
	}
	return s
}

// IsPrerelease reports whether the version has a prerelease part.
func (v *Version) IsPrerelease() bool { return len(v.Prerelease) > 0 }

// Compare returns -1, 0 or 1, with semver precedence (build ignored).
func Compare(a, b *Version) int {
	for _, d := range [][2]uint64{{a.Major, b.Major}, {a.Minor, b.Minor}, {a.Patch, b.Patch}} {
		if d[0] != d[1] {
			if d[0] < d[1] {
				return -1
			}
			return 1
		}
	}
	switch {
	case len(a.Prerelease) == 0 && len(b.Prerelease) == 0:
		return 0
	case len(a.Prerelease) == 0:
		return 1
	case len(b.Prerelease) == 0:
		return -1
	}
	for i := 0; i < len(a.Prerelease) && i < len(b.Prerelease); i++ {
		if c := compareIdentifier(a.Prerelease[i], b.Prerelease[i]); c != 0 {
			return c
		}
	}
	switch {
	case len(a.Prerelease) < len(b.Prerelease):
		return -1
	case len(a.Prerelease) > len(b.Prerelease):
		return 1
	}
	return 0
}

func compareIdentifier(a, b string) int {
	an, aerr := strconv.ParseUint(a, 10, 64)
	bn, berr := strconv.ParseUint(b, 10, 64)
	switch {
	case aerr == nil && berr == nil:
		if an < bn {
			return -1
		} else if an > bn {
			return 1
		}
		return 0
	case aerr == nil:
		return -1
	case berr == nil:
		return 1
	}
	return strings.Compare(a, b)
}
