// Package deprecation works out what `deprecate` and `undeprecate` change
// in a packument: which versions a range selects (prereleases included,
// as npm selects them) and the document to send back, which is the
// packument as received with only the chosen versions' "deprecated" set.
package deprecation

import (
	"encoding/json"
	"fmt"
	"slices"

	"github.com/gonpm/gonpm/internal/jsonobject"
	"github.com/gonpm/gonpm/internal/semver"
)

// Change is one selected version and its message before and after; an
// empty message means not deprecated.
type Change struct {
	Version string
	Before  string
	After   string
}

// Changed reports whether the write alters this version.
func (c Change) Changed() bool { return c.Before != c.After }

// Plan is the outcome of applying a message to the versions in a range.
type Plan struct {
	// Name is the packument's name.
	Name string
	// Selected are the versions in the range, in version order.
	Selected []Change
	// Total is how many versions the package has.
	Total int
	// Body is the packument to PUT back: everything as received, with
	// "deprecated" set on the selected versions ("" to undeprecate, as
	// npm sends it).
	Body json.RawMessage
}

// Changed returns the selected versions whose message changes.
func (p *Plan) Changed() []Change {
	var out []Change
	for _, c := range p.Selected {
		if c.Changed() {
			out = append(out, c)
		}
	}
	return out
}

// AllVersions reports whether the range selects every version.
func (p *Plan) AllVersions() bool { return p.Total > 0 && len(p.Selected) == p.Total }

// Apply selects the versions of the packument doc that satisfy rng and
// sets their deprecation message to msg.
func Apply(doc []byte, rng, msg string) (*Plan, error) {
	top, err := jsonobject.Parse(doc)
	if err != nil {
		return nil, fmt.Errorf("the packument is not a JSON object: %w", err)
	}
	plan := &Plan{}
	if err := json.Unmarshal(top.Get("name"), &plan.Name); err != nil || plan.Name == "" {
		return nil, fmt.Errorf("the packument has no name")
	}
	versions, err := jsonobject.Parse(top.Get("versions"))
	if err != nil {
		return nil, fmt.Errorf("the packument's versions are not a JSON object: %w", err)
	}
	keys := versions.Keys()
	plan.Total = len(keys)
	for _, v := range keys {
		if !semver.SatisfiesIncludingPrerelease(v, rng) {
			continue
		}
		manifest, err := jsonobject.Parse(versions.Get(v))
		if err != nil {
			return nil, fmt.Errorf("version %s in the packument is not a JSON object: %w", v, err)
		}
		var before string
		_ = json.Unmarshal(manifest.Get("deprecated"), &before) // absent or not a string: not deprecated
		manifest.Set("deprecated", jsonobject.Raw(msg))
		raw, _ := manifest.MarshalJSON()
		versions.Set(v, raw)
		plan.Selected = append(plan.Selected, Change{Version: v, Before: before, After: msg})
	}
	slices.SortFunc(plan.Selected, func(a, b Change) int {
		va, _ := semver.Parse(a.Version)
		vb, _ := semver.Parse(b.Version)
		return semver.Compare(va, vb)
	})
	raw, _ := versions.MarshalJSON()
	top.Set("versions", raw)
	plan.Body, _ = top.MarshalJSON()
	return plan, nil
}
