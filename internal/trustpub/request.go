package trustpub

import (
	"errors"
	"fmt"
	"strings"
)

// Where a value was taken from, for the "(from …)" notes npm prints.
const (
	FromFlag        = ""
	FromPackageJSON = "package.json"
	FromGitOrigin   = "git remote origin"
)

// Manifest is what trust reads from the package.json of the current
// folder (read leniently: a missing or broken file is an empty one).
type Manifest struct {
	Name string
	// Repository is repository.url, or repository when it is a string.
	Repository string
}

// Input is what the user asked for: the package argument and the flags of
// `trust github|gitlab|circleci`.
type Input struct {
	Provider   Provider
	Package    string // the positional argument, "" for none
	Manifest   Manifest
	File       string
	Entity     string // --repository / --project
	Env        string
	Publish    bool
	Stage      bool
	OrgID      string
	ProjectID  string
	PipelineID string
	VCSOrigin  string
	ContextIDs []string
	// OriginURL returns the URL of the git remote origin of the current
	// folder ("" when there is none); nil never looks.
	OriginURL func() string
}

// Request is a validated trusted-publisher configuration to create.
type Request struct {
	Provider      Provider
	Package       string
	PackageSource string
	File          string
	Entity        string
	EntitySource  string
	// OriginURL is the git remote the entity was taken from, when it was.
	OriginURL   string
	Env         string
	OrgID       string
	ProjectID   string
	PipelineID  string
	VCSOrigin   string
	ContextIDs  []string
	Permissions []string
	// Warnings are npm's warnings about package.json's repository.
	Warnings []string
}

// ErrNoPermission is npm's first check.
var ErrNoPermission = errors.New("At least one permission flag is required (--allow-publish, --allow-stage-publish)")

// errNoPackage is npm's message when no package is named.
var errNoPackage = errors.New("Package name must be specified either as an argument or in package.json file")

// Resolve validates in and works out the configuration, in npm 11.19's
// order and with its messages (protocol-writes-npm11 §2.3-2.4). Two
// differences, both deliberate: package.json's repository is used only for
// the package of package.json (npm also applies it to a different package
// named on the command line), and when package.json has no usable
// repository the git remote origin is used.
func Resolve(in Input) (*Request, error) {
	if !in.Publish && !in.Stage {
		return nil, ErrNoPermission
	}
	r := &Request{Provider: in.Provider, Package: in.Package, Env: in.Env}
	if in.Publish {
		r.Permissions = append(r.Permissions, PermPublish)
	}
	if in.Stage {
		r.Permissions = append(r.Permissions, PermStagePublish)
	}
	if r.Package == "" && in.Manifest.Name != "" {
		r.Package, r.PackageSource = in.Manifest.Name, FromPackageJSON
	}
	if in.Provider.Type == CircleCI.Type {
		return resolveCircleCI(in, r)
	}

	matchPkg := in.Package == "" || in.Package == in.Manifest.Name
	var git *Repository
	if repo, ok := ParseRepository(in.Manifest.Repository); ok && matchPkg {
		git = &repo
	}
	invalidType := git != nil && git.Type != in.Provider.Type
	switch {
	case in.Entity != "":
		r.Entity = in.Entity
	case git != nil && !invalidType:
		r.Entity, r.EntitySource = git.Path, FromPackageJSON
	case git == nil && matchPkg && in.Manifest.Name != "" && in.OriginURL != nil:
		if origin := in.OriginURL(); origin != "" {
			if repo, ok := ParseRepository(origin); ok && repo.Type == in.Provider.Type {
				r.Entity, r.EntitySource, r.OriginURL = repo.Path, FromGitOrigin, origin
			}
		}
	}

	if r.Package == "" {
		return nil, errNoPackage
	}
	if err := in.Provider.validateFile(in.File); err != nil {
		return nil, err
	}
	r.File = in.File
	switch {
	case invalidType && in.Entity == "":
		return nil, fmt.Errorf("Repository in package.json is not a %s", in.Provider.Entity)
	case invalidType:
		r.Warnings = append(r.Warnings, "Repository in package.json is not a "+in.Provider.Entity)
	case git != nil && r.Entity != git.Path:
		r.Warnings = append(r.Warnings, fmt.Sprintf("Repository in package.json (%s) differs from provided %s (%s)", safe(git.Path), in.Provider.Entity, safe(r.Entity)))
	}
	if r.Entity == "" && matchPkg {
		return nil, fmt.Errorf("%s must be specified with %s option or inferred from the package.json repository field", in.Provider.Entity, in.Provider.EntityKey)
	}
	if r.Entity == "" {
		return nil, fmt.Errorf("%s must be specified with %s option", in.Provider.Entity, in.Provider.EntityKey)
	}
	if err := in.Provider.validateEntity(r.Entity); err != nil {
		return nil, err
	}
	return r, nil
}

