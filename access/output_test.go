package access

import (
	"bytes"
	"strings"
	"testing"
)

// The expected outputs below were produced by node 20 with npm's own
// method: Intl.Collator("en") ordering and JSON.stringify(obj, null, 2).

func TestPrintEntriesSortsLikeLocaleCompare(t *testing.T) {
	var entries []entry
	for _, k := range []string{"b", "A", "@x/y", "a-b", "ab", "_z", "10", "9", "a", "B", "zed"} {
		entries = append(entries, entry{k, "read-only"})
	}
	var out bytes.Buffer
	if err := printEntries(&out, entries, false, ""); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		keys = append(keys, strings.TrimSuffix(line, ": read-only"))
	}
	want := "_z @x/y 10 9 a A a-b ab b B zed"
	if got := strings.Join(keys, " "); got != want {
		t.Errorf("order = %s, want %s", got, want)
	}
}

func TestPrintEntriesJSONKeepsJavaScriptKeyOrder(t *testing.T) {
	data := []byte(`{"zed":"read","10":"read","b":"read","9":"read","@x/y":"read","007":"read"}`)
	entries, err := decodeEntries(data)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := printEntries(&out, entries, true, "b"); err != nil {
		t.Fatal(err)
	}
	want := `{
  "9": "read",
  "10": "read",
  "zed": "read",
  "b": "read",
  "@x/y": "read",
  "007": "read"
}
`
	if out.String() != want {
		t.Errorf("JSON output:\n%s\nwant (npm ignores the filter with --json):\n%s", out.String(), want)
	}
}

func TestPrintEntriesFilterAndEmpty(t *testing.T) {
	entries := showPermissions([]entry{{"alice", "write"}, {"bob", "read"}, {"carl", "custom"}})
	var out bytes.Buffer
	printEntries(&out, entries, false, "bob")
	if out.String() != "bob: read-only\n" {
		t.Errorf("filtered output = %q", out.String())
	}
	out.Reset()
	printEntries(&out, entries, false, "")
	if out.String() != "alice: read-write\nbob: read-only\ncarl: custom\n" {
		t.Errorf("output = %q", out.String())
	}
	out.Reset()
	printEntries(&out, nil, true, "")
	if out.String() != "{}\n" {
		t.Errorf("empty JSON = %q, want {}", out.String())
	}
}

func TestDecodeEntriesRejectsNonObjects(t *testing.T) {
	for _, in := range []string{`[]`, `"x"`, ``, `{"a":`} {
		if _, err := decodeEntries([]byte(in)); err == nil {
			t.Errorf("decodeEntries(%q) succeeded", in)
		}
	}
}
