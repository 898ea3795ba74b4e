package trustpub

import (
	"fmt"
	"path"
	"regexp"
	"strings"
)

// Provider is a CI system that can be a trusted publisher.
type Provider struct {
	// Type is the wire name: github, gitlab, circleci.
	Type string
	// Name is how npm names the CI system in its dialogue.
	Name string
	// Entity is what write access to grants publishing ("GitHub
	// repository"); EntityKey is its flag and display key.
	Entity, EntityKey string
	// FileLabel names the workflow file in messages.
	FileLabel string
	// Host is the web address of the hosting service ("" for circleci).
	Host string
}

// The providers npm 11.19 knows.
var (
	GitHub   = Provider{Type: "github", Name: "GitHub Actions", Entity: "GitHub repository", EntityKey: "repository", FileLabel: "GitHub Actions Workflow", Host: "https://github.com"}
	GitLab   = Provider{Type: "gitlab", Name: "GitLab CI/CD", Entity: "GitLab project", EntityKey: "project", FileLabel: "GitLab CI/CD Pipeline", Host: "https://gitlab.com"}
	CircleCI = Provider{Type: "circleci", Name: "CircleCI", Entity: "CircleCI pipeline"}
)

// validateFile checks that the workflow file is a bare .yml/.yaml name.
func (p Provider) validateFile(file string) error {
	if file == "" {
		return fmt.Errorf("%s must be specified with the file option", p.FileLabel)
	}
	if !strings.HasSuffix(file, ".yml") && !strings.HasSuffix(file, ".yaml") {
		return fmt.Errorf("%s must end in .yml or .yaml", p.FileLabel)
	}
	if file != path.Base(file) {
		if p.Type == GitLab.Type {
			return fmt.Errorf("GitLab CI/CD pipeline file must be just a file not a path")
		}
		return fmt.Errorf("GitHub Actions workflow must be just a file not a path")
	}
	return nil
}

// validateEntity checks the repository or project format.
func (p Provider) validateEntity(entity string) error {
	n := len(strings.Split(entity, "/"))
	if p.Type == GitHub.Type && n != 2 {
		return fmt.Errorf("GitHub repository must be specified in the format owner/repository")
	}
	if p.Type == GitLab.Type && n < 2 {
		return fmt.Errorf("GitLab project must be specified in the format group/project or group/subgroup/project")
	}
	return nil
}

// fileURL and entityURL are the web pages npm prints under the options.
func (p Provider) fileURL(entity, file string) string {
	if p.Type == GitLab.Type {
		return p.Host + "/" + entity + "/-/blob/HEAD/" + file
	}
	return p.Host + "/" + entity + "/blob/HEAD/.github/workflows/" + file
}

func (p Provider) entityURL(entity string) string { return p.Host + "/" + entity }

var uuidPattern = regexp.MustCompile(`(?i)^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// validateUUID is npm's check of CircleCI ids.
func validateUUID(value, field string) error {
	if !uuidPattern.MatchString(value) {
		return fmt.Errorf("%s must be a valid UUID", field)
	}
	return nil
}
