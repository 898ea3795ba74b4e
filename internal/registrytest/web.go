package registrytest

import (
	"html/template"
	"net/http"
	"time"
)

type webFlowKind int

const (
	webOTPFlow   webFlowKind = iota // an OTP challenge answered in the browser
	webLoginFlow                    // npm login/adduser with auth-type=web
)

// webFlow is a pending browser interaction; the client polls its doneUrl.
type webFlow struct {
	id       string
	kind     webFlowKind
	user     string // known from the start for OTP flows, set on approval for logins
	create   bool   // adduser: the login form may create the account
	approved bool
	result   string // token handed out by doneUrl once approved
}

// webGrant is a web-flow token accepted as npm-otp until it expires.
type webGrant struct {
	user    string
	expires time.Time
}

func (s *Server) newWebFlow(kind webFlowKind, user string, create bool) *webFlow {
	f := &webFlow{id: randomHex(16), kind: kind, user: user, create: create}
	s.web[f.id] = f
	return f
}

// ApproveWeb approves every pending web OTP challenge and every pending web
// login whose user is known (use ApproveWebAs for anonymous logins).
func (s *Server) ApproveWeb() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, f := range s.web {
		if !f.approved && f.user != "" {
			s.approve(f, f.user)
		}
	}
}

// ApproveWebAs approves every pending web login as user (creating the
// account for adduser flows when it does not exist) and every pending OTP
// challenge of user.
func (s *Server) ApproveWebAs(user string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, f := range s.web {
		if !f.approved && (f.kind == webLoginFlow || f.user == user) {
			s.approve(f, user)
		}
	}
}

// AutoApproveWeb makes web challenges of user, and web logins, get approved
// for user the first time their doneUrl is polled.
func (s *Server) AutoApproveWeb(user string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.autoApprove[user] = true
	s.lastAutoApprove = user
}

// approve completes f for user. The caller holds s.mu.
func (s *Server) approve(f *webFlow, user string) {
	f.user, f.approved = user, true
	switch f.kind {
	case webOTPFlow:
		f.result = randomHex(32)
		s.webOTP[f.result] = webGrant{user: user, expires: s.now().Add(s.opts.webOTPLifetime)}
	case webLoginFlow:
		if s.st.Users[user] == nil {
			s.createUser(user, randomHex(16), user+"@example.invalid")
		}
		f.result = s.issueToken(user, tokenSpec{}).Token
	}
}

// webLoginStart handles POST /-/v1/login.
func (rq *request) webLoginStart() {
	if rq.method() != http.MethodPost {
		rq.badMethod()
		return
	}
	var body struct {
		Create bool `json:"create"`
	}
	if len(rq.body) > 0 && !rq.decode(&body) {
		return
	}
	f := rq.s.newWebFlow(webLoginFlow, "", body.Create)
	rq.json(http.StatusOK, map[string]string{
		"loginUrl": rq.s.URL + "-/gonpm/web/login/" + f.id,
		"doneUrl":  rq.s.URL + "-/gonpm/web/done/" + f.id,
	})
}

// webRoute handles /-/gonpm/web/{login,auth,done}/<id>.
func (rq *request) webRoute(kind, id string) {
	s := rq.s
	f := s.web[id]
	if f == nil {
		rq.notFound()
		return
	}
	switch kind {
	case "done":
		rq.webDone(f)
	case "login", "auth":
		if (kind == "login") != (f.kind == webLoginFlow) {
			rq.notFound()
			return
		}
		rq.webPage(f)
	default:
		rq.notFound()
	}
}

// webDone answers a doneUrl poll: 202 until approved, then 200 {token}.
// Any method is accepted: npm polls an OTP doneUrl with the options of the
// challenged request, so a dist-tag PUT is polled with PUT and its body.
func (rq *request) webDone(f *webFlow) {
	s := rq.s
	if !f.approved {
		switch {
		case f.kind == webOTPFlow && s.autoApprove[f.user]:
			s.approve(f, f.user)
		case f.kind == webLoginFlow && s.lastAutoApprove != "":
			s.approve(f, s.lastAutoApprove)
		}
	}
	if !f.approved {
		if s.opts.retryAfter != "" {
			rq.w.Header().Set("Retry-After", s.opts.retryAfter)
		}
		rq.json(http.StatusAccepted, map[string]any{})
		return
	}
	rq.json(http.StatusOK, map[string]string{"token": f.result})
}

var webPageTmpl = template.Must(template.New("page").Parse(`<!doctype html>
<html><head><title>gonpm-testregistry</title></head><body>
<h1>{{.Title}}</h1>
{{if .Message}}<p>{{.Message}}</p>{{end}}
{{if .Form}}<form method="post">
{{if .AskName}}<label>Username <input name="name" value="{{.Name}}"></label><br>{{end}}
<label>Password <input name="password" type="password"></label><br>
{{if .AskEmail}}<label>Email <input name="email"></label><br>{{end}}
<label>One-time password (if 2FA is on) <input name="otp" autocomplete="one-time-code"></label><br>
<button type="submit">{{.Button}}</button>
</form>{{end}}
</body></html>
`))

type webPage struct {
	Title, Message, Name, Button string
	Form, AskName, AskEmail      bool
}

// webPage serves the browser side of a flow: a form on GET, approval on POST.
func (rq *request) webPage(f *webFlow) {
	page := webPage{Form: true, Button: "Approve", Name: f.user}
	if f.kind == webLoginFlow {
		page.Title, page.AskName, page.AskEmail, page.Button = "Log in", true, f.create, "Log in"
		if f.create {
			page.Title, page.Button = "Create your account", "Sign up"
		}
	} else {
		page.Title = "Approve this operation for " + f.user
	}
	status := http.StatusOK
	switch {
	case f.approved:
		page.Form, page.Message = false, "Done. You can return to your terminal."
	case rq.method() == http.MethodPost:
		if msg := rq.webSubmit(f); msg != "" {
			status, page.Message = http.StatusUnauthorized, msg
		} else {
			page.Form, page.Message = false, "Done. You can return to your terminal."
		}
	case rq.method() != http.MethodGet:
		rq.badMethod()
		return
	}
	rq.w.Header().Set("Content-Type", "text/html; charset=utf-8")
	rq.w.WriteHeader(status)
	webPageTmpl.Execute(rq.w, page)
}

// webSubmit checks a posted form and approves f; it returns a problem to show.
func (rq *request) webSubmit(f *webFlow) string {
	if err := rq.r.ParseForm(); err != nil {
		return "invalid form"
	}
	s := rq.s
	name := f.user
	if f.kind == webLoginFlow {
		name = rq.r.PostForm.Get("name")
	}
	password := rq.r.PostForm.Get("password")
	u := s.st.Users[name]
	if u == nil && f.kind == webLoginFlow && f.create {
		if name == "" || password == "" {
			return "name and password are required"
		}
		s.createUser(name, password, rq.r.PostForm.Get("email"))
		s.approve(f, name)
		return ""
	}
	if u == nil || !u.checkPassword(password) {
		return "incorrect username or password"
	}
	if u.tfaEnabled() && !s.checkOTP(u, rq.r.PostForm.Get("otp")) {
		return "a valid one-time password is required"
	}
	s.approve(f, name)
	return ""
}
