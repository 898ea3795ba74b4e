package staging

import (
	"fmt"
	"io"
	"strings"

	"github.com/gonpm/gonpm/internal/jsonobject"
)

// Item is a staged version's record as the registry sent it.
type Item struct{ *jsonobject.Object }

// The record's fields npm names on screen, in its order.
func (it Item) ID() string        { return it.String("id") }
func (it Item) Package() string   { return it.String("packageName") }
func (it Item) Version() string   { return it.String("version") }
func (it Item) Tag() string       { return it.String("tag") }
func (it Item) CreatedAt() string { return it.String("createdAt") }
func (it Item) Actor() string     { return it.String("actor") }

// StagedBy is "actor" or "actor (actorType)", as npm shows it.
func (it Item) StagedBy() string {
	actor := jsonobject.JSString(it.Get("actor"))
	if jsonobject.Truthy(it.Get("actorType")) {
		return actor + " (" + jsonobject.JSString(it.Get("actorType")) + ")"
	}
	return actor
}

// fixedFields are shown first under their own labels; every other field
// follows under its own name.
var fixedFields = map[string]bool{
	"id": true, "packageName": true, "version": true, "tag": true,
	"createdAt": true, "actor": true, "actorType": true, "shasum": true,
}

// Lines is the record as npm's `stage list`/`stage view` print it:
// "label: value" lines, null and absent values left out, registry text made
// terminal-safe.
func (it Item) Lines() []string {
	type field struct {
		label string
		value string
		ok    bool
	}
	present := func(key string) (string, bool) {
		raw := it.Get(key)
		if len(raw) == 0 || strings.TrimSpace(string(raw)) == "null" {
			return "", false
		}
		return jsonobject.JSString(raw), true
	}
	var fields []field
	add := func(label, key string) {
		v, ok := present(key)
		fields = append(fields, field{label, v, ok})
	}
	add("id", "id")
	add("package name", "packageName")
	add("version", "version")
	add("tag", "tag")
	add("date staged", "createdAt")
	_, hasActor := present("actor")
	fields = append(fields, field{"staged by", it.StagedBy(), hasActor || jsonobject.Truthy(it.Get("actorType"))})
	add("shasum", "shasum")
	for _, k := range it.Keys() {
		if !fixedFields[k] {
			add(k, k)
		}
	}
	var lines []string
	for _, f := range fields {
		if f.ok {
			lines = append(lines, SafeText(f.label)+": "+SafeText(f.value))
		}
	}
	return lines
}

// WriteItems prints records separated by a blank line.
func WriteItems(w io.Writer, items []Item) {
	for i, it := range items {
		if i > 0 {
			fmt.Fprintln(w)
		}
		if lines := it.Lines(); len(lines) > 0 {
			fmt.Fprintln(w, strings.Join(lines, "\n"))
		}
	}
}
