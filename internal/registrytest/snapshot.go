package registrytest

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Snapshot is what a write command may change on the registry: packages,
// users, tokens and teams. Compare two with Diff. Revisions and timestamps are left out, so
// repeating an idempotent write gives the same snapshot, and so do two
// servers seeded alike. It holds no secrets.
type Snapshot struct {
	Packages map[string]PackageState
	Users    map[string]UserState
	// Tokens lists each live token as "user name=<name> readonly=<bool>
	// bypass2fa=<bool>", sorted; token values and keys are random, so
	// they are not part of it.
	Tokens []string
	// Teams maps "scope:team" to its package grants (package → read or write).
	Teams map[string]map[string]string
	// TeamMembers maps "scope:team" to its members, sorted.
	TeamMembers map[string][]string
	// Orgs maps an org to its roster (user → role).
	Orgs map[string]map[string]string
}

// PackageState is one package as a Snapshot sees it.
type PackageState struct {
	Versions           []string // sorted
	Tarballs           []string // versions with a stored tarball, sorted
	DistTags           map[string]string
	Maintainers        []string // sorted
	Access             string
	PublishRequiresTFA bool
	AutomationOverride bool
	// Deprecated maps each deprecated version to its message.
	Deprecated map[string]string
	// Stars lists who starred the package, sorted.
	Stars []string
}

// UserState is one account as a Snapshot sees it.
type UserState struct {
	Email, Fullname, Homepage, Freenode, Twitter, Github string
	// TFA is "", "pending", "auth-only" or "auth-and-writes".
	TFA string
}

// Snapshot copies the current state.
func (s *Server) Snapshot() Snapshot {
	s.mu.Lock()
	defer s.mu.Unlock()
	snap := Snapshot{
		Packages: map[string]PackageState{},
		Users:    map[string]UserState{},
		Teams:    map[string]map[string]string{},
	}
	snap.TeamMembers = map[string][]string{}
	snap.Orgs = map[string]map[string]string{}
	for name, p := range s.st.Packages {
		snap.Packages[name] = PackageState{
			Versions:           slices.Sorted(maps.Keys(p.Versions)),
			Tarballs:           slices.Sorted(maps.Keys(p.Tarballs)),
			DistTags:           maps.Clone(p.DistTags),
			Maintainers:        slices.Sorted(slices.Values(p.Maintainers)),
			Access:             p.Access,
			PublishRequiresTFA: p.PublishRequiresTFA,
			AutomationOverride: p.AutomationOverridesTFA,
			Deprecated:         deprecations(p),
			Stars:              slices.Sorted(maps.Keys(p.Stars)),
		}
	}
	for name, u := range s.st.Users {
		snap.Users[name] = UserState{
			Email: u.Email, Fullname: u.Fullname, Homepage: u.Homepage,
			Freenode: u.Freenode, Twitter: u.Twitter, Github: u.Github,
			TFA: u.tfaMode(),
		}
	}
	for _, t := range s.st.Tokens {
		snap.Tokens = append(snap.Tokens, fmt.Sprintf("%s name=%s readonly=%t bypass2fa=%t", t.User, t.Name, t.Readonly, t.Bypass2FA))
	}
	slices.Sort(snap.Tokens)
	for scope, o := range s.st.Orgs {
		for name, t := range o.Teams {
			snap.Teams[scope+":"+name] = maps.Clone(t.Packages)
			snap.TeamMembers[scope+":"+name] = slices.Sorted(slices.Values(t.Members))
		}
		if len(o.Members) > 0 {
			snap.Orgs[scope] = maps.Clone(o.Members)
		}
	}
	return snap
}

// Diff describes how other differs from snap, one difference per line
// ("" when they are equal), for test failure messages.
func (snap Snapshot) Diff(other Snapshot) string {
	var lines []string
	diff := func(what string, a, b any) {
		as, bs := fmt.Sprintf("%+v", a), fmt.Sprintf("%+v", b)
		if as != bs {
			lines = append(lines, fmt.Sprintf("%s: %s → %s", what, as, bs))
		}
	}
	for _, name := range unionKeys(snap.Packages, other.Packages) {
		a, aok := snap.Packages[name]
		b, bok := other.Packages[name]
		diff("package "+name+" exists", aok, bok)
		if aok && bok {
			diff("package "+name, a, b)
		}
	}
	for _, name := range unionKeys(snap.Users, other.Users) {
		diff("user "+name, snap.Users[name], other.Users[name])
	}
	diff("tokens", snap.Tokens, other.Tokens)
	for _, name := range unionKeys(snap.Teams, other.Teams) {
		diff("team "+name, snap.Teams[name], other.Teams[name])
	}
	for _, name := range unionKeys(snap.TeamMembers, other.TeamMembers) {
		_, aok := snap.TeamMembers[name]
		_, bok := other.TeamMembers[name]
		diff("team "+name+" exists", aok, bok)
		diff("team "+name+" members", snap.TeamMembers[name], other.TeamMembers[name])
	}
	for _, name := range unionKeys(snap.Orgs, other.Orgs) {
		diff("org "+name, snap.Orgs[name], other.Orgs[name])
	}
	return strings.Join(lines, "\n")
}

func unionKeys[V any](a, b map[string]V) []string {
	keys := map[string]bool{}
	for k := range a {
		keys[k] = true
	}
	for k := range b {
		keys[k] = true
	}
	return slices.Sorted(maps.Keys(keys))
}

// deprecations maps each deprecated version of p to its message.
func deprecations(p *pkg) map[string]string {
	out := map[string]string{}
	for v, doc := range p.Versions {
		if msg, _ := doc["deprecated"].(string); msg != "" {
			out[v] = msg
		}
	}
	return out
}
