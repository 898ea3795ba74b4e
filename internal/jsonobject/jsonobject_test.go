package jsonobject

import (
	"encoding/json"
	"testing"
)

func TestParseKeepsOrderAndRoundTrips(t *testing.T) {
	in := `{"zeta":1,"alpha":{"b":[1,2]},"mid":null}`
	o, err := Parse([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if got := o.Keys(); len(got) != 3 || got[0] != "zeta" || got[1] != "alpha" || got[2] != "mid" {
		t.Fatalf("keys = %v", got)
	}
	o.Delete("alpha")
	o.Set("id", Raw("abc"))
	out, _ := json.Marshal(o)
	if want := `{"zeta":1,"mid":null,"id":"abc"}`; string(out) != want {
		t.Errorf("marshal = %s, want %s", out, want)
	}
}

func TestParseRejectsNonObjects(t *testing.T) {
	for _, in := range []string{`[]`, `"x"`, `{"a":`, ``} {
		if _, err := Parse([]byte(in)); err == nil {
			t.Errorf("Parse(%q) succeeded", in)
		}
	}
}

func TestIndentMatchesJSONStringify(t *testing.T) {
	o, _ := Parse([]byte(`{"a":"<b>","c":[1]}`))
	got, err := Indent(o)
	if err != nil {
		t.Fatal(err)
	}
	want := "{\n  \"a\": \"<b>\",\n  \"c\": [\n    1\n  ]\n}"
	if string(got) != want {
		t.Errorf("Indent = %q, want %q", got, want)
	}
}

func TestJSStringAndTruthy(t *testing.T) {
	tests := []struct {
		raw    string
		str    string
		truthy bool
	}{
		{"", "undefined", false},
		{"null", "null", false},
		{"false", "false", false},
		{"true", "true", true},
		{`""`, "", false},
		{`"x y"`, "x y", true},
		{"0", "0", false},
		{"1.50", "1.5", true},
		{`["1.2.3.4/32",null,"5.6.7.8/24"]`, "1.2.3.4/32,,5.6.7.8/24", true},
		{`[]`, "", true},
		{`{"mode":"auth-only"}`, "[object Object]", true},
		// Numbers print as node's String(JSON.parse(raw)) does.
		{"1e21", "1e+21", true},
		{"1E2", "100", true},
		{"1e400", "Infinity", true},
		{"-1e400", "-Infinity", true},
		{"-0", "0", false},
		{"0.000001", "0.000001", true},
		{"0.0000001", "1e-7", true},
		{"-2.5e-10", "-2.5e-10", true},
		{"123456789012345678901234", "1.2345678901234569e+23", true},
		{"9007199254740993", "9007199254740992", true},
		{"5e-324", "5e-324", true},
		{"1e-400", "0", false},
	}
	for _, tt := range tests {
		if got := JSString(json.RawMessage(tt.raw)); got != tt.str {
			t.Errorf("JSString(%s) = %q, want %q", tt.raw, got, tt.str)
		}
		if got := Truthy(json.RawMessage(tt.raw)); got != tt.truthy {
			t.Errorf("Truthy(%s) = %v, want %v", tt.raw, got, tt.truthy)
		}
	}
}
