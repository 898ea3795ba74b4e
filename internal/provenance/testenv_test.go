package provenance

// githubEnv is the simulated GitHub Actions job of protocol appendix A.2.
var githubEnv = map[string]string{
	"CI":                         "true",
	"GITHUB_ACTIONS":             "true",
	"GITHUB_SERVER_URL":          "https://github.com",
	"GITHUB_REPOSITORY":          "octo/repo",
	"GITHUB_WORKFLOW_REF":        "octo/repo/.github/workflows/publish.yml@refs/heads/main",
	"GITHUB_EVENT_NAME":          "push",
	"GITHUB_REPOSITORY_ID":       "1",
	"GITHUB_REPOSITORY_OWNER_ID": "2",
	"GITHUB_REF":                 "refs/heads/main",
	"GITHUB_SHA":                 "deadbeef",
	"RUNNER_ENVIRONMENT":         "github-hosted",
	"GITHUB_RUN_ID":              "42",
	"GITHUB_RUN_ATTEMPT":         "1",
}

// githubClaims are the ID-token claims GitHub issues for that job.
var githubClaims = map[string]any{
	"iss": "https://token.actions.githubusercontent.com", "aud": "sigstore",
	"sub":        "repo:octo/repo:ref:refs/heads/main",
	"repository": "octo/repo", "repository_owner": "octo", "repository_id": "1", "repository_owner_id": "2",
	"job_workflow_ref": "octo/repo/.github/workflows/publish.yml@refs/heads/main",
	"workflow_ref":     "octo/repo/.github/workflows/publish.yml@refs/heads/main",
	"sha":              "deadbeef", "ref": "refs/heads/main", "event_name": "push",
	"runner_environment": "github-hosted", "run_id": "42", "run_attempt": "1",
	"repository_visibility": "public",
}

func getenvFrom(env map[string]string) func(string) string {
	return func(k string) string { return env[k] }
}
