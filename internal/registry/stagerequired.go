package registry

import (
	"encoding/json"
	"errors"
	"net/http"
	"regexp"
)

// codeStageRequired is the code the public registry gives a direct
// publish it refuses because the token (a "stage only" granular token,
// or from January 2027 one that bypasses 2FA) may only stage versions.
const codeStageRequired = "E_STAGE_REQUIRED"

// stageWords matches a refusal that names staged publishing as the way,
// for registries that send the words without the code.
var stageWords = regexp.MustCompile(`(?i)\bstage publish\b|\bstaged publishing\b.*\b(required|only)\b|\bmay only stage\b`)

// StageAdvice is what to do when the registry takes a version only as a
// staged publish.
const StageAdvice = "the registry accepts this version only as a staged publish: run `gonpm stage publish` with the same arguments (`--workspaces` included), then a maintainer approves each staged version with `gonpm stage approve <stage-id>...` and two-factor authentication"

// StageRequired reports whether the registry refused a publish (PUT
// /<name>) because the version must be staged instead: a 403 with npm's
// E_STAGE_REQUIRED code, or whose message says to stage publish.
func StageRequired(he *HTTPError) bool {
	if he == nil || he.StatusCode != http.StatusForbidden || !isPublish(he) {
		return false
	}
	var body struct {
		Code string `json:"code"`
	}
	if json.Unmarshal(he.Body, &body) == nil && body.Code == codeStageRequired {
		return true
	}
	return stageWords.MatchString(he.Message)
}

// IsStageRequired reports whether err holds a StageRequired refusal.
func IsStageRequired(err error) bool {
	var he *HTTPError
	return errors.As(err, &he) && StageRequired(he)
}
