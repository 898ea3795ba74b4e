package ciinfo

import (
	"slices"
	"strings"
)

// vendor is one CI system of ci-info's vendors.json.
type vendor struct {
	name, constant string
	env            []envCheck // all must hold
	pr             *prCheck   // nil: pull requests cannot be told apart
}

// envCheck is one condition of ci-info's checkEnv; exactly one field set.
type envCheck struct {
	present     string     // "NAME": set and non-empty
	includesEnv string     // {"env": NAME, "includes": text}
	includes    string     //
	anyPresent  []string   // {"any": [...]}: one of them non-empty
	equal       []equality // {"NAME": "value", ...}: each equal
}

type equality struct{ name, value string }

// prCheck is ci-info's checkPR for one vendor; exactly one form set.
type prCheck struct {
	present     string     // "NAME": non-empty
	env         string     // {"env": NAME, "any": [values]} or {"env": NAME, "ne": value}
	anyValue    []string   //
	ne          string     //
	definedOnly bool       // {"env": NAME} with neither: defined is enough
	anyPresent  []string   // {"any": [...]}: one of them non-empty
	equal       []equality // {"NAME": "value", ...}
}

func (v *vendor) matches(lookup LookupFunc) bool {
	for _, c := range v.env {
		if !c.holds(lookup) {
			return false
		}
	}
	return true
}

func (c envCheck) holds(lookup LookupFunc) bool {
	get := func(name string) string { v, _ := lookup(name); return v }
	switch {
	case c.present != "":
		return get(c.present) != ""
	case c.includesEnv != "":
		v := get(c.includesEnv)
		return v != "" && strings.Contains(v, c.includes)
	case c.anyPresent != nil:
		return slices.ContainsFunc(c.anyPresent, func(n string) bool { return get(n) != "" })
	default:
		return allEqual(c.equal, lookup)
	}
}

// allEqual is ci-info's `env[k] === value` for each pair: an unset
// variable equals nothing, not even "".
func allEqual(eqs []equality, lookup LookupFunc) bool {
	for _, e := range eqs {
		if v, ok := lookup(e.name); !ok || v != e.value {
			return false
		}
	}
	return true
}

func (p *prCheck) eval(lookup LookupFunc) *bool {
	if p == nil {
		return nil
	}
	get := func(name string) string { v, _ := lookup(name); return v }
	var is bool
	switch {
	case p.present != "":
		is = get(p.present) != ""
	case p.env != "" && p.anyValue != nil:
		v, ok := lookup(p.env)
		is = ok && slices.Contains(p.anyValue, v)
	case p.env != "":
		// ci-info: `pr.env in env && env[pr.env] !== pr.ne`.
		v, ok := lookup(p.env)
		is = ok && (p.definedOnly || v != p.ne)
	case p.anyPresent != nil:
		is = slices.ContainsFunc(p.anyPresent, func(n string) bool { return get(n) != "" })
	default:
		is = allEqual(p.equal, lookup)
	}
	return &is
}
