package trustpub

import (
	"encoding/json"
	"strings"
)

// The permissions a configuration grants, as the registry names them.
const (
	PermPublish      = "createPackage"
	PermStagePublish = "createStagedPackage"
)

// permissionLabels are npm's words for the permissions.
var permissionLabels = map[string]string{PermPublish: "publish", PermStagePublish: "stage publish"}

// Config is one trusted-publisher configuration on the wire.
type Config struct {
	ID          string         `json:"id,omitempty"`
	Type        string         `json:"type"`
	Claims      map[string]any `json:"claims"`
	Permissions []string       `json:"permissions"`
}

// Field is one key and value of a configuration as npm shows it; Value is
// a string or a list of strings.
type Field struct {
	Key   string
	Value any
	// FromPackageJSON marks a value npm took from package.json (and
	// gonpm also from the git remote: then Source says so).
	Source string
}

// Fields are a returned configuration's values in npm's order: id, type,
// then the provider's claims; unknown providers show only id and type.
// Claims of the wrong JSON type are left out, as npm's truthiness checks
// leave them out.
func (c Config) Fields() []Field {
	var out []Field
	add := func(key string, v any) {
		switch v := v.(type) {
		case string:
			if v != "" {
				out = append(out, Field{Key: key, Value: v})
			}
		case []string:
			out = append(out, Field{Key: key, Value: v})
		}
	}
	add("id", c.ID)
	add("type", c.Type)
	str := func(key string) any { s, _ := c.Claims[key].(string); return s }
	file := func(key string) any {
		m, _ := c.Claims[key].(map[string]any)
		s, _ := m["file"].(string)
		return s
	}
	switch c.Type {
	case GitHub.Type:
		add("file", file("workflow_ref"))
		add("repository", str("repository"))
		add("environment", str("environment"))
	case GitLab.Type:
		add("file", file("ci_config_ref_uri"))
		add("project", str("project_path"))
		add("environment", str("environment"))
	case CircleCI.Type:
		for _, k := range []struct{ key, claim string }{
			{"orgId", "org-id"}, {"projectId", "project-id"},
			{"pipelineDefinitionId", "pipeline-definition-id"}, {"vcsOrigin", "vcs-origin"},
		} {
			add(k.key, str("oidc.circleci.com/"+k.claim))
		}
		if ids, ok := c.Claims["oidc.circleci.com/context-ids"].([]any); ok {
			var list []string
			for _, v := range ids {
				s, _ := v.(string)
				list = append(list, s)
			}
			add("contextIds", list)
		}
	}
	return out
}

// PermissionLabels is the permissions line npm prints: labels joined with
// ", ", unknown permissions as they are; "" when there are none.
func PermissionLabels(perms []string) string {
	labels := make([]string, len(perms))
	for i, p := range perms {
		if l, ok := permissionLabels[p]; ok {
			labels[i] = l
		} else {
			labels[i] = p
		}
	}
	return strings.Join(labels, ", ")
}

// decodeConfigs reads a create or list reply: an array of configurations,
// a single one, or null.
func decodeConfigs(data []byte) ([]Config, error) {
	trimmed := strings.TrimSpace(string(data))
	if trimmed == "" || trimmed == "null" {
		return nil, nil
	}
	if strings.HasPrefix(trimmed, "{") {
		var one Config
		if err := json.Unmarshal(data, &one); err != nil {
			return nil, err
		}
		return []Config{one}, nil
	}
	var list []Config
	if err := json.Unmarshal(data, &list); err != nil {
		return nil, err
	}
	return list, nil
}
