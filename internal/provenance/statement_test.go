package provenance

import (
	"encoding/json"
	"sort"
	"testing"
)

func TestPurl(t *testing.T) {
	for _, tc := range []struct{ name, version, want string }{
		{"pkg", "1.0.0", "pkg:npm/pkg@1.0.0"},
		{"@scope/pkg", "1.2.0", "pkg:npm/%40scope/pkg@1.2.0"},
		{"@scope/pkg", "1.0.0-beta.1", "pkg:npm/%40scope/pkg@1.0.0-beta.1"},
	} {
		if got := Purl(tc.name, tc.version); got != tc.want {
			t.Errorf("Purl(%q, %q) = %q, want %q", tc.name, tc.version, got, tc.want)
		}
	}
}

func TestDetectProvider(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  map[string]string
		want Provider
	}{
		{"GitHub Actions", map[string]string{"GITHUB_ACTIONS": "true", "CI": "true"}, GitHubActions},
		{"GitLab CI", map[string]string{"GITLAB_CI": "true"}, GitLabCI},
		{"CI=false turns detection off", map[string]string{"GITHUB_ACTIONS": "true", "CI": "false"}, ""},
		{"CircleCI is not supported", map[string]string{"CIRCLECI": "true"}, ""},
		{"local", map[string]string{}, ""},
	} {
		if got := DetectProvider(getenvFrom(tc.env)); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}

// The GitHub statement is byte for byte what npm 11.19.1 wrote in the
// same environment (appendix A.2, key order included).
func TestStatementGitHub(t *testing.T) {
	got, err := Statement(GitHubActions, getenvFrom(githubEnv), "@scope/pkg", "1.2.0", "313c")
	if err != nil {
		t.Fatal(err)
	}
	want := `{"_type":"https://in-toto.io/Statement/v1","subject":[{"name":"pkg:npm/%40scope/pkg@1.2.0","digest":{"sha512":"313c"}}],"predicateType":"https://slsa.dev/provenance/v1","predicate":{"buildDefinition":{"buildType":"https://slsa-framework.github.io/github-actions-buildtypes/workflow/v1","externalParameters":{"workflow":{"ref":"refs/heads/main","repository":"https://github.com/octo/repo","path":".github/workflows/publish.yml"}},"internalParameters":{"github":{"event_name":"push","repository_id":"1","repository_owner_id":"2"}},"resolvedDependencies":[{"uri":"git+https://github.com/octo/repo@refs/heads/main","digest":{"gitCommit":"deadbeef"}}]},"runDetails":{"builder":{"id":"https://github.com/actions/runner/github-hosted"},"metadata":{"invocationId":"https://github.com/octo/repo/actions/runs/42/attempts/1"}}}}`
	if string(got) != want {
		t.Errorf("statement:\n got %s\nwant %s", got, want)
	}
}

// Unset variables: left out where npm copies them, "undefined" where npm
// interpolates them, and npm's slicing of a workflow ref without "@".
func TestStatementGitHubUnsetVariables(t *testing.T) {
	env := map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_REPOSITORY": "o/r", "GITHUB_WORKFLOW_REF": "o/r/wf.yml"}
	got, err := Statement(GitHubActions, getenvFrom(env), "p", "1.0.0", "ab")
	if err != nil {
		t.Fatal(err)
	}
	want := `{"_type":"https://in-toto.io/Statement/v1","subject":[{"name":"pkg:npm/p@1.0.0","digest":{"sha512":"ab"}}],"predicateType":"https://slsa.dev/provenance/v1","predicate":{"buildDefinition":{"buildType":"https://slsa-framework.github.io/github-actions-buildtypes/workflow/v1","externalParameters":{"workflow":{"ref":"wf.yml","repository":"undefined/o/r","path":"wf.ym"}},"internalParameters":{"github":{}},"resolvedDependencies":[{"uri":"git+undefined/o/r@undefined","digest":{}}]},"runDetails":{"builder":{"id":"https://github.com/actions/runner/undefined"},"metadata":{"invocationId":"undefined/o/r/actions/runs/undefined/attempts/undefined"}}}}`
	if string(got) != want {
		t.Errorf("statement:\n got %s\nwant %s", got, want)
	}
}

