package deprecation

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

const packument = `{"_id":"pk","_rev":"3-abc","name":"pk","users":{"bob":true},
"versions":{"1.0.0":{"name":"pk","version":"1.0.0"},
"1.1.0":{"name":"pk","version":"1.1.0","deprecated":"old"},
"2.0.0-beta.1":{"name":"pk","version":"2.0.0-beta.1"},
"2.0.0":{"name":"pk","version":"2.0.0"}},"time":{"1.0.0":"2026-01-01T00:00:00Z"}}`

func TestApply(t *testing.T) {
	tests := []struct {
		rng, msg    string
		selected    []string
		changed     []string
		allVersions bool
	}{
		{"<2.0.0", "use 2", []string{"1.0.0", "1.1.0", "2.0.0-beta.1"}, []string{"1.0.0", "1.1.0", "2.0.0-beta.1"}, false},
		{"1.1.0", "old", []string{"1.1.0"}, nil, false},
		{"*", "", []string{"1.0.0", "1.1.0", "2.0.0-beta.1", "2.0.0"}, []string{"1.1.0"}, true},
		{">=3", "x", nil, nil, false},
	}
	for _, tt := range tests {
		plan, err := Apply([]byte(packument), tt.rng, tt.msg)
		if err != nil {
			t.Fatal(err)
		}
		var sel, ch []string
		for _, c := range plan.Selected {
			sel = append(sel, c.Version)
		}
		for _, c := range plan.Changed() {
			ch = append(ch, c.Version)
		}
		if !reflect.DeepEqual(sel, tt.selected) || !reflect.DeepEqual(ch, tt.changed) || plan.AllVersions() != tt.allVersions {
			t.Errorf("%q: selected %v changed %v all %v; want %v %v %v", tt.rng, sel, ch, plan.AllVersions(), tt.selected, tt.changed, tt.allVersions)
		}
		// The body is the packument as received but for the messages.
		var body, orig map[string]any
		json.Unmarshal(plan.Body, &body)
		json.Unmarshal([]byte(packument), &orig)
		for _, v := range tt.selected {
			orig["versions"].(map[string]any)[v].(map[string]any)["deprecated"] = tt.msg
		}
		if !reflect.DeepEqual(body, orig) {
			t.Errorf("%q: body\n%s\nwant\n%v", tt.rng, plan.Body, orig)
		}
	}
}

func TestApplyKeepsKeyOrder(t *testing.T) {
	plan, err := Apply([]byte(packument), "2.0.0", "gone")
	if err != nil {
		t.Fatal(err)
	}
	s := string(plan.Body)
	if !strings.HasPrefix(s, `{"_id":"pk","_rev":"3-abc","name":"pk","users"`) || !strings.Contains(s, `"2.0.0":{"name":"pk","version":"2.0.0","deprecated":"gone"}`) {
		t.Errorf("body = %s", s)
	}
}

func TestApplyRefusesBrokenPackuments(t *testing.T) {
	for _, doc := range []string{`[]`, `{"versions":{}}`, `{"name":"pk","versions":[]}`, `{"name":"pk","versions":{"1.0.0":3}}`} {
		if _, err := Apply([]byte(doc), "*", "x"); err == nil {
			t.Errorf("Apply(%s) succeeded", doc)
		}
	}
}
