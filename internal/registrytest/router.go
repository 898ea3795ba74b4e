package registrytest

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
)

// request is one request being handled under the state lock.
type request struct {
	s    *Server
	w    http.ResponseWriter
	r    *http.Request
	body []byte
}

func (rq *request) method() string { return rq.r.Method }

func (rq *request) json(status int, v any) {
	rq.w.Header().Set("Content-Type", "application/json")
	rq.w.WriteHeader(status)
	json.NewEncoder(rq.w).Encode(v)
}

func (rq *request) fail(status int, msg string) {
	rq.json(status, map[string]string{"error": msg})
}

func (rq *request) notFound()  { rq.fail(http.StatusNotFound, "not found") }
func (rq *request) badMethod() { rq.fail(http.StatusMethodNotAllowed, "method not allowed") }
func (rq *request) badBody(e error) {
	rq.fail(http.StatusBadRequest, "invalid request body: "+e.Error())
}

// decode parses the JSON body into v, answering 400 on failure.
func (rq *request) decode(v any) bool {
	if err := json.Unmarshal(rq.body, v); err != nil {
		rq.badBody(err)
		return false
	}
	return true
}

// segments splits the unescaped path, so "@scope%2fname" and "@scope/name"
// give the same segments.
func segments(r *http.Request) []string {
	p, err := url.PathUnescape(r.URL.EscapedPath())
	if err != nil {
		p = r.URL.Path
	}
	p = strings.Trim(p, "/")
	if p == "" {
		return nil
	}
	return strings.Split(p, "/")
}

// splitName takes a package name (one segment, or two when scoped) off the
// front of segs.
func splitName(segs []string) (name string, rest []string, ok bool) {
	if len(segs) == 0 || segs[0] == "" {
		return "", nil, false
	}
	if strings.HasPrefix(segs[0], "@") {
		if len(segs) < 2 || segs[1] == "" {
			return "", nil, false
		}
		return segs[0] + "/" + segs[1], segs[2:], true
	}
	return segs[0], segs[1:], true
}

func (s *Server) dispatch(rq *request) {
	segs := segments(rq.r)
	if len(segs) == 0 {
		rq.json(http.StatusOK, map[string]string{"db_name": "registry"})
		return
	}
	if segs[0] != "-" {
		rq.packageRoute(segs)
		return
	}
	rest := segs[1:]
	if len(rest) == 0 {
		rq.notFound()
		return
	}
	switch rest[0] {
	case "ping":
		rq.json(http.StatusOK, map[string]any{})
	case "whoami":
		rq.whoami()
	case "user":
		rq.userRoute(rest[1:])
	case "v1":
		if len(rest) == 2 && rest[1] == "login" {
			rq.webLoginStart()
			return
		}
		if len(rest) == 2 && rest[1] == "search" {
			rq.search()
			return
		}
		rq.notFound()
	case "gonpm":
		if len(rest) == 4 && rest[1] == "web" {
			rq.webRoute(rest[2], rest[3])
			return
		}
		rq.notFound()
	case "npm":
		rq.npmV1Route(rest[1:])
	case "package":
		name, more, ok := splitName(rest[1:])
		if !ok || len(more) == 0 {
			rq.notFound()
			return
		}
		rq.packageAPIRoute(name, more)
	case "stage":
		rq.stageRoute(rest[1:])
	case "org":
		if len(rest) == 3 && rest[2] == "package" {
			rq.orgPackages(rest[1])
			return
		}
		if len(rest) == 3 {
			rq.orgRoute(rest[1], rest[2])
			return
		}
		rq.notFound()
	case "team":
		if len(rest) == 4 && rest[3] == "package" {
			rq.teamPackages(rest[1], rest[2])
			return
		}
		if len(rest) == 3 || (len(rest) == 4 && rest[3] == "user") {
			rq.teamRoute(rest[1], rest[2], len(rest) == 4)
			return
		}
		rq.notFound()
	case "_view":
		if len(rest) == 2 && rest[1] == "starredByUser" {
			rq.starredByUser()
			return
		}
		rq.notFound()
	default:
		rq.notFound()
	}
}

