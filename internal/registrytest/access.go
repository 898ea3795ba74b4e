package registrytest

import (
	"net/http"
	"strings"
)

// visibility handles GET /-/package/<name>/visibility.
func (rq *request) visibility(name string) {
	if rq.method() != http.MethodGet {
		rq.badMethod()
		return
	}
	if p, _, ok := rq.lookupReadable(name); ok {
		rq.json(http.StatusOK, map[string]bool{"public": p.Access == "public"})
	}
}

// setAccess handles POST /-/package/<name>/access: {access} or the 2FA
// publishing policy {publish_requires_tfa, automation_token_overrides_tfa}.
func (rq *request) setAccess(name string) {
	if rq.method() != http.MethodPost {
		rq.badMethod()
		return
	}
	p, id, ok := rq.writablePackage(name, "")
	if !ok {
		return
	}
	var body struct {
		Access                 *string `json:"access"`
		PublishRequiresTFA     *bool   `json:"publish_requires_tfa"`
		AutomationOverridesTFA *bool   `json:"automation_token_overrides_tfa"`
	}
	if !rq.decode(&body) {
		return
	}
	if body.Access != nil {
		switch *body.Access {
		case "public":
		case "restricted", "private":
			if !strings.HasPrefix(name, "@") {
				rq.fail(http.StatusBadRequest, "only scoped packages can be restricted")
				return
			}
		default:
			rq.fail(http.StatusBadRequest, "invalid access level "+*body.Access+"; use public or restricted")
			return
		}
	}
	if !rq.requireWriteOTP(id, p) {
		return
	}
	if body.Access != nil {
		p.Access = "public"
		if *body.Access != "public" {
			p.Access = "restricted"
		}
	}
	if body.PublishRequiresTFA != nil {
		p.PublishRequiresTFA = *body.PublishRequiresTFA
	}
	if body.AutomationOverridesTFA != nil {
		p.AutomationOverridesTFA = *body.AutomationOverridesTFA
	}
	p.bumpRev()
	rq.json(http.StatusOK, map[string]any{})
}

// collaborators handles GET /-/package/<name>/collaborators: maintainers
// have "write"; team members have their team's permission.
func (rq *request) collaborators(name string) {
	if rq.method() != http.MethodGet {
		rq.badMethod()
		return
	}
	p, _, ok := rq.lookupReadable(name)
	if !ok {
		return
	}
	out := map[string]string{}
	for _, o := range rq.s.st.Orgs {
		for _, t := range o.Teams {
			if perm := t.Packages[name]; perm != "" {
				for _, m := range t.Members {
					if out[m] != "write" {
						out[m] = perm
					}
				}
			}
		}
	}
	for _, m := range p.Maintainers {
		out[m] = "write"
	}
	rq.json(http.StatusOK, out)
}

// orgPackages handles GET /-/org/<org>/package; 404 when no such org, so npm
// falls back to /-/user/<name>/package.
func (rq *request) orgPackages(name string) {
	if rq.method() != http.MethodGet {
		rq.badMethod()
		return
	}
	name = strings.TrimPrefix(name, "@")
	if rq.s.st.Orgs[name] == nil {
		rq.fail(http.StatusNotFound, "Scope not found")
		return
	}
	id, ok := rq.identify()
	if !ok {
		return
	}
	out := map[string]string{}
	for pname, p := range rq.s.st.Packages {
		if strings.HasPrefix(pname, "@"+name+"/") && rq.s.canRead(p, id) {
			out[pname] = "write"
		}
	}
	rq.json(http.StatusOK, out)
}

// userPackages handles GET /-/user/<user>/package.
func (rq *request) userPackages(name string) {
	if rq.method() != http.MethodGet {
		rq.badMethod()
		return
	}
	if rq.s.st.Users[name] == nil {
		rq.fail(http.StatusNotFound, "user "+name+" not found")
		return
	}
	id, ok := rq.identify()
	if !ok {
		return
	}
	out := map[string]string{}
	for pname, p := range rq.s.st.Packages {
		if perm := rq.s.permission(p, name); perm != "" && rq.s.canRead(p, id) {
			out[pname] = perm
		}
	}
	rq.json(http.StatusOK, out)
}

// teamPackages handles GET/PUT/DELETE /-/team/<scope>/<team>/package.
func (rq *request) teamPackages(scope, teamName string) {
	o := rq.s.st.Orgs[strings.TrimPrefix(scope, "@")]
	var t *team
	if o != nil {
		t = o.Teams[teamName]
	}
	if t == nil {
		rq.fail(http.StatusNotFound, "team "+scope+":"+teamName+" not found")
		return
	}
	if rq.method() == http.MethodGet {
		rq.json(http.StatusOK, t.Packages)
		return
	}
	if rq.method() != http.MethodPut && rq.method() != http.MethodDelete {
		rq.badMethod()
		return
	}
	var body struct {
		Package     string `json:"package"`
		Permissions string `json:"permissions"`
	}
	if !rq.decode(&body) {
		return
	}
	p, id, ok := rq.writablePackage(body.Package, "")
	if !ok {
		return
	}
	perm := ""
	if rq.method() == http.MethodPut {
		switch body.Permissions {
		case "read-only", "read":
			perm = "read"
		case "read-write", "write":
			perm = "write"
		default:
			rq.fail(http.StatusBadRequest, "permissions must be read-only or read-write")
			return
		}
	}
	if !rq.requireWriteOTP(id, p) {
		return
	}
	if perm == "" {
		delete(t.Packages, p.Name)
		rq.w.WriteHeader(http.StatusNoContent)
		return
	}
	t.Packages[p.Name] = perm
	rq.json(http.StatusCreated, map[string]any{})
}

// AddTeam creates (or replaces the members of) team scope:team; the org
// named scope is created when missing, which makes /-/org/<scope>/package exist.
func (s *Server) AddTeam(scope, teamName string, members ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	scope = strings.TrimPrefix(scope, "@")
	o := s.st.Orgs[scope]
	if o == nil {
		o = &org{Name: scope, Teams: map[string]*team{}}
		s.st.Orgs[scope] = o
	}
	t := o.Teams[teamName]
	if t == nil {
		t = &team{Name: teamName, Packages: map[string]string{}}
		o.Teams[teamName] = t
	}
	t.Members = append([]string(nil), members...)
	s.saveLocked()
}

// TeamPackages returns a copy of the package grants of scope:team.
func (s *Server) TeamPackages(scope, teamName string) map[string]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if o := s.st.Orgs[strings.TrimPrefix(scope, "@")]; o != nil {
		if t := o.Teams[teamName]; t != nil {
			out := map[string]string{}
			for k, v := range t.Packages {
				out[k] = v
			}
			return out
		}
	}
	return nil
}

// PublishRequiresTFA reports the package's 2FA publishing policy.
func (s *Server) PublishRequiresTFA(name string) (required, automationOverrides bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p := s.st.Packages[name]; p != nil {
		return p.PublishRequiresTFA, p.AutomationOverridesTFA
	}
	return false, false
}
