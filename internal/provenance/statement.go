package provenance

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
)

// The statement, predicate and payload types npm uses.
const (
	PayloadType         = "application/vnd.in-toto+json"
	statementV01        = "https://in-toto.io/Statement/v0.1"
	statementV1         = "https://in-toto.io/Statement/v1"
	SLSAv02             = "https://slsa.dev/provenance/v0.2"
	SLSAv1              = "https://slsa.dev/provenance/v1"
	githubBuilderPrefix = "https://github.com/actions/runner"
	githubBuildType     = "https://slsa-framework.github.io/github-actions-buildtypes/workflow/v1"
	gitlabBuildType     = "https://github.com/npm/cli/gitlab/v0alpha1"
)

// Provider is a CI platform npm can generate provenance on.
type Provider string

// The providers, named as npm's notices name them.
const (
	GitHubActions Provider = "GitHub Actions"
	GitLabCI      Provider = "GitLab CI"
)

// DetectProvider says which provider the environment is, or "" for any
// other (local runs and other CI systems included). Like npm (ci-info),
// CI=false turns detection off.
func DetectProvider(getenv func(string) string) Provider {
	if getenv("CI") == "false" {
		return ""
	}
	switch {
	case getenv("GITHUB_ACTIONS") != "":
		return GitHubActions
	case getenv("GITLAB_CI") != "":
		return GitLabCI
	}
	return ""
}

// Purl is the package URL npm names the statement's subject with:
// pkg:npm/<name>@<version>, a scope's leading @ written %40.
func Purl(name, version string) string {
	if rest, ok := strings.CutPrefix(name, "@"); ok {
		name = "%40" + rest
	}
	return "pkg:npm/" + name + "@" + version
}

// Subject is an in-toto subject.
type Subject struct {
	Name   string            `json:"name"`
	Digest map[string]string `json:"digest"`
}

// Statement returns the in-toto statement npm builds for the package whose
// tarball has the hex sha512 digest, on provider, from the environment
// read through getenv, encoded as npm encodes it (JSON.stringify: fields
// in npm's order, unset variables left out, unset variables inside
// composed strings written "undefined"). An empty variable counts as
// unset.
func Statement(provider Provider, getenv func(string) string, name, version, sha512Hex string) ([]byte, error) {
	subject := []Subject{{Name: Purl(name, version), Digest: map[string]string{"sha512": sha512Hex}}}
	var stmt any
	switch provider {
	case GitHubActions:
		stmt = githubStatement(getenv, subject)
	case GitLabCI:
		stmt = gitlabStatement(getenv, subject)
	default:
		return nil, errors.New("provenance can only be generated on GitHub Actions or GitLab CI")
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // JSON.stringify leaves <, > and & alone
	if err := enc.Encode(stmt); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// optional is a variable that JSON.stringify leaves out when unset.
func optional(getenv func(string) string, key string) *string {
	if v := getenv(key); v != "" {
		return &v
	}
	return nil
}

// interpolated is a variable inside a JavaScript template string.
func interpolated(getenv func(string) string, key string) string {
	if v := getenv(key); v != "" {
		return v
	}
	return "undefined"
}

type githubStmt struct {
	Type          string    `json:"_type"`
	Subject       []Subject `json:"subject"`
	PredicateType string    `json:"predicateType"`
	Predicate     struct {
		BuildDefinition struct {
			BuildType          string `json:"buildType"`
			ExternalParameters struct {
				Workflow struct {
					Ref        string `json:"ref"`
					Repository string `json:"repository"`
					Path       string `json:"path"`
				} `json:"workflow"`
			} `json:"externalParameters"`
			InternalParameters struct {
				GitHub struct {
					EventName         *string `json:"event_name,omitempty"`
					RepositoryID      *string `json:"repository_id,omitempty"`
					RepositoryOwnerID *string `json:"repository_owner_id,omitempty"`
				} `json:"github"`
			} `json:"internalParameters"`
			ResolvedDependencies []gitDependency `json:"resolvedDependencies"`
		} `json:"buildDefinition"`
		RunDetails struct {
			Builder struct {
				ID string `json:"id"`
			} `json:"builder"`
			Metadata struct {
				InvocationID string `json:"invocationId"`
			} `json:"metadata"`
		} `json:"runDetails"`
	} `json:"predicate"`
}

type gitDependency struct {
	URI    string `json:"uri"`
	Digest struct {
		GitCommit *string `json:"gitCommit,omitempty"`
	} `json:"digest"`
}

func githubStatement(getenv func(string) string, subject []Subject) *githubStmt {
	s := &githubStmt{Type: statementV1, Subject: subject, PredicateType: SLSAv1}
	server, repo := interpolated(getenv, "GITHUB_SERVER_URL"), interpolated(getenv, "GITHUB_REPOSITORY")
	// GITHUB_WORKFLOW_REF is "<owner>/<repo>/<path>@<ref>". npm removes the
	// first "<repo>/" and splits at the first "@"; with no "@" its slice
	// arithmetic drops the last character of the path and keeps the whole
	// text as the ref, reproduced here.
	relative := strings.Replace(getenv("GITHUB_WORKFLOW_REF"), repo+"/", "", 1)
	path, ref := "", relative
	if i := strings.Index(relative, "@"); i >= 0 {
		path, ref = relative[:i], relative[i+1:]
	} else if relative != "" {
		path = relative[:len(relative)-1]
	}
	b := &s.Predicate.BuildDefinition
	b.BuildType = githubBuildType
	b.ExternalParameters.Workflow.Ref = ref
	b.ExternalParameters.Workflow.Repository = server + "/" + repo
	b.ExternalParameters.Workflow.Path = path
	b.InternalParameters.GitHub.EventName = optional(getenv, "GITHUB_EVENT_NAME")
	b.InternalParameters.GitHub.RepositoryID = optional(getenv, "GITHUB_REPOSITORY_ID")
	b.InternalParameters.GitHub.RepositoryOwnerID = optional(getenv, "GITHUB_REPOSITORY_OWNER_ID")
	dep := gitDependency{URI: "git+" + server + "/" + repo + "@" + interpolated(getenv, "GITHUB_REF")}
	dep.Digest.GitCommit = optional(getenv, "GITHUB_SHA")
	b.ResolvedDependencies = []gitDependency{dep}
	r := &s.Predicate.RunDetails
	r.Builder.ID = githubBuilderPrefix + "/" + interpolated(getenv, "RUNNER_ENVIRONMENT")
	r.Metadata.InvocationID = server + "/" + repo + "/actions/runs/" + interpolated(getenv, "GITHUB_RUN_ID") +
		"/attempts/" + interpolated(getenv, "GITHUB_RUN_ATTEMPT")
	return s
}
