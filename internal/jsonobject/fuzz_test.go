package jsonobject

import (
	"bytes"
	"encoding/json"
	"math/big"
	"reflect"
	"testing"
	"unicode/utf8"
)

// FuzzParse feeds arbitrary registry replies to Parse: every JSON object
// parses, keys come out once each in first-seen order, the object prints
// back as JSON holding the same values, and JSString and Truthy never
// panic, give valid text and agree with JavaScript's truthiness.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`{"name":"ann","tfa":{"mode":"auth-only","pending":false},"cidr_whitelist":null}`,
		`{"b":1,"a":2,"b":3}`, `{"n":1e400,"m":-0,"k":1e-400,"s":"\ud800"}`, `{}`, `[]`, `{"a":}`,
		`{"a":[1,null,"x",{"y":[]}]}`, `{"a":1} trailing`, " {\"\":\"\"} ", `{"a":"\u0000"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		o, err := Parse(data)
		trimmed := bytes.TrimSpace(data)
		if err != nil {
			if json.Valid(data) && len(trimmed) > 0 && trimmed[0] == '{' {
				t.Fatalf("valid object %q refused: %v", data, err)
			}
			return
		}
		keys := o.Keys()
		seen := map[string]bool{}
		for _, k := range keys {
			if seen[k] {
				t.Fatalf("key %q listed twice", k)
			}
			seen[k] = true
			raw := o.Get(k)
			s := JSString(raw)
			if utf8.Valid(raw) && !utf8.ValidString(s) {
				t.Fatalf("JSString(%s) = %q is not valid text", raw, s)
			}
			if want, ok := jsTruthy(raw); ok && Truthy(raw) != want {
				t.Fatalf("Truthy(%s) = %v, JavaScript says %v", raw, Truthy(raw), want)
			}
		}
		printed, err := json.Marshal(o)
		if err != nil || !json.Valid(printed) {
			t.Fatalf("%q printed as invalid JSON %q: %v", data, printed, err)
		}
		again, err := Parse(printed)
		if err != nil || !reflect.DeepEqual(again.Keys(), keys) {
			t.Fatalf("%q printed as %q, which reads back as %v (%v), not %v", data, printed, again.Keys(), err, keys)
		}
		for _, k := range keys {
			if !sameJSON(o.Get(k), again.Get(k)) {
				t.Fatalf("value of %q changed from %s to %s", k, o.Get(k), again.Get(k))
			}
		}
		if _, err := Indent(o); err != nil {
			t.Fatalf("Indent failed on %q: %v", data, err)
		}
	})
}

// jsTruthy computes JavaScript's truthiness independently: a number is
// falsy when it rounds to zero as a double.
func jsTruthy(raw json.RawMessage) (bool, bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) > 0 && (raw[0] == '-' || raw[0] >= '0' && raw[0] <= '9') {
		n, _, err := big.ParseFloat(string(raw), 10, 200, big.ToNearestEven)
		if err != nil {
			return false, false
		}
		f, _ := n.Float64()
		return f != 0, true
	}
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return false, false
	}
	switch v := v.(type) {
	case nil:
		return false, true
	case bool:
		return v, true
	case string:
		return v != "", true
	}
	return true, true
}

func sameJSON(a, b json.RawMessage) bool {
	var va, vb any
	if json.Unmarshal(a, &va) != nil || json.Unmarshal(b, &vb) != nil {
		return bytes.Equal(a, b)
	}
	return reflect.DeepEqual(va, vb)
}
