package access

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
	"unicode/utf8"
)

// FuzzAccessOutput feeds arbitrary registry replies to the access list
// reader and printer: never a panic; each name appears once, with its
// last value; and --json prints an object holding exactly those entries.
func FuzzAccessOutput(f *testing.F) {
	for _, s := range []string{
		`{"@s/a":"read","@s/b":"write"}`, `{"b":1,"a":"x","b":"y"}`, `{"10":"a","2":"b","x":"c","01":"d","4294967295":"e"}`,
		`{}`, `[]`, `{"a":{"nested":true}}`, `{"a":"\u2028<&>"}`, `{"a":`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		entries, err := decodeEntries(data)
		if err != nil {
			return
		}
		seen := map[string]bool{}
		for _, e := range entries {
			if seen[e.Key] {
				t.Fatalf("name %q listed twice", e.Key)
			}
			seen[e.Key] = true
		}
		var out bytes.Buffer
		if err := printEntries(&out, showPermissions(entries), true, ""); err != nil {
			t.Fatal(err)
		}
		var printed map[string]string
		if err := json.Unmarshal(out.Bytes(), &printed); err != nil {
			t.Fatalf("--json printed %q: %v", out.String(), err)
		}
		want := map[string]string{}
		for _, e := range showPermissions(entries) {
			want[e.Key] = e.Value
		}
		// Invalid UTF-8 prints as U+FFFD, as it reads in npm.
		if utf8.Valid(data) && !reflect.DeepEqual(printed, want) {
			t.Fatalf("--json printed %v, want %v", printed, want)
		}
		out.Reset()
		if err := printEntries(&out, entries, false, ""); err != nil {
			t.Fatal(err)
		}
	})
}
