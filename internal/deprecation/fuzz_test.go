package deprecation

import (
	"encoding/json"
	"testing"
)

// FuzzApply: any reply never panics; a plan's body is JSON whose selected
// versions carry the message.
func FuzzApply(f *testing.F) {
	f.Add([]byte(packument), "<2", "use 2")
	f.Add([]byte(`{"name":"x","versions":{"1.0.0":{}}}`), "*", "")
	f.Add([]byte(`{"name":"x","versions":{"not-a-version":{},"1.0.0":{"deprecated":5}}}`), "1", "m")
	f.Fuzz(func(t *testing.T, doc []byte, rng, msg string) {
		plan, err := Apply(doc, rng, msg)
		if err != nil {
			return
		}
		var body struct {
			Versions map[string]map[string]json.RawMessage `json:"versions"`
		}
		if err := json.Unmarshal(plan.Body, &body); err != nil {
			t.Fatalf("body is not JSON: %v\n%s", err, plan.Body)
		}
		// JSON carries text as UTF-8: broken bytes arrive as U+FFFD.
		var want string
		raw, _ := json.Marshal(msg)
		json.Unmarshal(raw, &want)
		for _, c := range plan.Selected {
			var got string
			if err := json.Unmarshal(body.Versions[c.Version]["deprecated"], &got); err != nil || got != want {
				t.Fatalf("version %s: deprecated %s, want %q", c.Version, body.Versions[c.Version]["deprecated"], msg)
			}
		}
	})
}
