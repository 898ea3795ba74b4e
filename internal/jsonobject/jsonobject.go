// Package jsonobject keeps a JSON object's keys in the order the registry
// sent them and prints values the way JavaScript's String() does, so
// commands can reproduce npm's output, which depends on both.
package jsonobject

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Object is a JSON object with its key order. The zero value is an empty
// object.
type Object struct {
	keys   []string
	values map[string]json.RawMessage
}

// Parse reads one JSON object.
func Parse(data []byte) (*Object, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, errors.New("not a JSON object")
	}
	o := &Object{values: map[string]json.RawMessage{}}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key, _ := tok.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, err
		}
		o.Set(key, v)
	}
	if _, err := dec.Token(); err != nil {
		return nil, err
	}
	return o, nil
}

// Keys returns the keys in order.
func (o *Object) Keys() []string { return append([]string(nil), o.keys...) }

// Get returns the raw value of key; nil when absent.
func (o *Object) Get(key string) json.RawMessage { return o.values[key] }

// Has reports whether key is present.
func (o *Object) Has(key string) bool {
	_, ok := o.values[key]
	return ok
}

// String returns a string value, "" when absent or not a string.
func (o *Object) String(key string) string {
	var s string
	_ = json.Unmarshal(o.values[key], &s)
	return s
}

// Set replaces key's value, or appends key when new.
func (o *Object) Set(key string, v json.RawMessage) {
	if o.values == nil {
		o.values = map[string]json.RawMessage{}
	}
	if _, ok := o.values[key]; !ok {
		o.keys = append(o.keys, key)
	}
	o.values[key] = v
}

// Delete removes key.
func (o *Object) Delete(key string) {
	if _, ok := o.values[key]; !ok {
		return
	}
	delete(o.values, key)
	for i, k := range o.keys {
		if k == key {
			o.keys = append(o.keys[:i], o.keys[i+1:]...)
			break
		}
	}
}

// MarshalJSON writes the object with its keys in order.
func (o *Object) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, k := range o.keys {
		if i > 0 {
			b.WriteByte(',')
		}
		key, _ := json.Marshal(k)
		b.Write(key)
		b.WriteByte(':')
		b.Write(o.values[k])
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// Indent formats v (usually an Object or a slice of them) with two-space
// indentation, as JSON.stringify(v, null, 2) does.
func Indent(v any) ([]byte, error) {
	var raw bytes.Buffer
	enc := json.NewEncoder(&raw)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	var out bytes.Buffer
	if err := json.Indent(&out, bytes.TrimSpace(raw.Bytes()), "", "  "); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// Raw encodes v for Set.
func Raw(v any) json.RawMessage {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic(fmt.Sprintf("jsonobject: encoding %T: %v", v, err))
	}
	return json.RawMessage(bytes.TrimSpace(b.Bytes()))
}

// JSString is String(value) in JavaScript: "undefined" for an absent
// value, "null", "true", strings as they are, arrays joined with commas
// (null items empty), objects as "[object Object]".
func JSString(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return "undefined"
	}
	switch raw[0] {
	case '"':
		var s string
		_ = json.Unmarshal(raw, &s)
		return s
	case '[':
		var items []json.RawMessage
		_ = json.Unmarshal(raw, &items)
		parts := make([]string, len(items))
		for i, it := range items {
			if t := bytes.TrimSpace(it); string(t) != "null" {
				parts[i] = JSString(t)
			}
		}
		return strings.Join(parts, ",")
	case '{':
		return "[object Object]"
	case 't', 'f', 'n':
		return string(raw)
	}
	if s, ok := jsNumber(string(raw)); ok {
		return s
	}
	return string(raw)
}

// jsNumber prints a JSON number as JavaScript's String(Number(s)) does:
// the shortest digits that read back, an exponent from 1e21 up and below
// 1e-6 ("1e+21", "1e-7"), "Infinity" past the float range, and "0" for
// negative zero.
func jsNumber(s string) (string, bool) {
	f, err := strconv.ParseFloat(s, 64)
	switch {
	case math.IsInf(f, 0):
		if f > 0 {
			return "Infinity", true
		}
		return "-Infinity", true
	case err != nil:
		return "", false
	case f == 0:
		return "0", true
	}
	if abs := math.Abs(f); abs >= 1e21 || abs < 1e-6 {
		mant, exp, _ := strings.Cut(strconv.FormatFloat(f, 'e', -1, 64), "e")
		sign, digits := exp[:1], strings.TrimLeft(exp[1:], "0")
		return mant + "e" + sign + digits, true
	}
	return strconv.FormatFloat(f, 'f', -1, 64), true
}

// Truthy is JavaScript's truthiness: false for an absent value, null,
// false, 0 and "".
func Truthy(raw json.RawMessage) bool {
	raw = bytes.TrimSpace(raw)
	switch string(raw) {
	case "", "null", "false", `""`:
		return false
	}
	if f, err := strconv.ParseFloat(string(raw), 64); err == nil {
		return f != 0
	}
	return true
}
