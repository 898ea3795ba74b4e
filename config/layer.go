package config

import (
	"sort"
	"strings"
)

// value is one resolved key of a layer.
type value struct {
	rawKey   string   // key as written, before ${VAR} expansion
	raw      string   // value as written (array items joined by "\n")
	value    string   // expanded value
	list     []string // expanded items of a key[]= array
	line     int      // line in the file, 0 when not from a file
	isArray  bool
	rawItems []string
}

// layer is one source of configuration: defaults, a file, the environment
// or the command line.
type layer struct {
	name   string
	file   string // the file it was read from, "" for default/env/cli
	exists bool   // the file was found and read
	keys   []string
	values map[string]*value // by expanded key, case-sensitive
}

func newLayer(name, file string) *layer {
	return &layer{name: name, file: file, values: map[string]*value{}}
}

// add records one entry; expansion applies to key and value alike, and a
// later plain entry replaces an earlier one while key[]= entries collect.
func (l *layer) add(e entry, env map[string]string) {
	key := expand(e.Key, env)
	val := strings.TrimSpace(expand(e.Value, env))
	v, ok := l.values[key]
	if !ok {
		v = &value{}
		l.values[key] = v
		l.keys = append(l.keys, key)
	}
	v.rawKey, v.line = e.Key, e.Line
	if e.Array || v.isArray {
		v.isArray = true
		v.list = append(v.list, val)
		v.rawItems = append(v.rawItems, e.Value)
		v.value = strings.Join(v.list, "\n")
		v.raw = strings.Join(v.rawItems, "\n")
		return
	}
	v.value, v.raw = val, e.Value
}

func (l *layer) get(key string) (*value, bool) {
	v, ok := l.values[key]
	return v, ok
}

func (l *layer) sortedKeys() []string {
	keys := append([]string(nil), l.keys...)
	sort.Strings(keys)
	return keys
}
