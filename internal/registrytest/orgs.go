package registrytest

import (
	"net/http"
	"regexp"
	"slices"
	"strings"
)

// Org roles, most powerful first. Owners may change anyone's membership;
// admins may manage developers and admins, and teams; developers may only
// look (as on the public registry).
var orgRoles = []string{"owner", "admin", "developer"}

// validTeamName is what the registry accepts as a team name.
var validTeamName = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]*$`)

// orgRoute handles /-/org/<org>/user and /-/org/<org>/team.
func (rq *request) orgRoute(orgName, what string) {
	o := rq.s.st.Orgs[strings.TrimPrefix(orgName, "@")]
	if o == nil {
		rq.fail(http.StatusNotFound, "Scope not found: no org named "+orgName)
		return
	}
	switch what {
	case "user":
		switch rq.method() {
		case http.MethodGet:
			if _, ok := rq.orgMember(o); ok {
				rq.json(http.StatusOK, o.Members)
			}
		case http.MethodPut:
			rq.orgSetMember(o)
		case http.MethodDelete:
			rq.orgRemoveMember(o)
		default:
			rq.badMethod()
		}
	case "team":
		switch rq.method() {
		case http.MethodGet:
			if _, ok := rq.orgMember(o); ok {
				names := []string{}
				for name := range o.Teams {
					names = append(names, o.Name+":"+name)
				}
				slices.Sort(names)
				rq.json(http.StatusOK, names)
			}
		case http.MethodPut:
			rq.createTeam(o)
		default:
			rq.badMethod()
		}
	default:
		rq.notFound()
	}
}

// teamRoute handles /-/team/<scope>/<team> and /-/team/<scope>/<team>/user.
func (rq *request) teamRoute(scope, teamName string, users bool) {
	o := rq.s.st.Orgs[strings.TrimPrefix(scope, "@")]
	if o == nil {
		rq.fail(http.StatusNotFound, "Scope not found: no org named "+scope)
		return
	}
	t := o.Teams[teamName]
	if t == nil {
		rq.fail(http.StatusNotFound, "Team not found: "+o.Name+":"+teamName)
		return
	}
	switch {
	case !users && rq.method() == http.MethodDelete:
		rq.destroyTeam(o, t)
	case users && rq.method() == http.MethodGet:
		if _, ok := rq.orgMember(o); ok {
			members := append([]string{}, t.Members...)
			slices.Sort(members)
			rq.json(http.StatusOK, members)
		}
	case users && (rq.method() == http.MethodPut || rq.method() == http.MethodDelete):
		rq.changeTeamMember(o, t)
	default:
		rq.badMethod()
	}
}

// orgMember authenticates a member of o, answering 401/403 otherwise.
func (rq *request) orgMember(o *org) (*identity, bool) {
	id, ok := rq.requireUser()
	if !ok {
		return nil, false
	}
	if o.Members[id.user.Name] == "" {
		rq.fail(http.StatusForbidden, "you are not a member of org "+o.Name)
		return nil, false
	}
	return id, true
}

// orgManager authenticates a writer who is an owner or admin of o.
func (rq *request) orgManager(o *org) (*identity, string, bool) {
	id, ok := rq.requireWriter()
	if !ok {
		return nil, "", false
	}
	role := o.Members[id.user.Name]
	if role != "owner" && role != "admin" {
		rq.fail(http.StatusForbidden, "only an owner or admin of org "+o.Name+" may do this")
		return nil, "", false
	}
	return id, role, true
}

// owners counts the owners of o.
func (o *org) owners() int {
	n := 0
	for _, r := range o.Members {
		if r == "owner" {
			n++
		}
	}
	return n
}

// orgSetMember handles PUT /-/org/<org>/user {user, role}.
func (rq *request) orgSetMember(o *org) {
	var body struct {
		User string `json:"user"`
		Role string `json:"role"`
	}
	if !rq.decode(&body) {
		return
	}
	id, myRole, ok := rq.orgManager(o)
	if !ok {
		return
	}
	if body.Role == "" {
		body.Role = "developer"
	}
	if !slices.Contains(orgRoles, body.Role) {
		rq.fail(http.StatusBadRequest, "invalid role "+body.Role+": use owner, admin or developer")
		return
	}
	if rq.s.st.Users[body.User] == nil {
		rq.fail(http.StatusNotFound, "user "+body.User+" not found")
		return
	}
	current := o.Members[body.User]
	if myRole != "owner" && (body.Role == "owner" || current == "owner") {
		rq.fail(http.StatusForbidden, "only an owner of org "+o.Name+" may change owners")
		return
	}
	if current == "owner" && body.Role != "owner" && o.owners() == 1 {
		rq.fail(http.StatusBadRequest, body.User+" is the last owner of org "+o.Name+"; make someone else an owner first")
		return
	}
	if !rq.requireWriteOTP(id, nil) {
		return
	}
	if o.Members == nil {
		o.Members = map[string]string{}
	}
	o.Members[body.User] = body.Role
	rq.json(http.StatusOK, map[string]any{
		"org":  map[string]any{"name": o.Name, "size": len(o.Members)},
		"user": body.User,
		"role": body.Role,
	})
}

// orgRemoveMember handles DELETE /-/org/<org>/user {user}; the user also
// leaves every team of the org.
func (rq *request) orgRemoveMember(o *org) {
	var body struct {
		User string `json:"user"`
	}
	if !rq.decode(&body) {
		return
	}
	id, myRole, ok := rq.orgManager(o)
	if !ok {
		return
	}
	current := o.Members[body.User]
	if current == "" {
		rq.fail(http.StatusNotFound, "user "+body.User+" is not a member of org "+o.Name)
		return
	}
	if current == "owner" && myRole != "owner" {
		rq.fail(http.StatusForbidden, "only an owner of org "+o.Name+" may change owners")
		return
	}
	if current == "owner" && o.owners() == 1 {
		rq.fail(http.StatusBadRequest, body.User+" is the last owner of org "+o.Name+"; make someone else an owner first")
		return
	}
	if !rq.requireWriteOTP(id, nil) {
		return
	}
	delete(o.Members, body.User)
	for _, t := range o.Teams {
		t.Members = slices.DeleteFunc(t.Members, func(m string) bool { return m == body.User })
	}
	rq.w.WriteHeader(http.StatusNoContent)
}

// createTeam handles PUT /-/org/<scope>/team {name, description}.
func (rq *request) createTeam(o *org) {
	var body struct {
		Name string `json:"name"`
	}
	if !rq.decode(&body) {
		return
	}
	id, _, ok := rq.orgManager(o)
	if !ok {
		return
	}
	if !validTeamName.MatchString(body.Name) || len(body.Name) > 50 {
		rq.fail(http.StatusBadRequest, "invalid team name "+body.Name+": use lowercase letters, digits, '.', '_' and '-'")
		return
	}
	if o.Teams[body.Name] != nil {
		rq.fail(http.StatusConflict, "Team already exists: "+o.Name+":"+body.Name)
		return
	}
	if !rq.requireWriteOTP(id, nil) {
		return
	}
	o.Teams[body.Name] = &team{Name: body.Name, Packages: map[string]string{}}
	rq.json(http.StatusCreated, map[string]string{"name": body.Name})
}

// destroyTeam handles DELETE /-/team/<scope>/<team>.
func (rq *request) destroyTeam(o *org, t *team) {
	id, _, ok := rq.orgManager(o)
	if !ok {
		return
	}
	if !rq.requireWriteOTP(id, nil) {
		return
	}
	delete(o.Teams, t.Name)
	rq.w.WriteHeader(http.StatusNoContent)
}

// changeTeamMember handles PUT and DELETE /-/team/<scope>/<team>/user {user}.
func (rq *request) changeTeamMember(o *org, t *team) {
	var body struct {
		User string `json:"user"`
	}
	if !rq.decode(&body) {
		return
	}
	id, _, ok := rq.orgManager(o)
	if !ok {
		return
	}
	if body.User == "" {
		rq.fail(http.StatusBadRequest, "no user given")
		return
	}
	adding := rq.method() == http.MethodPut
	switch {
	case adding && o.Members[body.User] == "":
		rq.fail(http.StatusBadRequest, "user "+body.User+" is not a member of org "+o.Name+"; add them to the org first")
		return
	case !adding && !t.hasMember(body.User):
		rq.fail(http.StatusNotFound, "user "+body.User+" is not a member of team "+o.Name+":"+t.Name)
		return
	}
	if !rq.requireWriteOTP(id, nil) {
		return
	}
	if !adding {
		t.Members = slices.DeleteFunc(t.Members, func(m string) bool { return m == body.User })
		rq.w.WriteHeader(http.StatusNoContent)
		return
	}
	if !t.hasMember(body.User) {
		t.Members = append(t.Members, body.User)
	}
	rq.json(http.StatusCreated, map[string]any{})
}

// SetOrgMember gives user role (owner, admin or developer) in org, which
// is created when missing; an empty role removes the user.
func (s *Server) SetOrgMember(orgName, user, role string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	orgName = strings.TrimPrefix(orgName, "@")
	o := s.st.Orgs[orgName]
	if o == nil {
		o = &org{Name: orgName, Teams: map[string]*team{}}
		s.st.Orgs[orgName] = o
	}
	if o.Members == nil {
		o.Members = map[string]string{}
	}
	if role == "" {
		delete(o.Members, user)
	} else {
		o.Members[user] = role
	}
	s.saveLocked()
}

// OrgMembers returns a copy of org's roster (user → role), nil when there
// is no such org.
func (s *Server) OrgMembers(orgName string) map[string]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	o := s.st.Orgs[strings.TrimPrefix(orgName, "@")]
	if o == nil {
		return nil
	}
	out := map[string]string{}
	for u, r := range o.Members {
		out[u] = r
	}
	return out
}

// Teams returns the sorted team names of org.
func (s *Server) Teams(orgName string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	if o := s.st.Orgs[strings.TrimPrefix(orgName, "@")]; o != nil {
		for name := range o.Teams {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

// TeamMembers returns the sorted members of scope:team, nil when there is
// no such team.
func (s *Server) TeamMembers(scope, teamName string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if o := s.st.Orgs[strings.TrimPrefix(scope, "@")]; o != nil {
		if t := o.Teams[teamName]; t != nil {
			out := append([]string{}, t.Members...)
			slices.Sort(out)
			return out
		}
	}
	return nil
}
