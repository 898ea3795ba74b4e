package registry

import (
	"fmt"
	"runtime"
	"strings"
)

// EscapeName turns a package name into its URL path form, as npm does:
// only the slash of a scoped name is escaped ("@s/n" → "@s%2fn").
func EscapeName(name string) string {
	if strings.HasPrefix(name, "@") {
		return strings.Replace(name, "/", "%2f", 1)
	}
	return name
}

// ScopeOf returns the "@scope" of a scoped package name, or "".
func ScopeOf(name string) string {
	if strings.HasPrefix(name, "@") {
		if i := strings.Index(name, "/"); i > 0 {
			return name[:i]
		}
	}
	return ""
}

// UserAgent builds the user-agent header the way npm shapes its own:
// "gonpm/<version> go/<go version> <os> <arch> workspaces/<bool>", plus
// " ci/<name>" in a known CI.
func UserAgent(version string, workspaces bool, ciName string) string {
	ua := fmt.Sprintf("gonpm/%s go/%s %s %s workspaces/%t", version, strings.TrimPrefix(runtime.Version(), "go"), runtime.GOOS, runtime.GOARCH, workspaces)
	if ciName != "" {
		ua += " ci/" + ciName
	}
	return ua
}
