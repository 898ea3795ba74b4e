// Package ciinfo detects whether gonpm runs in a continuous-integration
// job, and which one, from the environment, by the rules of ci-info, the
// module npm bundles for this: the vendor table (vendors_gen.go) is
// generated from ci-info's vendors.json by ./gen, and DetectEnv follows
// ci-info's index.js.
package ciinfo

//go:generate go run ./gen -o vendors_gen.go

import (
	"net/url"
	"runtime"
	"strings"
)

// Info says whether this is a CI job and, when known, which system runs it.
type Info struct {
	IsCI bool
	// Name is ci-info's name of the system ("GitHub Actions"); empty for
	// a CI known only from generic variables such as CI=true.
	Name string
	// ID is ci-info's constant for the system ("GITHUB_ACTIONS").
	ID string
	// IsPR tells whether the job builds a pull request; nil when the
	// system is unknown or ci-info cannot tell for it.
	IsPR *bool
	// Agent is what npm's user agent shows after "ci/": the name in lower
	// case with spaces turned into dashes, and for GitHub Actions where
	// it runs ("github-actions/dotcom-hosted"). Empty when Name is.
	Agent string
}

// LookupFunc reads one environment variable, telling unset from empty.
type LookupFunc func(name string) (string, bool)

// FromGetenv adapts a getenv function: an empty value counts as unset,
// which only matters for the checks that ask whether a variable is
// defined at all.
func FromGetenv(getenv func(string) string) LookupFunc {
	return func(name string) (string, bool) {
		v := getenv(name)
		return v, v != ""
	}
}

// FromEnviron reads a list of NAME=value pairs (os.Environ's shape); the
// last definition of a name wins, as in a process environment. Names are
// case-insensitive on Windows, as there.
func FromEnviron(environ []string) LookupFunc {
	fold := func(s string) string { return s }
	if runtime.GOOS == "windows" {
		fold = strings.ToUpper
	}
	env := make(map[string]string, len(environ))
	for _, kv := range environ {
		if k, v, ok := strings.Cut(kv, "="); ok {
			env[fold(k)] = v
		}
	}
	return func(name string) (string, bool) {
		v, ok := env[fold(name)]
		return v, ok
	}
}

// Detect reads the environment through getenv (see DetectEnv).
func Detect(getenv func(string) string) Info { return DetectEnv(FromGetenv(getenv)) }

// genericVariables make ci-info say CI even when no vendor matched
// (index.js's isCI, in its order).
var genericVariables = []string{
	"BUILD_ID",               // Jenkins, Cloudbees
	"BUILD_NUMBER",           // Jenkins, TeamCity
	"CI",                     // Travis CI, CircleCI, GitLab CI, AppVeyor, …
	"CI_APP_ID",              // Appflow
	"CI_BUILD_ID",            // Appflow
	"CI_BUILD_NUMBER",        // Appflow
	"CI_NAME",                // Codeship and others
	"CONTINUOUS_INTEGRATION", // Travis CI, Cirrus CI
	"RUN_ID",                 // TaskCluster, dsari
}

// DetectEnv decides as ci-info does. CI=false (exactly) turns every check
// off; otherwise every vendor whose conditions all hold matches and the
// last one in the table names the system; and any generic variable set to
// a non-empty value (CI=0 included: ci-info only tests for "false") makes
// it a CI job too.
func DetectEnv(lookup LookupFunc) Info {
	get := func(name string) string { v, _ := lookup(name); return v }
	if get("CI") == "false" {
		return Info{}
	}
	var info Info
	for i := range vendors {
		v := &vendors[i]
		if !v.matches(lookup) {
			continue
		}
		info.Name, info.ID = v.name, v.constant
		info.IsPR = v.pr.eval(lookup)
	}
	if info.Name != "" {
		info.IsCI = true
		info.Agent = agentName(info, get)
		return info
	}
	for _, name := range genericVariables {
		if get(name) != "" {
			info.IsCI = true
			break
		}
	}
	return info
}

// agentName is npm's user-agent token for the system (npm's config
// definitions: the name lower-cased, split on spaces and joined with
// dashes; for GitHub Actions a sub-name from GITHUB_SERVER_URL and
// RUNNER_ENVIRONMENT).
func agentName(info Info, get func(string) string) string {
	name := strings.Join(strings.Split(strings.ToLower(info.Name), " "), "-")
	if info.ID != "GITHUB_ACTIONS" {
		return name
	}
	if sub := githubSubName(strings.TrimSpace(get("GITHUB_SERVER_URL")), strings.TrimSpace(get("RUNNER_ENVIRONMENT"))); sub != "" {
		return name + "/" + sub
	}
	return name
}

// githubSubName tells GitHub's own service (by runner kind), GitHub
// Enterprise Cloud (ghe.com) and a GitHub Enterprise Server apart, as
// npm does; "" when the server URL does not parse.
func githubSubName(serverURL, runnerEnv string) string {
	u, err := url.Parse(serverURL)
	if err != nil || u.Scheme == "" || u.Hostname() == "" {
		return ""
	}
	host := strings.ToLower(u.Hostname())
	switch {
	case host == "github.com":
		switch runnerEnv {
		case "github-hosted":
			return "dotcom-hosted"
		case "self-hosted":
			return "dotcom-selfhosted"
		}
		return "dotcom"
	case host == "ghe.com" || strings.HasSuffix(host, ".ghe.com"):
		return "ghecom"
	}
	return "ghes"
}
