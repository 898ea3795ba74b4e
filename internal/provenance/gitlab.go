package provenance

// gitlabParameters are the variables npm copies into
// invocation.parameters, each when set. json.Marshal writes a map's keys
// sorted, which is the order npm lists them in.
var gitlabParameters = []string{
	"CI", "CI_API_GRAPHQL_URL", "CI_API_V4_URL", "CI_BUILD_BEFORE_SHA", "CI_BUILD_ID", "CI_BUILD_NAME",
	"CI_BUILD_REF", "CI_BUILD_REF_NAME", "CI_BUILD_REF_SLUG", "CI_BUILD_STAGE", "CI_COMMIT_BEFORE_SHA",
	"CI_COMMIT_BRANCH", "CI_COMMIT_REF_NAME", "CI_COMMIT_REF_PROTECTED", "CI_COMMIT_REF_SLUG", "CI_COMMIT_SHA",
	"CI_COMMIT_SHORT_SHA", "CI_COMMIT_TIMESTAMP", "CI_COMMIT_TITLE", "CI_CONFIG_PATH", "CI_DEFAULT_BRANCH",
	"CI_DEPENDENCY_PROXY_DIRECT_GROUP_IMAGE_PREFIX", "CI_DEPENDENCY_PROXY_GROUP_IMAGE_PREFIX",
	"CI_DEPENDENCY_PROXY_SERVER", "CI_DEPENDENCY_PROXY_USER", "CI_JOB_ID", "CI_JOB_NAME", "CI_JOB_NAME_SLUG",
	"CI_JOB_STAGE", "CI_JOB_STARTED_AT", "CI_JOB_URL", "CI_NODE_TOTAL", "CI_PAGES_DOMAIN", "CI_PAGES_URL",
	"CI_PIPELINE_CREATED_AT", "CI_PIPELINE_ID", "CI_PIPELINE_IID", "CI_PIPELINE_SOURCE", "CI_PIPELINE_URL",
	"CI_PROJECT_CLASSIFICATION_LABEL", "CI_PROJECT_DESCRIPTION", "CI_PROJECT_ID", "CI_PROJECT_NAME",
	"CI_PROJECT_NAMESPACE", "CI_PROJECT_NAMESPACE_ID", "CI_PROJECT_PATH", "CI_PROJECT_PATH_SLUG",
	"CI_PROJECT_REPOSITORY_LANGUAGES", "CI_PROJECT_ROOT_NAMESPACE", "CI_PROJECT_TITLE", "CI_PROJECT_URL",
	"CI_PROJECT_VISIBILITY", "CI_REGISTRY", "CI_REGISTRY_IMAGE", "CI_REGISTRY_USER", "CI_RUNNER_DESCRIPTION",
	"CI_RUNNER_ID", "CI_RUNNER_TAGS", "CI_SERVER_HOST", "CI_SERVER_NAME", "CI_SERVER_PORT", "CI_SERVER_PROTOCOL",
	"CI_SERVER_REVISION", "CI_SERVER_SHELL_SSH_HOST", "CI_SERVER_SHELL_SSH_PORT", "CI_SERVER_URL",
	"CI_SERVER_VERSION", "CI_SERVER_VERSION_MAJOR", "CI_SERVER_VERSION_MINOR", "CI_SERVER_VERSION_PATCH",
	"CI_TEMPLATE_REGISTRY_HOST", "GITLAB_CI", "GITLAB_FEATURES", "GITLAB_USER_ID", "GITLAB_USER_LOGIN",
	"RUNNER_GENERATE_ARTIFACTS_METADATA",
}

type sha1Digest struct {
	SHA1 *string `json:"sha1,omitempty"`
}

type gitlabStmt struct {
	Type          string    `json:"_type"`
	Subject       []Subject `json:"subject"`
	PredicateType string    `json:"predicateType"`
	Predicate     struct {
		BuildType string `json:"buildType"`
		Builder   struct {
			ID string `json:"id"`
		} `json:"builder"`
		Invocation struct {
			ConfigSource struct {
				URI        string     `json:"uri"`
				Digest     sha1Digest `json:"digest"`
				EntryPoint *string    `json:"entryPoint,omitempty"`
			} `json:"configSource"`
			Parameters  map[string]string `json:"parameters"`
			Environment struct {
				Name         *string `json:"name,omitempty"`
				Architecture *string `json:"architecture,omitempty"`
				Server       *string `json:"server,omitempty"`
				Project      *string `json:"project,omitempty"`
				Job          struct {
					ID *string `json:"id,omitempty"`
				} `json:"job"`
				Pipeline struct {
					ID  *string `json:"id,omitempty"`
					Ref *string `json:"ref,omitempty"`
				} `json:"pipeline"`
			} `json:"environment"`
		} `json:"invocation"`
		Metadata struct {
			BuildInvocationID string `json:"buildInvocationId"`
			Completeness      struct {
				Parameters  bool `json:"parameters"`
				Environment bool `json:"environment"`
				Materials   bool `json:"materials"`
			} `json:"completeness"`
			Reproducible bool `json:"reproducible"`
		} `json:"metadata"`
		Materials []struct {
			URI    string     `json:"uri"`
			Digest sha1Digest `json:"digest"`
		} `json:"materials"`
	} `json:"predicate"`
}

func gitlabStatement(getenv func(string) string, subject []Subject) *gitlabStmt {
	s := &gitlabStmt{Type: statementV01, Subject: subject, PredicateType: SLSAv02}
	p := &s.Predicate
	project := interpolated(getenv, "CI_PROJECT_URL")
	p.BuildType = gitlabBuildType
	p.Builder.ID = project + "/-/runners/" + interpolated(getenv, "CI_RUNNER_ID")
	inv := &p.Invocation
	inv.ConfigSource.URI = "git+" + project
	inv.ConfigSource.Digest.SHA1 = optional(getenv, "CI_COMMIT_SHA")
	inv.ConfigSource.EntryPoint = optional(getenv, "CI_JOB_NAME")
	inv.Parameters = map[string]string{}
	for _, k := range gitlabParameters {
		if v := getenv(k); v != "" {
			inv.Parameters[k] = v
		}
	}
	env := &inv.Environment
	env.Name = optional(getenv, "CI_RUNNER_DESCRIPTION")
	env.Architecture = optional(getenv, "CI_RUNNER_EXECUTABLE_ARCH")
	env.Server = optional(getenv, "CI_SERVER_URL")
	env.Project = optional(getenv, "CI_PROJECT_PATH")
	env.Job.ID = optional(getenv, "CI_JOB_ID")
	env.Pipeline.ID = optional(getenv, "CI_PIPELINE_ID")
	env.Pipeline.Ref = optional(getenv, "CI_CONFIG_PATH")
	p.Metadata.BuildInvocationID = interpolated(getenv, "CI_JOB_URL")
	p.Metadata.Completeness.Parameters = true
	p.Metadata.Completeness.Environment = true
	p.Materials = make([]struct {
		URI    string     `json:"uri"`
		Digest sha1Digest `json:"digest"`
	}, 1)
	p.Materials[0].URI = "git+" + project
	p.Materials[0].Digest.SHA1 = optional(getenv, "CI_COMMIT_SHA")
	return s
}
