package owner

import (
	"encoding/json"
	"testing"
)

// FuzzPlan feeds arbitrary packuments and user records to the owner
// change: never a panic; adding makes the user an owner once and keeps
// everyone else in order; removing takes out every entry of the user,
// keeps the others, and never leaves a package without owners.
func FuzzPlan(f *testing.F) {
	f.Add([]byte(`{"_id":"p","_rev":"1-a","maintainers":[{"name":"ann","email":"a@x"},{"name":"bob"}]}`), []byte(`{"name":"bob","email":"b@x"}`), true)
	f.Add([]byte(`{"maintainers":[{"name":"ann"},{"name":"ann"}]}`), []byte(`{"name":"ann"}`), false)
	f.Add([]byte(`{"maintainers":[{"name":"ann"}]}`), []byte(`{"name":"ann"}`), false)
	f.Add([]byte(`{"maintainers":null}`), []byte(`{"name":""}`), true)
	f.Add([]byte(`{"maintainers":[{}]}`), []byte(`{"name":"x"}`), false)
	f.Fuzz(func(t *testing.T, docData, userData []byte, adding bool) {
		var doc packument
		var who person
		if json.Unmarshal(docData, &doc) != nil || json.Unmarshal(userData, &who) != nil || who.Name == "" {
			// lookupUser refuses a record without a name.
			return
		}
		c := remove
		if adding {
			c = add
		}
		next, changed, err := plan(doc.Maintainers, who, c)
		count := func(list []person) int {
			n := 0
			for _, m := range list {
				if m.Name == who.Name {
					n++
				}
			}
			return n
		}
		others := func(list []person) []person {
			var out []person
			for _, m := range list {
				if m.Name != who.Name {
					out = append(out, m)
				}
			}
			return out
		}
		before := count(doc.Maintainers)
		switch {
		case c == add && before > 0:
			if changed || err != nil {
				t.Fatalf("adding existing owner %q changed the list (err %v)", who.Name, err)
			}
		case c == add:
			if !changed || count(next) != 1 || !samePeople(others(next), others(doc.Maintainers)) {
				t.Fatalf("adding %q to %v gave %v", who.Name, doc.Maintainers, next)
			}
		case before == 0:
			if changed || err != nil {
				t.Fatalf("removing non-owner %q changed the list (err %v)", who.Name, err)
			}
		case len(others(doc.Maintainers)) == 0:
			if err == nil || changed {
				t.Fatalf("removing the last owner %q was not refused", who.Name)
			}
		default:
			if !changed || count(next) != 0 || len(next) == 0 || !samePeople(next, others(doc.Maintainers)) {
				t.Fatalf("removing %q from %v gave %v", who.Name, doc.Maintainers, next)
			}
		}
		if changed {
			if _, err := json.Marshal(next); err != nil {
				t.Fatalf("new maintainers do not print: %v", err)
			}
		}
	})
}

func samePeople(a, b []person) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
