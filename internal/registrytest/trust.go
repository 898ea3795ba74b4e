package registrytest

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
)

// Trusted-publisher configurations (protocol-writes-npm11 §2): the link
// between a package and a CI workflow that may publish it through OIDC.
// The public registry keeps one per package, gates every request with a
// second factor, and refuses 2FA-bypassing tokens, basic auth and the
// short-lived tokens of trusted publishing itself.

// trustPermissions are the permissions a configuration may grant.
var trustPermissions = map[string]bool{"createPackage": true, "createStagedPackage": true}

// trustRecord is what the registry keeps about one package's trusted
// publishers.
type trustRecord struct {
	Configs []TrustConfig `json:"configs"`
	// Created counts the configurations ever created for the package, so
	// ids are never reused and two registries seeded alike give the same
	// ids.
	Created int `json:"created"`
}

// TrustConfig is one trusted-publisher configuration as the registry
// stores and returns it.
type TrustConfig struct {
	ID          string         `json:"id"`
	Type        string         `json:"type"`
	Claims      map[string]any `json:"claims"`
	Permissions []string       `json:"permissions"`
}

var trustUUIDPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// trustID is a UUID (version 4 layout) derived from the package and a
// sequence number: unique per package, and the same on registries seeded
// alike, so differential tests can compare output that shows ids.
func trustID(name string, seq int) string {
	sum := sha256.Sum256([]byte(name + "\x00" + strconv.Itoa(seq)))
	b := sum[:16]
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b)
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

// trustRoute handles /-/package/<name>/trust[/<id>].
func (rq *request) trustRoute(name string, rest []string) {
	switch {
	case len(rest) == 0 && rq.method() == http.MethodGet:
		rq.listTrust(name)
	case len(rest) == 0 && rq.method() == http.MethodPost:
		rq.createTrust(name)
	case len(rest) == 1 && rq.method() == http.MethodDelete:
		rq.revokeTrust(name, rest[0])
	case len(rest) <= 1:
		rq.badMethod()
	default:
		rq.notFound()
	}
}

// trustAccess checks who may manage the trusted publishers of name: a
// maintainer authenticated with a token that does not bypass 2FA, whose
// account has 2FA on, with a one-time password on this request. It
// answers and returns false otherwise.
func (rq *request) trustAccess(name string) (*pkg, bool) {
	id, ok := rq.requireUser()
	if !ok {
		return nil, false
	}
	switch {
	case id.token == nil:
		rq.fail(http.StatusUnauthorized, "legacy basic auth (user name and password) cannot manage trusted publishers; log in to get a token")
		return nil, false
	case id.token.TrustedPublishing:
		rq.fail(http.StatusForbidden, "a token from trusted publishing may only publish and stage publish")
		return nil, false
	case id.token.Bypass2FA:
		rq.fail(http.StatusForbidden, "granular access tokens that bypass two-factor authentication cannot manage trusted publishers")
		return nil, false
	case id.token.Readonly || id.token.PackagesPermission == "read-only":
		rq.fail(http.StatusForbidden, "this token is read-only")
		return nil, false
	}
	p := rq.s.st.Packages[name]
	if p == nil || !rq.s.canRead(p, id) {
		rq.fail(http.StatusNotFound, "package "+name+" not found: trusted publishers can only be configured for a package that exists")
		return nil, false
	}
	if !p.isMaintainer(id.user.Name) {
		rq.fail(http.StatusForbidden, "you do not have write access to "+name)
		return nil, false
	}
	if !rq.permittedByToken(id, name) {
		return nil, false
	}
	if !id.user.tfaEnabled() {
		rq.fail(http.StatusForbidden, "two-factor authentication must be enabled on your account to manage trusted publishers")
		return nil, false
	}
	if !rq.requireOTP(id.user) {
		return nil, false
	}
	return p, true
}

// listTrust handles GET /-/package/<name>/trust.
func (rq *request) listTrust(name string) {
	if _, ok := rq.trustAccess(name); !ok {
		return
	}
	configs := []TrustConfig{}
	if rec := rq.s.st.TrustConfigs[name]; rec != nil {
		configs = append(configs, rec.Configs...)
	}
	rq.json(http.StatusOK, configs)
}

