package registrytest

import (
	"crypto/sha512"
	"crypto/subtle"
	"encoding/hex"
	"net"
	"net/http"
	"strings"
)

// identity is who a request authenticated as.
type identity struct {
	user  *user
	token *token // nil for Basic auth
}

// identify reads the Authorization header. It returns (nil, true) for an
// anonymous request and (nil, false) after answering 401 for bad credentials.
func (rq *request) identify() (*identity, bool) {
	h := rq.r.Header.Get("Authorization")
	if h == "" {
		return nil, true
	}
	s := rq.s
	if name, password, ok := rq.r.BasicAuth(); ok {
		u := s.st.Users[name]
		if u == nil || !u.checkPassword(password) {
			rq.w.Header().Set("WWW-Authenticate", `Basic realm="gonpm-testregistry"`)
			rq.fail(http.StatusUnauthorized, "incorrect username or password")
			return nil, false
		}
		return &identity{user: u}, true
	}
	scheme, value, _ := strings.Cut(h, " ")
	if !strings.EqualFold(scheme, "Bearer") {
		rq.fail(http.StatusUnauthorized, "unsupported authorization scheme")
		return nil, false
	}
	t := s.st.Tokens[strings.TrimSpace(value)]
	if t == nil || (t.Expires != nil && !s.now().Before(*t.Expires)) || s.st.Users[t.User] == nil {
		rq.w.Header().Set("WWW-Authenticate", `Bearer realm="gonpm-testregistry"`)
		rq.fail(http.StatusUnauthorized, "invalid or expired token")
		return nil, false
	}
	if len(t.CIDR) > 0 && !remoteAllowed(rq.r.RemoteAddr, t.CIDR) {
		rq.w.Header().Set("WWW-Authenticate", "ipaddress")
		rq.fail(http.StatusUnauthorized, "this token may not be used from your IP address")
		return nil, false
	}
	return &identity{user: s.st.Users[t.User], token: t}, true
}

// requireUser is identify plus a 401 for anonymous requests.
func (rq *request) requireUser() (*identity, bool) {
	id, ok := rq.identify()
	if !ok {
		return nil, false
	}
	if id == nil {
		rq.fail(http.StatusUnauthorized, "you must be logged in to do this")
		return nil, false
	}
	return id, true
}

// requireWriter is requireUser plus a 403 for read-only tokens.
func (rq *request) requireWriter() (*identity, bool) {
	id, ok := rq.requireUser()
	if !ok {
		return nil, false
	}
	if id.token != nil && (id.token.Readonly || id.token.PackagesPermission == "read-only") {
		rq.fail(http.StatusForbidden, "this token is read-only")
		return nil, false
	}
	return id, true
}

// requireWriteOTP enforces two-factor rules for a write by id, optionally on
// package p. It answers and returns false when the write may not proceed.
func (rq *request) requireWriteOTP(id *identity, p *pkg) bool {
	u := id.user
	if id.token != nil && id.token.TrustedPublishing {
		return rq.trustedPublishingMayWrite()
	}
	bypass := id.token != nil && id.token.Bypass2FA
	need := u.tfaEnabled() && u.TFA.Mode == "auth-and-writes" && !bypass
	if p != nil && p.PublishRequiresTFA && !(bypass && p.AutomationOverridesTFA) {
		if !u.tfaEnabled() {
			rq.fail(http.StatusForbidden, "two-factor authentication is required to change "+p.Name+"; enable 2FA on your account first")
			return false
		}
		need = true
	}
	if !need {
		return true
	}
	return rq.requireOTP(u)
}

// requireOTP checks the npm-otp header against u's second factors and sends
// the configured challenge when it is missing or wrong.
func (rq *request) requireOTP(u *user) bool {
	if rq.s.checkOTP(u, rq.r.Header.Get("npm-otp")) {
		return true
	}
	rq.challenge(u)
	return false
}

// checkOTP accepts a current TOTP code (±1 step), an unused recovery code
// (which is then spent) or a live web-flow OTP token for u.
func (s *Server) checkOTP(u *user, code string) bool {
	code = strings.Join(strings.Fields(code), "")
	if code == "" {
		return false
	}
	if u.TFA.Secret != "" && !u.TFA.Pending && validTOTP(u.TFA.Secret, code, s.now()) {
		return true
	}
	for i := range u.TFA.Recovery {
		rc := &u.TFA.Recovery[i]
		if !rc.Used && subtle.ConstantTimeCompare([]byte(rc.Code), []byte(strings.ToLower(code))) == 1 {
			rc.Used = true
			return true
		}
	}
	if g, ok := s.webOTP[code]; ok && g.user == u.Name && s.now().Before(g.expires) {
		return true
	}
	return false
}

// challenge answers 401 asking for a one-time password in the configured style.
func (rq *request) challenge(u *user) {
	switch rq.s.opts.challenge {
	case ChallengeBody:
		rq.fail(http.StatusUnauthorized, "You must provide a one-time pass. Upgrade your client to npm@latest in order to use 2FA.")
	case ChallengeWeb:
		f := rq.s.newWebFlow(webOTPFlow, u.Name, false)
		rq.w.Header().Set("WWW-Authenticate", "OTP")
		rq.json(http.StatusUnauthorized, map[string]string{
			"error":   "this operation requires a one-time password; authenticate in your browser",
			"authUrl": rq.s.URL + "-/gonpm/web/auth/" + f.id,
			"doneUrl": rq.s.URL + "-/gonpm/web/done/" + f.id,
		})
	default:
		rq.w.Header().Set("WWW-Authenticate", "OTP")
		rq.fail(http.StatusUnauthorized, "OTP required for authentication: this operation needs a code from your authenticator")
	}
}

func remoteAllowed(remoteAddr string, cidrs []string) bool {
	host, _, err := net.SplitHostPort(remoteAddr)
	if err != nil {
		host = remoteAddr
	}
	ip := net.ParseIP(host)
	if ip == nil {
		return false
	}
	for _, c := range cidrs {
		_, n, err := net.ParseCIDR(c)
		if err == nil && n.Contains(ip) {
			return true
		}
	}
	return false
}

// tokenKey is the id the registry lists a token under: the hex SHA-512 of it.
func tokenKey(tok string) string {
	sum := sha512.Sum512([]byte(tok))
	return hex.EncodeToString(sum[:])
}