func resolveCircleCI(in Input, r *Request) (*Request, error) {
	if r.Package == "" {
		return nil, errNoPackage
	}
	for _, f := range []struct{ value, name string }{
		{in.OrgID, "org-id"}, {in.ProjectID, "project-id"}, {in.PipelineID, "pipeline-definition-id"}, {in.VCSOrigin, "vcs-origin"},
	} {
		if f.value == "" {
			return nil, fmt.Errorf("%s is required", f.name)
		}
	}
	for _, f := range []struct{ value, name string }{
		{in.OrgID, "org-id"}, {in.ProjectID, "project-id"}, {in.PipelineID, "pipeline-definition-id"},
	} {
		if err := validateUUID(f.value, f.name); err != nil {
			return nil, err
		}
	}
	if strings.Contains(in.VCSOrigin, "://") {
		return nil, errors.New("vcs-origin must not include a scheme (e.g., use 'github.com/owner/repo' not 'https://github.com/owner/repo')")
	}
	if len(strings.Split(in.VCSOrigin, "/")) < 3 {
		return nil, errors.New("vcs-origin must be in format 'provider/owner/repo'")
	}
	for _, id := range in.ContextIDs {
		if err := validateUUID(id, "context-id"); err != nil {
			return nil, err
		}
	}
	r.OrgID, r.ProjectID, r.PipelineID, r.VCSOrigin, r.ContextIDs = in.OrgID, in.ProjectID, in.PipelineID, in.VCSOrigin, in.ContextIDs
	return r, nil
}

// Config is the configuration to send.
func (r *Request) Config() Config {
	claims := map[string]any{}
	switch r.Provider.Type {
	case GitHub.Type:
		claims["repository"] = r.Entity
		claims["workflow_ref"] = map[string]any{"file": r.File}
	case GitLab.Type:
		claims["project_path"] = r.Entity
		claims["ci_config_ref_uri"] = map[string]any{"file": r.File}
	case CircleCI.Type:
		claims["oidc.circleci.com/org-id"] = r.OrgID
		claims["oidc.circleci.com/project-id"] = r.ProjectID
		claims["oidc.circleci.com/pipeline-definition-id"] = r.PipelineID
		claims["oidc.circleci.com/vcs-origin"] = r.VCSOrigin
		if len(r.ContextIDs) > 0 {
			claims["oidc.circleci.com/context-ids"] = r.ContextIDs
		}
	}
	if r.Env != "" && r.Provider.Type != CircleCI.Type {
		claims["environment"] = r.Env
	}
	return Config{Type: r.Provider.Type, Claims: claims, Permissions: r.Permissions}
}

// Fields are the values npm shows before it asks, in its order, each with
// where it came from, and the web page for it ("" for none).
func (r *Request) Fields() (fields []Field, urls []string) {
	add := func(key string, v any, source, url string) {
		fields = append(fields, Field{Key: key, Value: v, Source: source})
		if url != "" {
			urls = append(urls, url)
		}
	}
	add("package", r.Package, r.PackageSource, "")
	if r.Provider.Type == CircleCI.Type {
		add("orgId", r.OrgID, "", "")
		add("projectId", r.ProjectID, "", "")
		add("pipelineDefinitionId", r.PipelineID, "", "")
		add("vcsOrigin", r.VCSOrigin, "", "https://"+r.VCSOrigin)
		if len(r.ContextIDs) > 0 {
			add("contextIds", r.ContextIDs, "", "")
		}
		return fields, urls
	}
	add("file", r.File, "", r.Provider.fileURL(r.Entity, r.File))
	add(r.Provider.EntityKey, r.Entity, r.EntitySource, r.Provider.entityURL(r.Entity))
	if r.Env != "" {
		add("environment", r.Env, "", "")
	}
	return fields, urls
}