// createTrust handles POST /-/package/<name>/trust with a one-element
// array of configurations.
func (rq *request) createTrust(name string) {
	if _, ok := rq.trustAccess(name); !ok {
		return
	}
	var body []TrustConfig
	if !rq.decode(&body) {
		return
	}
	if len(body) != 1 {
		rq.fail(http.StatusBadRequest, fmt.Sprintf("send exactly one trusted publisher configuration, got %d", len(body)))
		return
	}
	cfg := body[0]
	if err := validateTrustConfig(cfg); err != nil {
		rq.fail(http.StatusBadRequest, err.Error())
		return
	}
	st := rq.s.st
	if st.TrustConfigs == nil {
		st.TrustConfigs = map[string]*trustRecord{}
	}
	rec := st.TrustConfigs[name]
	if rec == nil {
		rec = &trustRecord{}
		st.TrustConfigs[name] = rec
	}
	if len(rec.Configs) > 0 {
		rq.fail(http.StatusConflict, "only one trusted publisher configuration per package is supported; "+name+" already has "+rec.Configs[0].ID+": revoke it first")
		return
	}
	rec.Created++
	cfg.ID = trustID(name, rec.Created)
	rec.Configs = append(rec.Configs, cfg)
	rq.json(http.StatusCreated, []TrustConfig{cfg})
}

// revokeTrust handles DELETE /-/package/<name>/trust/<id>.
func (rq *request) revokeTrust(name, id string) {
	if _, ok := rq.trustAccess(name); !ok {
		return
	}
	rec := rq.s.st.TrustConfigs[name]
	if rec != nil {
		for i, c := range rec.Configs {
			if c.ID == id {
				rec.Configs = append(rec.Configs[:i], rec.Configs[i+1:]...)
				rq.w.WriteHeader(http.StatusNoContent)
				return
			}
		}
	}
	rq.fail(http.StatusNotFound, "no trusted publisher configuration "+id+" for "+name)
}

// validateTrustConfig checks a configuration the way the registry would:
// a known provider with its required claims, and known permissions.
func validateTrustConfig(c TrustConfig) error {
	if len(c.Permissions) == 0 {
		return fmt.Errorf("permissions must list at least one of createPackage, createStagedPackage")
	}
	for _, p := range c.Permissions {
		if !trustPermissions[p] {
			return fmt.Errorf("unknown permission %q", p)
		}
	}
	str := func(key string) string { s, _ := c.Claims[key].(string); return s }
	file := func(key string) string {
		m, _ := c.Claims[key].(map[string]any)
		s, _ := m["file"].(string)
		return s
	}
	switch c.Type {
	case "github":
		if parts := strings.Split(str("repository"), "/"); len(parts) != 2 || parts[0] == "" || parts[1] == "" {
			return fmt.Errorf("claims.repository must be owner/repository")
		}
		if f := file("workflow_ref"); f == "" || strings.Contains(f, "/") {
			return fmt.Errorf("claims.workflow_ref.file must name a workflow file")
		}
	case "gitlab":
		if parts := strings.Split(str("project_path"), "/"); len(parts) < 2 {
			return fmt.Errorf("claims.project_path must be group/project")
		}
		if f := file("ci_config_ref_uri"); f == "" || strings.Contains(f, "/") {
			return fmt.Errorf("claims.ci_config_ref_uri.file must name a pipeline file")
		}
	case "circleci":
		for _, k := range []string{"org-id", "project-id", "pipeline-definition-id"} {
			if !trustUUIDPattern.MatchString(str("oidc.circleci.com/" + k)) {
				return fmt.Errorf("claims.oidc.circleci.com/%s must be a UUID", k)
			}
		}
		if parts := strings.Split(str("oidc.circleci.com/vcs-origin"), "/"); len(parts) < 3 {
			return fmt.Errorf("claims.oidc.circleci.com/vcs-origin must be provider/owner/repo")
		}
		if ids, ok := c.Claims["oidc.circleci.com/context-ids"]; ok {
			list, _ := ids.([]any)
			for _, v := range list {
				if s, _ := v.(string); !trustUUIDPattern.MatchString(s) {
					return fmt.Errorf("claims.oidc.circleci.com/context-ids must hold UUIDs")
				}
			}
		}
	default:
		return fmt.Errorf("unknown trusted publisher type %q; use github, gitlab or circleci", c.Type)
	}
	return nil
}

// TrustConfigs returns a copy of the trusted-publisher configurations of
// name (nil when it has none).
func (s *Server) TrustConfigs(name string) []TrustConfig {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec := s.st.TrustConfigs[name]
	if rec == nil || len(rec.Configs) == 0 {
		return nil
	}
	out := make([]TrustConfig, len(rec.Configs))
	for i, c := range rec.Configs {
		data, _ := json.Marshal(c)
		json.Unmarshal(data, &out[i])
	}
	return out
}

// AddTrustConfig stores a configuration for name as if it had been created
// through the API, and returns its id.
func (s *Server) AddTrustConfig(name string, c TrustConfig) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.st.TrustConfigs == nil {
		s.st.TrustConfigs = map[string]*trustRecord{}
	}
	rec := s.st.TrustConfigs[name]
	if rec == nil {
		rec = &trustRecord{}
		s.st.TrustConfigs[name] = rec
	}
	rec.Created++
	c.ID = trustID(name, rec.Created)
	rec.Configs = append(rec.Configs, c)
	s.saveLocked()
	return c.ID
}
