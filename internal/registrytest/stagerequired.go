package registrytest

import "net/http"

// Staged publishing required (npm's E_STAGE_REQUIRED). The public registry
// refuses a direct publish (PUT /<name> with a tarball) with a 403 whose
// code is E_STAGE_REQUIRED and whose message says to stage the version
// instead, when the token may only stage: a granular token created with
// packages_and_scopes_permission "read-write-stage-only" ("Read and write
// (stage only)"). npm has announced that tokens which bypass two-factor
// authentication lose direct publishing (targeted for January 2027), with
// staged publishing as the way forward; WithStagedPublishingForBypassTokens
// turns that policy on. Such tokens still stage, move dist-tags and
// deprecate; the refusal is only for publishing a new version directly.

// StageOnlyPermission is the packages_and_scopes_permission of a token
// that may stage versions but not publish them directly.
const StageOnlyPermission = "read-write-stage-only"

// CodeStageRequired is the code of the registry's refusal.
const CodeStageRequired = "E_STAGE_REQUIRED"

// WithStagedPublishingForBypassTokens makes tokens that bypass two-factor
// authentication stage-only, as npm plans for January 2027: a direct
// publish with one is refused with E_STAGE_REQUIRED.
func WithStagedPublishingForBypassTokens() Option {
	return func(o *options) { o.bypassTokensStageOnly = true }
}

// TokenOptions are what AddToken may set on a new token.
type TokenOptions struct {
	// Bypass2FA lets the token write without a one-time password.
	Bypass2FA bool
	// PackagesPermission is "read-only", "read-write", "no-access" or
	// StageOnlyPermission; empty makes a classic token.
	PackagesPermission string
}

// AddToken issues another token for an existing user and returns it.
func (s *Server) AddToken(user string, o TokenOptions) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.issueToken(user, tokenSpec{Bypass2FA: o.Bypass2FA, PackagesPermission: o.PackagesPermission})
	s.saveLocked()
	return t.Token
}

// requireDirectPublish refuses a direct publish with a token that may only
// stage. It answers and returns false when the publish may not proceed.
func (rq *request) requireDirectPublish(id *identity) bool {
	t := id.token
	var why string
	switch {
	case t == nil || t.TrustedPublishing:
		return true
	case t.PackagesPermission == StageOnlyPermission:
		why = "This token may only stage packages"
	case t.Bypass2FA && rq.s.opts.bypassTokensStageOnly:
		why = "Granular access tokens that bypass two-factor authentication can no longer publish directly"
	default:
		return true
	}
	rq.json(http.StatusForbidden, map[string]string{
		"code":  CodeStageRequired,
		"error": why + ": stage the version with `npm stage publish`, then a maintainer approves it with two-factor authentication (`npm stage approve <stage-id>`).",
	})
	return false
}