func TestStatementGitLab(t *testing.T) {
	env := map[string]string{
		"GITLAB_CI": "true", "CI": "true", "CI_PROJECT_URL": "https://gitlab.com/octo/repo", "CI_RUNNER_ID": "7",
		"CI_COMMIT_SHA": "cafe", "CI_JOB_NAME": "publish", "CI_RUNNER_DESCRIPTION": "shared", "CI_RUNNER_EXECUTABLE_ARCH": "linux/amd64",
		"CI_SERVER_URL": "https://gitlab.com", "CI_PROJECT_PATH": "octo/repo", "CI_JOB_ID": "99", "CI_PIPELINE_ID": "5",
		"CI_CONFIG_PATH": ".gitlab-ci.yml", "CI_JOB_URL": "https://gitlab.com/octo/repo/-/jobs/99",
		"CI_RUNNER_EXECUTABLE_ARCH_NOT_LISTED": "x", "UNRELATED": "y",
	}
	got, err := Statement(GitLabCI, getenvFrom(env), "pkg", "1.0.0", "ff")
	if err != nil {
		t.Fatal(err)
	}
	want := `{"_type":"https://in-toto.io/Statement/v0.1","subject":[{"name":"pkg:npm/pkg@1.0.0","digest":{"sha512":"ff"}}],"predicateType":"https://slsa.dev/provenance/v0.2","predicate":{"buildType":"https://github.com/npm/cli/gitlab/v0alpha1","builder":{"id":"https://gitlab.com/octo/repo/-/runners/7"},"invocation":{"configSource":{"uri":"git+https://gitlab.com/octo/repo","digest":{"sha1":"cafe"},"entryPoint":"publish"},"parameters":{"CI":"true","CI_COMMIT_SHA":"cafe","CI_CONFIG_PATH":".gitlab-ci.yml","CI_JOB_ID":"99","CI_JOB_NAME":"publish","CI_JOB_URL":"https://gitlab.com/octo/repo/-/jobs/99","CI_PIPELINE_ID":"5","CI_PROJECT_PATH":"octo/repo","CI_PROJECT_URL":"https://gitlab.com/octo/repo","CI_RUNNER_DESCRIPTION":"shared","CI_RUNNER_ID":"7","CI_SERVER_URL":"https://gitlab.com","GITLAB_CI":"true"},"environment":{"name":"shared","architecture":"linux/amd64","server":"https://gitlab.com","project":"octo/repo","job":{"id":"99"},"pipeline":{"id":"5","ref":".gitlab-ci.yml"}}},"metadata":{"buildInvocationId":"https://gitlab.com/octo/repo/-/jobs/99","completeness":{"parameters":true,"environment":true,"materials":false},"reproducible":false},"materials":[{"uri":"git+https://gitlab.com/octo/repo","digest":{"sha1":"cafe"}}]}}`
	if string(got) != want {
		t.Errorf("statement:\n got %s\nwant %s", got, want)
	}
}

// npm lists the GitLab parameters sorted, which is the order a Go map is
// written in; the list must stay sorted and free of duplicates.
func TestGitLabParametersSorted(t *testing.T) {
	if !sort.StringsAreSorted(gitlabParameters) {
		t.Error("gitlabParameters is not sorted")
	}
	seen := map[string]bool{}
	for _, k := range gitlabParameters {
		if seen[k] {
			t.Errorf("duplicate %s", k)
		}
		seen[k] = true
	}
	if len(gitlabParameters) != 76 {
		t.Errorf("%d parameters, npm 11.19.1 copies 76", len(gitlabParameters))
	}
	env := map[string]string{}
	for _, k := range gitlabParameters {
		env[k] = "v"
	}
	raw, _ := Statement(GitLabCI, getenvFrom(env), "p", "1.0.0", "ff")
	var s struct {
		Predicate struct {
			Invocation struct {
				Parameters map[string]string `json:"parameters"`
			} `json:"invocation"`
		} `json:"predicate"`
	}
	if err := json.Unmarshal(raw, &s); err != nil || len(s.Predicate.Invocation.Parameters) != 76 {
		t.Errorf("parameters: %v, %d", err, len(s.Predicate.Invocation.Parameters))
	}
}
