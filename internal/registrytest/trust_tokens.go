package registrytest

import (
	"net/http"
	"strings"
)

// trustedPublishingMayWrite enforces that a token from a trusted-publishing
// exchange may publish (PUT /<name>) and stage publish (POST
// /-/stage/package/<name>) and nothing else. It answers 403 and returns
// false for any other write.
func (rq *request) trustedPublishingMayWrite() bool {
	segs := segments(rq.r)
	switch rq.method() {
	case http.MethodPut:
		if _, rest, ok := splitName(segs); ok && len(segs) > 0 && segs[0] != "-" && len(rest) == 0 {
			return true
		}
	case http.MethodPost:
		if len(segs) >= 4 && segs[0] == "-" && segs[1] == "stage" && segs[2] == "package" {
			return true
		}
	}
	rq.fail(http.StatusForbidden, "a token from trusted publishing may only publish and stage publish; "+strings.ToLower(rq.method())+" needs a token of your own")
	return false
}