// userRoute handles /-/user/...
func (rq *request) userRoute(rest []string) {
	switch {
	case len(rest) == 2 && rest[0] == "token":
		rq.logout(rest[1])
	case len(rest) >= 1 && strings.HasPrefix(rest[0], "org.couchdb.user:"):
		name := strings.TrimPrefix(rest[0], "org.couchdb.user:")
		switch {
		case len(rest) == 1:
			rq.couchUser(name, "")
		case len(rest) == 3 && rest[1] == "-rev":
			rq.couchUser(name, rest[2])
		default:
			rq.notFound()
		}
	case len(rest) == 2 && rest[1] == "package":
		rq.userPackages(rest[0])
	default:
		rq.notFound()
	}
}

// npmV1Route handles /-/npm/v1/...
func (rq *request) npmV1Route(rest []string) {
	if len(rest) < 2 || rest[0] != "v1" {
		rq.notFound()
		return
	}
	switch {
	case len(rest) == 2 && rest[1] == "user":
		rq.profile()
	case len(rest) == 2 && rest[1] == "tokens":
		rq.tokens()
	case len(rest) == 4 && rest[1] == "tokens" && rest[2] == "token":
		rq.deleteToken(rest[3])
	case len(rest) >= 3 && rest[1] == "attestations":
		rq.attestations(strings.Join(rest[2:], "/"))
	case len(rest) >= 6 && rest[1] == "oidc" && rest[2] == "token" && rest[3] == "exchange" && rest[4] == "package":
		name, more, ok := splitName(rest[5:])
		if !ok || len(more) != 0 {
			rq.notFound()
			return
		}
		rq.oidcExchange(name)
	default:
		rq.notFound()
	}
}

// packageAPIRoute handles /-/package/<name>/...
func (rq *request) packageAPIRoute(name string, rest []string) {
	switch {
	case rest[0] == "dist-tags" && len(rest) == 1:
		rq.distTags(name, "")
	case rest[0] == "dist-tags" && len(rest) == 2:
		rq.distTags(name, rest[1])
	case rest[0] == "visibility" && len(rest) == 1:
		rq.visibility(name)
	case rest[0] == "access" && len(rest) == 1:
		rq.setAccess(name)
	case rest[0] == "collaborators" && len(rest) == 1:
		rq.collaborators(name)
	case rest[0] == "trust":
		rq.trustRoute(name, rest[1:])
	default:
		rq.notFound()
	}
}

// packageRoute handles /<name>, /<name>/-rev/<rev>, /<name>/-/<file>[/-rev/<rev>].
func (rq *request) packageRoute(segs []string) {
	name, rest, ok := splitName(segs)
	if !ok {
		rq.notFound()
		return
	}
	switch {
	case len(rest) == 0:
		switch rq.method() {
		case http.MethodGet, http.MethodHead:
			rq.getPackument(name)
		case http.MethodPut:
			if isStarUpdate(rq.body) {
				rq.star(name)
				return
			}
			rq.publish(name)
		default:
			rq.badMethod()
		}
	case len(rest) == 2 && rest[0] == "-rev":
		switch rq.method() {
		case http.MethodPut:
			rq.updatePackage(name, rest[1])
		case http.MethodDelete:
			rq.deletePackage(name, rest[1])
		default:
			rq.badMethod()
		}
	case len(rest) >= 2 && rest[0] == "-":
		file := rest[1:]
		rev := ""
		if n := len(file); n >= 3 && file[n-2] == "-rev" {
			rev, file = file[n-1], file[:n-2]
		}
		fileName := strings.Join(file, "/")
		switch rq.method() {
		case http.MethodGet, http.MethodHead:
			if rev != "" {
				rq.notFound()
				return
			}
			rq.getTarball(name, fileName)
		case http.MethodDelete:
			rq.deleteTarball(name, fileName, rev)
		default:
			rq.badMethod()
		}
	default:
		rq.notFound()
	}
}
