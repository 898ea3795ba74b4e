package registrytest

import (
	"fmt"
	"net/http"
	"strings"
)

// incomingPublish is a publish document as PUT /<name> and POST
// /-/stage/package/<name> both receive it, checked the way both check it.
type incomingPublish struct {
	id    *identity
	doc   publishDoc
	extra map[string]any // the whole body, for the fields kept as metadata
	pkg   *pkg           // the package as it stands; nil when new
}

// readPublish reads the publish document for name and checks the writer,
// the name (valid, and the body's own) and, for a package that exists,
// may(pkg, user). When it returns false it has answered the request.
func (rq *request) readPublish(name string, may func(p *pkg, user string) bool) (incomingPublish, bool) {
	var in incomingPublish
	id, ok := rq.requireWriter()
	if !ok {
		return in, false
	}
	in.id = id
	if !rq.decode(&in.doc) || !rq.decode(&in.extra) {
		return in, false
	}
	if !validName.MatchString(name) || len(name) > 214 {
		rq.fail(http.StatusBadRequest, "invalid package name: "+name)
		return in, false
	}
	if (in.doc.Name != "" && in.doc.Name != name) || (in.doc.ID != "" && in.doc.ID != name) {
		rq.fail(http.StatusBadRequest, "the package name in the body does not match the URL")
		return in, false
	}
	in.pkg = rq.s.st.Packages[name]
	if in.pkg != nil && !may(in.pkg, id.user.Name) {
		rq.fail(http.StatusForbidden, fmt.Sprintf("You do not have permission to publish %q. Are you logged in as the correct user?", name))
		return in, false
	}
	if !rq.permittedByToken(id, name) {
		return in, false
	}
	return in, true
}

// publishAccess is the access level a publish document asks for ("" for
// none). When it returns false it has answered the request.
func (rq *request) publishAccess(name string, doc publishDoc) (string, bool) {
	if doc.Access == nil {
		return "", true
	}
	switch access := *doc.Access; access {
	case "public":
		return access, true
	case "restricted":
		if !strings.HasPrefix(name, "@") {
			rq.fail(http.StatusBadRequest, "Can't restrict access to unscoped packages.")
			return "", false
		}
		return access, true
	default:
		rq.fail(http.StatusBadRequest, "invalid access level "+access+"; use public or restricted")
		return "", false
	}
}
