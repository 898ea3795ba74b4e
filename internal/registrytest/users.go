package registrytest

import (
	"net/http"
	"time"
)

// AddUser creates a user (or resets an existing one's password and email)
// and returns a new publish token for it.
func (s *Server) AddUser(name, password, email string) (token string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if u := s.st.Users[name]; u != nil {
		u.setPassword(password)
		u.Email = email
	} else {
		s.createUser(name, password, email)
	}
	t := s.issueToken(name, tokenSpec{})
	s.saveLocked()
	return t.Token
}

// createUser adds a user. The caller holds s.mu.
func (s *Server) createUser(name, password, email string) *user {
	now := s.now().UTC()
	u := &user{Name: name, Email: email, Created: now, Updated: now}
	u.setPassword(password)
	s.st.Users[name] = u
	return u
}

// saveLocked persists the state after a change made through the Go API.
func (s *Server) saveLocked() {
	if s.dataDir == "" {
		return
	}
	if err := s.st.save(s.dataDir); err != nil && s.opts.logf != nil {
		s.opts.logf("%v", err)
	}
}

// whoami handles GET /-/whoami.
func (rq *request) whoami() {
	if rq.method() != http.MethodGet {
		rq.badMethod()
		return
	}
	id, ok := rq.requireUser()
	if !ok {
		return
	}
	rq.json(http.StatusOK, map[string]string{"username": id.user.Name})
}

// logout handles DELETE /-/user/token/<token>: the token stops working.
func (rq *request) logout(tok string) {
	if rq.method() != http.MethodDelete {
		rq.badMethod()
		return
	}
	id, ok := rq.requireUser()
	if !ok {
		return
	}
	t := rq.s.st.Tokens[tok]
	if t == nil || t.User != id.user.Name {
		rq.notFound()
		return
	}
	delete(rq.s.st.Tokens, tok)
	rq.json(http.StatusOK, map[string]bool{"ok": true})
}

type couchUserDoc struct {
	ID       string `json:"_id"`
	Name     string `json:"name"`
	Password string `json:"password"`
	Email    string `json:"email"`
}

// couchUser handles /-/user/org.couchdb.user:<name>[/-rev/<rev>]: user
// lookup, adduser and legacy login.
func (rq *request) couchUser(name, rev string) {
	s := rq.s
	switch rq.method() {
	case http.MethodGet:
		if rev != "" {
			rq.notFound()
			return
		}
		rq.getCouchUser(name)
		return
	case http.MethodPut:
	default:
		rq.badMethod()
		return
	}
	var doc couchUserDoc
	if !rq.decode(&doc) {
		return
	}
	if doc.Name != "" && doc.Name != name {
		rq.fail(http.StatusBadRequest, "the user name in the body does not match the URL")
		return
	}
	u := s.st.Users[name]
	if rev != "" {
		rq.couchRevLogin(u, name, rev)
		return
	}
	if u == nil {
		if doc.Email == "" {
			rq.fail(http.StatusBadRequest, "there is no user with the username "+name)
			return
		}
		if doc.Password == "" {
			rq.fail(http.StatusBadRequest, "a password is required")
			return
		}
		u = s.createUser(name, doc.Password, doc.Email)
		rq.loggedIn(u, http.StatusCreated)
		return
	}
	if s.opts.couchConflict {
		rq.fail(http.StatusConflict, "Document update conflict.")
		return
	}
	if !u.checkPassword(doc.Password) {
		rq.w.Header().Set("WWW-Authenticate", `Basic realm="gonpm-testregistry"`)
		rq.fail(http.StatusUnauthorized, "incorrect username or password")
		return
	}
	if u.tfaEnabled() && !rq.requireOTP(u) {
		return
	}
	rq.loggedIn(u, http.StatusCreated)
}

// couchRevLogin is the second half of the 409 flow: a PUT to /-rev/<rev>
// authenticated with Basic username:password.
func (rq *request) couchRevLogin(u *user, name, rev string) {
	id, ok := rq.requireUser()
	if !ok {
		return
	}
	if id.user.Name != name || id.token != nil {
		rq.w.Header().Set("WWW-Authenticate", `Basic realm="gonpm-testregistry"`)
		rq.fail(http.StatusUnauthorized, "this update needs the user's own username and password")
		return
	}
	if rev != u.couchRev() {
		rq.fail(http.StatusConflict, "Document update conflict.")
		return
	}
	if u.tfaEnabled() && !rq.requireOTP(u) {
		return
	}
	u.Rev++
	rq.loggedIn(u, http.StatusCreated)
}

func (rq *request) loggedIn(u *user, status int) {
	t := rq.s.issueToken(u.Name, tokenSpec{})
	rq.json(status, map[string]any{
		"ok":    true,
		"id":    "org.couchdb.user:" + u.Name,
		"rev":   u.couchRev(),
		"token": t.Token,
	})
}

// getCouchUser answers {name, email}; with ?write=true and the user's own
// credentials it answers the whole document with _rev (for the 409 flow).
func (rq *request) getCouchUser(name string) {
	u := rq.s.st.Users[name]
	if u == nil {
		rq.notFound()
		return
	}
	if rq.r.URL.Query().Get("write") != "true" {
		rq.json(http.StatusOK, map[string]string{
			"_id":   "org.couchdb.user:" + u.Name,
			"name":  u.Name,
			"email": u.Email,
		})
		return
	}
	id, ok := rq.requireUser()
	if !ok {
		return
	}
	if id.user != u {
		rq.fail(http.StatusForbidden, "you may only read your own user document")
		return
	}
	rq.json(http.StatusOK, map[string]any{
		"_id":   "org.couchdb.user:" + u.Name,
		"_rev":  u.couchRev(),
		"name":  u.Name,
		"email": u.Email,
		"type":  "user",
		"roles": []string{},
		"date":  u.Updated.Format(time.RFC3339),
	})
}
