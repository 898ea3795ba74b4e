package registrytest

import (
	"encoding/json"
	"net/http"
	"time"
)

// Two-factor modes as the registry names them.
const (
	ModeAuthOnly      = "auth-only"
	ModeAuthAndWrites = "auth-and-writes"
	modeDisable       = "disable"
)

// EnableTFA puts user straight into 2FA mode ("auth-only" or
// "auth-and-writes"; "pending" leaves an unconfirmed auth-and-writes
// enrolment) and returns the TOTP secret and the recovery codes. It returns
// nothing for an unknown user or mode.
func (s *Server) EnableTFA(user, mode string) (secret string, recoveryCodes []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.st.Users[user]
	switch {
	case u == nil:
		return "", nil
	case mode != ModeAuthOnly && mode != ModeAuthAndWrites && mode != "pending":
		return "", nil
	}
	u.TFA = tfaState{Mode: mode, Secret: newTOTPSecret()}
	if mode == "pending" {
		u.TFA.Mode, u.TFA.Pending = ModeAuthAndWrites, true
	} else {
		u.TFA.Recovery = newRecoveryCodes()
	}
	for _, rc := range u.TFA.Recovery {
		recoveryCodes = append(recoveryCodes, rc.Code)
	}
	s.saveLocked()
	return u.TFA.Secret, recoveryCodes
}

// TFAMode is user's 2FA state: "", "pending", "auth-only" or "auth-and-writes".
func (s *Server) TFAMode(user string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if u := s.st.Users[user]; u != nil {
		return u.tfaMode()
	}
	return ""
}

func profileJSON(u *user) map[string]any {
	var tfa any = false
	if u.TFA.Mode != "" {
		tfa = map[string]any{"mode": u.TFA.Mode, "pending": u.TFA.Pending}
	}
	return map[string]any{
		"name":           u.Name,
		"email":          u.Email,
		"email_verified": u.EmailVerified,
		"tfa":            tfa,
		"created":        u.Created.Format(time.RFC3339Nano),
		"updated":        u.Updated.Format(time.RFC3339Nano),
		"fullname":       u.Fullname,
		"homepage":       u.Homepage,
		"freenode":       u.Freenode,
		"twitter":        u.Twitter,
		"github":         u.Github,
		"cidr_whitelist": nil,
	}
}

// profile handles GET and POST /-/npm/v1/user.
func (rq *request) profile() {
	switch rq.method() {
	case http.MethodGet:
		id, ok := rq.requireUser()
		if ok {
			rq.json(http.StatusOK, profileJSON(id.user))
		}
	case http.MethodPost:
		rq.updateProfile()
	default:
		rq.badMethod()
	}
}

func (rq *request) updateProfile() {
	id, ok := rq.requireWriter()
	if !ok {
		return
	}
	var body map[string]json.RawMessage
	if !rq.decode(&body) {
		return
	}
	if raw, ok := body["tfa"]; ok {
		rq.changeTFA(id.user, raw)
		return
	}
	u := id.user
	var newPassword string
	if raw, ok := body["password"]; ok && string(raw) != "null" {
		var pw struct{ Old, New string }
		if err := json.Unmarshal(raw, &pw); err != nil {
			rq.badBody(err)
			return
		}
		if pw.New == "" {
			rq.fail(http.StatusBadRequest, "the new password must not be empty")
			return
		}
		if !u.checkPassword(pw.Old) {
			rq.fail(http.StatusUnauthorized, "incorrect password")
			return
		}
		newPassword = pw.New
	}
	fields := map[string]*string{
		"email": &u.Email, "fullname": &u.Fullname, "homepage": &u.Homepage,
		"freenode": &u.Freenode, "twitter": &u.Twitter, "github": &u.Github,
	}
	updates := map[string]string{}
	for k, raw := range body {
		if _, known := fields[k]; !known {
			continue
		}
		var v *string
		if err := json.Unmarshal(raw, &v); err != nil {
			rq.badBody(err)
			return
		}
		if v != nil {
			updates[k] = *v
		} else {
			updates[k] = ""
		}
	}
	if !rq.requireWriteOTP(id, nil) {
		return
	}
	if newPassword != "" {
		u.setPassword(newPassword)
	}
	for k, v := range updates {
		if k == "email" && v != u.Email {
			u.EmailVerified = false
		}
		*fields[k] = v
	}
	u.Updated = rq.s.now().UTC()
	rq.json(http.StatusOK, profileJSON(u))
}

