package registrytest

import (
	"net/http"
	"sort"
	"strconv"
	"strings"
)

// search handles GET /-/v1/search?text=&size=&from=: a plain substring match
// on names, descriptions and keywords, in the public registry's reply shape.
func (rq *request) search() {
	if rq.method() != http.MethodGet {
		rq.badMethod()
		return
	}
	id, ok := rq.identify()
	if !ok {
		return
	}
	q := rq.r.URL.Query()
	text := strings.ToLower(q.Get("text"))
	size, err := strconv.Atoi(q.Get("size"))
	if err != nil || size <= 0 {
		size = 20
	}
	from, _ := strconv.Atoi(q.Get("from"))
	from = max(from, 0)

	s := rq.s
	var names []string
	for name, p := range s.st.Packages {
		if s.canRead(p, id) && len(p.Versions) > 0 && matchesSearch(p, text) {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	total := len(names)
	names = names[min(from, total):min(from+size, total)]
	objects := make([]map[string]any, 0, len(names))
	for _, name := range names {
		objects = append(objects, s.searchObject(s.st.Packages[name]))
	}
	rq.json(http.StatusOK, map[string]any{
		"objects": objects,
		"total":   total,
		"time":    s.now().UTC().Format(http.TimeFormat),
	})
}

func matchesSearch(p *pkg, text string) bool {
	if text == "" || strings.Contains(p.Name, text) {
		return true
	}
	latest := p.Versions[p.DistTags["latest"]]
	desc, _ := latest["description"].(string)
	if strings.Contains(strings.ToLower(desc), text) {
		return true
	}
	kws, _ := latest["keywords"].([]any)
	for _, k := range kws {
		if ks, ok := k.(string); ok && strings.Contains(strings.ToLower(ks), text) {
			return true
		}
	}
	return false
}

func (s *Server) searchObject(p *pkg) map[string]any {
	version := p.DistTags["latest"]
	latest := p.Versions[version]
	scope := "unscoped"
	if strings.HasPrefix(p.Name, "@") {
		scope = strings.TrimPrefix(strings.SplitN(p.Name, "/", 2)[0], "@")
	}
	var maintainers []map[string]string
	for _, m := range s.maintainersJSON(p) {
		maintainers = append(maintainers, map[string]string{"username": m["name"], "email": m["email"]})
	}
	pk := map[string]any{
		"name":        p.Name,
		"scope":       scope,
		"version":     version,
		"description": latest["description"],
		"keywords":    latest["keywords"],
		"date":        p.Time[version],
		"links":       map[string]string{},
		"maintainers": maintainers,
	}
	// _npmUser is a map[string]string after a publish, map[string]any after
	// a reload from disk.
	switch u := latest["_npmUser"].(type) {
	case map[string]string:
		pk["publisher"] = map[string]any{"username": u["name"], "email": u["email"]}
	case map[string]any:
		pk["publisher"] = map[string]any{"username": u["name"], "email": u["email"]}
	default:
		if len(maintainers) > 0 {
			pk["publisher"] = maintainers[0]
		}
	}
	return map[string]any{
		"package":     pk,
		"score":       map[string]any{"final": 1, "detail": map[string]any{"quality": 1, "popularity": 1, "maintenance": 1}},
		"searchScore": 1,
	}
}
