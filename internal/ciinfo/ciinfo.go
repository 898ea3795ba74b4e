// Package ciinfo detects whether gonpm runs in a continuous-integration
// job, and which one, from the environment.
package ciinfo

import "strings"

// vendors maps an environment variable that a CI system sets to the name
// npm's user agent uses for it (lower case, spaces turned into dashes).
var vendors = []struct{ env, name string }{
	{"GITHUB_ACTIONS", "github-actions"},
	{"GITLAB_CI", "gitlab-ci"},
	{"CIRCLECI", "circleci"},
	{"TRAVIS", "travis-ci"},
	{"BUILDKITE", "buildkite"},
	{"JENKINS_URL", "jenkins"},
	{"TF_BUILD", "azure-pipelines"},
	{"BITBUCKET_BUILD_NUMBER", "bitbucket-pipelines"},
	{"TEAMCITY_VERSION", "teamcity"},
	{"DRONE", "drone"},
	{"CODEBUILD_BUILD_ARN", "aws-codebuild"},
	{"BUILDER_OUTPUT", "google-cloud-build"},
}

// Info says whether this is a CI job and, when known, which system runs it.
type Info struct {
	IsCI bool
	Name string // empty for an unknown CI that only set CI=true
}

// Detect reads the environment through getenv.
func Detect(getenv func(string) string) Info {
	for _, v := range vendors {
		if getenv(v.env) != "" {
			return Info{IsCI: true, Name: v.name}
		}
	}
	switch strings.ToLower(getenv("CI")) {
	case "", "false", "0":
	default:
		return Info{IsCI: true}
	}
	if getenv("CONTINUOUS_INTEGRATION") != "" || getenv("BUILD_NUMBER") != "" || getenv("RUN_ID") != "" {
		return Info{IsCI: true}
	}
	return Info{}
}