// changeTFA runs the enrolment state machine npm's enable-2fa/disable-2fa expect:
//
//	off     --{password, mode}-->        pending (reply: otpauth URL)
//	pending --[code]-->                  on      (reply: recovery codes)
//	pending --{password, "disable"}-->   off     (no OTP needed)
//	on      --{password, mode} + OTP-->  on with the new mode
//	on      --{password, "disable"} + OTP--> off
func (rq *request) changeTFA(u *user, raw json.RawMessage) {
	var codes []string
	if err := json.Unmarshal(raw, &codes); err == nil {
		rq.confirmTFA(u, codes)
		return
	}
	var req struct {
		Password string `json:"password"`
		Mode     string `json:"mode"`
	}
	if err := json.Unmarshal(raw, &req); err != nil {
		rq.badBody(err)
		return
	}
	switch req.Mode {
	case ModeAuthOnly, ModeAuthAndWrites, modeDisable:
	default:
		rq.fail(http.StatusBadRequest, "invalid two-factor authentication mode "+req.Mode+"; use auth-only, auth-and-writes or disable")
		return
	}
	if !u.checkPassword(req.Password) {
		rq.fail(http.StatusUnauthorized, "incorrect password")
		return
	}
	s := rq.s
	if req.Mode == modeDisable {
		if u.tfaEnabled() && !rq.requireOTP(u) {
			return
		}
		u.TFA = tfaState{}
		u.Updated = s.now().UTC()
		rq.json(http.StatusOK, map[string]any{"tfa": false})
		return
	}
	if u.tfaEnabled() {
		if !rq.requireOTP(u) {
			return
		}
		u.TFA.Mode = req.Mode
		u.Updated = s.now().UTC()
		if s.opts.modeChangeReplyNull {
			rq.json(http.StatusOK, map[string]any{"tfa": nil})
			return
		}
		rq.json(http.StatusOK, map[string]any{"tfa": map[string]any{"mode": req.Mode, "pending": false}})
		return
	}
	if s.opts.enrolmentRefused != "" {
		rq.fail(http.StatusForbidden, s.opts.enrolmentRefused)
		return
	}
	u.TFA = tfaState{Mode: req.Mode, Pending: true, Secret: newTOTPSecret()}
	u.Updated = s.now().UTC()
	rq.json(http.StatusOK, map[string]any{"tfa": otpauthURL(u.Name, u.TFA.Secret)})
}

// confirmTFA finishes a pending enrolment with a code from the authenticator.
// A wrong code leaves the enrolment pending so the user can try again.
func (rq *request) confirmTFA(u *user, codes []string) {
	if !u.TFA.Pending {
		rq.fail(http.StatusConflict, "two-factor authentication is not being set up; start with {tfa: {password, mode}}")
		return
	}
	valid := false
	for _, c := range codes {
		if validTOTP(u.TFA.Secret, c, rq.s.now()) {
			valid = true
		}
	}
	if !valid {
		rq.fail(http.StatusForbidden, "the code from your authenticator is invalid or expired; two-factor authentication is still pending")
		return
	}
	u.TFA.Pending = false
	u.TFA.Recovery = newRecoveryCodes()
	u.Updated = rq.s.now().UTC()
	out := make([]string, len(u.TFA.Recovery))
	for i, rc := range u.TFA.Recovery {
		out[i] = rc.Code
	}
	rq.json(http.StatusOK, map[string]any{"tfa": out})
}
