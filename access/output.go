package access

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"github.com/gonpm/gonpm/internal/termsafe"
)

// entry is one name and its permission or status, in the order the
// registry sent them.
type entry struct{ Key, Value string }

// decodeEntries reads a JSON object of names keeping the registry's key
// order, because npm's --json output keeps it too.
func decodeEntries(data []byte) ([]entry, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, fmt.Errorf("expected a JSON object")
	}
	var out []entry
	index := map[string]int{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key, _ := tok.(string)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, err
		}
		value := string(raw)
		var s string
		if json.Unmarshal(raw, &s) == nil {
			value = s
		}
		if i, ok := index[key]; ok {
			out[i].Value = value
			continue
		}
		index[key] = len(out)
		out = append(out, entry{key, value})
	}
	return out, nil
}

// permissionNames are how npm shows the registry's permission words.
var permissionNames = map[string]string{"read": "read-only", "write": "read-write"}

func showPermissions(entries []entry) []entry {
	out := make([]entry, len(entries))
	for i, e := range entries {
		if name, ok := permissionNames[e.Value]; ok {
			e.Value = name
		}
		out[i] = e
	}
	return out
}

// printEntries writes entries as npm does: with --json the whole object
// (the filter does not apply, as in npm); otherwise "key: value" lines in
// English collation order, only the one named filter when given.
func printEntries(w io.Writer, entries []entry, asJSON bool, filter string) error {
	if asJSON {
		return writeJSONObject(w, jsObjectOrder(entries))
	}
	sorted := append([]entry(nil), entries...)
	c := collate.New(language.English)
	sort.SliceStable(sorted, func(i, j int) bool { return c.CompareString(sorted[i].Key, sorted[j].Key) < 0 })
	for _, e := range sorted {
		if filter == "" || filter == e.Key {
			fmt.Fprintf(w, "%s: %s\n", termsafe.Line(e.Key), termsafe.Line(e.Value))
		}
	}
	return nil
}

// jsObjectOrder is the order a JavaScript object lists keys in: keys that
// are array indices first, numerically, then the others as inserted.
func jsObjectOrder(entries []entry) []entry {
	var numeric, named []entry
	for _, e := range entries {
		if isArrayIndex(e.Key) {
			numeric = append(numeric, e)
		} else {
			named = append(named, e)
		}
	}
	sort.SliceStable(numeric, func(i, j int) bool {
		a, _ := strconv.ParseUint(numeric[i].Key, 10, 32)
		b, _ := strconv.ParseUint(numeric[j].Key, 10, 32)
		return a < b
	})
	return append(numeric, named...)
}

func isArrayIndex(s string) bool {
	if s == "" || (len(s) > 1 && s[0] == '0') {
		return false
	}
	n, err := strconv.ParseUint(s, 10, 32)
	return err == nil && n < 1<<32-1
}

// writeJSONObject prints entries as JSON.stringify(obj, null, 2) does.
func writeJSONObject(w io.Writer, entries []entry) error {
	if len(entries) == 0 {
		_, err := fmt.Fprintln(w, "{}")
		return err
	}
	var b bytes.Buffer
	b.WriteString("{\n")
	for i, e := range entries {
		b.WriteString("  ")
		b.WriteString(jsonString(e.Key))
		b.WriteString(": ")
		b.WriteString(jsonString(e.Value))
		if i < len(entries)-1 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString("}\n")
	_, err := w.Write(b.Bytes())
	return err
}

func jsonString(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	return string(bytes.TrimRight(b.Bytes(), "\n"))
}
