package trustpub

import (
	"net/url"
	"strings"
)

// Repository is a repository on a known git host, as npm's
// hosted-git-info reads it from package.json.
type Repository struct {
	// Type is github, gitlab, bitbucket or gist.
	Type string
	// Path is user/project; GitLab subgroups keep their full path.
	Path string
}

// hosts are the git hosts hosted-git-info knows, by domain, with the URL
// schemes it accepts for each.
var hosts = map[string]struct {
	typ       string
	protocols []string
}{
	"github.com":      {"github", []string{"git:", "http:", "git+ssh:", "git+https:", "ssh:", "https:"}},
	"gitlab.com":      {"gitlab", []string{"git+ssh:", "git+https:", "ssh:", "https:"}},
	"bitbucket.org":   {"bitbucket", []string{"git+ssh:", "git+https:", "ssh:", "https:"}},
	"gist.github.com": {"gist", []string{"git:", "git+ssh:", "git+https:", "ssh:", "https:"}},
}

var shortcuts = map[string]string{"github:": "github", "gitlab:": "gitlab", "bitbucket:": "bitbucket", "gist:": "gist"}

// knownSchemes are the URL schemes hosted-git-info recognises before it
// tries to repair scp-style addresses.
var knownSchemes = map[string]bool{"git+ssh:": true, "ssh:": true, "git+https:": true, "git:": true, "http:": true, "https:": true, "git+http:": true}

// ParseRepository reads a package.json repository (or a git remote URL)
// the way npm's hosted-git-info does for the hosts it knows: shorthands
// ("owner/repo", "gitlab:group/project"), https and ssh URLs and scp-style
// addresses. ok is false for anything else. It is written by hand because
// it must give npm's answers, which no Go library reproduces.
func ParseRepository(s string) (repo Repository, ok bool) {
	if s == "" {
		return Repository{}, false
	}
	if isGitHubShorthand(s) {
		s = "github:" + s
	}
	if i := strings.IndexByte(s, ':'); i > 0 {
		if typ, ok := shortcuts[strings.ToLower(s[:i+1])]; ok {
			return parseShortcut(typ, s[i+1:])
		}
	}
	u, ok := parseGitURL(s)
	if !ok {
		return Repository{}, false
	}
	host := strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	h, known := hosts[host]
	if !known || !contains(h.protocols, strings.ToLower(u.Scheme)+":") {
		return Repository{}, false
	}
	p := u.EscapedPath()
	var user, project string
	switch h.typ {
	case "github":
		parts := splitN(p, 5)
		user, project = parts[1], parts[2]
		if parts[3] != "" && parts[3] != "tree" {
			return Repository{}, false
		}
	case "bitbucket":
		parts := splitN(p, 4)
		user, project = parts[1], parts[2]
		if parts[3] == "get" {
			return Repository{}, false
		}
	case "gitlab":
		rest := strings.TrimPrefix(p, "/")
		if strings.Contains(rest, "/-/") || strings.Contains(rest, "/archive.tar.gz") {
			return Repository{}, false
		}
		i := strings.LastIndexByte(rest, '/')
		if i < 0 {
			return Repository{}, false
		}
		user, project = rest[:i], rest[i+1:]
	case "gist":
		parts := splitN(p, 3)
		user, project = parts[1], parts[2]
		if project == "" {
			user, project = "", user
		}
	}
	project = strings.TrimSuffix(project, ".git")
	user, err1 := url.PathUnescape(user)
	project, err2 := url.PathUnescape(project)
	if err1 != nil || err2 != nil || project == "" || (user == "" && h.typ != "gist") {
		return Repository{}, false
	}
	return Repository{Type: h.typ, Path: user + "/" + project}, true
}

// parseShortcut reads what follows "github:" and the like.
func parseShortcut(typ, rest string) (Repository, bool) {
	if strings.HasPrefix(rest, "//") {
		return Repository{}, false
	}
	if i := strings.IndexAny(rest, "#?"); i >= 0 {
		rest = rest[:i]
	}
	rest = strings.TrimPrefix(rest, "/")
	if i := strings.IndexByte(rest, '@'); i >= 0 {
		rest = rest[i+1:]
	}
	i := strings.LastIndexByte(rest, '/')
	if i <= 0 {
		return Repository{}, false
	}
	user, err1 := url.PathUnescape(rest[:i])
	project, err2 := url.PathUnescape(strings.TrimSuffix(rest[i+1:], ".git"))
	if err1 != nil || err2 != nil || project == "" {
		return Repository{}, false
	}
	return Repository{Type: typ, Path: user + "/" + project}, true
}

// parseGitURL parses a URL, repairing scp-style addresses
// ("git@host:owner/repo.git") as hosted-git-info does.
func parseGitURL(s string) (*url.URL, bool) {
	if i := strings.Index(s, "#"); i >= 0 {
		s = s[:i]
	}
	colon := strings.IndexByte(s, ':')
	if colon > 0 && knownSchemes[strings.ToLower(s[:colon+1])] {
		u, err := url.Parse(s)
		return u, err == nil && u.Host != ""
	}
	if colon > 0 && strings.HasPrefix(s[colon:], "://") {
		u, err := url.Parse(s)
		return u, err == nil && u.Host != ""
	}
	at := strings.IndexByte(s, '@')
	switch {
	case at > colon && colon >= 0:
		s = "git+ssh://" + s
	case at < 0 && colon >= 0:
		s = s[:colon+1] + "//" + s[colon+1:]
	}
	if u, err := url.Parse(s); err == nil && u.Host != "" {
		return u, true
	}
	// scp style: the last colon becomes a slash.
	if c := strings.LastIndexByte(s, ':'); c > strings.IndexByte(s, '@') {
		s = s[:c] + "/" + s[c+1:]
	}
	if !strings.Contains(s, ":") && !strings.Contains(s, "//") {
		s = "git+ssh://" + s
	}
	u, err := url.Parse(s)
	return u, err == nil && u.Host != ""
}

// isGitHubShorthand is hosted-git-info's test for "owner/repo".
func isGitHubShorthand(arg string) bool {
	hash := strings.IndexByte(arg, '#')
	before := arg
	if hash >= 0 {
		before = arg[:hash]
	}
	firstSlash := strings.IndexByte(arg, '/')
	if firstSlash <= 0 || strings.IndexAny(before, " \t\n\r\f\v") >= 0 ||
		strings.ContainsAny(before, "@:") || strings.HasPrefix(arg, ".") {
		return false
	}
	if strings.Contains(before[min(firstSlash+1, len(before)):], "/") {
		return false
	}
	if hash >= 0 {
		return hash == 0 || arg[hash-1] != '/'
	}
	return !strings.HasSuffix(arg, "/")
}

// splitN is JavaScript's s.split("/", n): at most n pieces, the rest
// dropped, padded with "" so every index up to n-1 exists.
func splitN(s string, n int) []string {
	parts := strings.Split(s, "/")
	if len(parts) > n {
		parts = parts[:n]
	}
	for len(parts) < n {
		parts = append(parts, "")
	}
	return parts
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
