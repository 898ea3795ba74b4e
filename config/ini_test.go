package config

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseNpmrc(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []entry
	}{
		{"plain", "registry=http://127.0.0.1:4873/", []entry{{Key: "registry", Value: "http://127.0.0.1:4873/", Line: 1}}},
		{"spaces trimmed", "  loglevel =  warn  ", []entry{{Key: "loglevel", Value: "warn", Line: 1}}},
		{"split at first equals", "a=b=c", []entry{{Key: "a", Value: "b=c", Line: 1}}},
		{"key alone is true", "json", []entry{{Key: "json", Value: "true", Line: 1}}},
		{"comment lines", "; one\n# two\n   ;three\nx=1", []entry{{Key: "x", Value: "1", Line: 4}}},
		{"value cut at hash", "//h/:_authToken=abc#def", []entry{{Key: "//h/:_authToken", Value: "abc", Line: 1}}},
		{"value cut at semicolon", "tag=next ; comment", []entry{{Key: "tag", Value: "next", Line: 1}}},
		{"escaped hash and semicolon", `v=a\#b\;c`, []entry{{Key: "v", Value: "a#b;c", Line: 1}}},
		{"other backslashes kept", `v=C:\dir\x`, []entry{{Key: "v", Value: `C:\dir\x`, Line: 1}}},
		{"double quotes are JSON", `v="a=b\n;c"`, []entry{{Key: "v", Value: "a=b\n;c", Line: 1}}},
		{"bad JSON keeps quotes", `v="a\q"`, []entry{{Key: "v", Value: `"a\q"`, Line: 1}}},
		{"single quotes stripped", `v='x # y'`, []entry{{Key: "v", Value: "x # y", Line: 1}}},
		{"array", "ca[]=one\nca[]=two", []entry{{Key: "ca", Value: "one", Line: 1, Array: true}, {Key: "ca", Value: "two", Line: 2, Array: true}}},
		{"section keys ignored", "a=1\n[sect]\nb=2", []entry{{Key: "a", Value: "1", Line: 1}}},
		{"line starting with equals ignored", "=x\ny=1", []entry{{Key: "y", Value: "1", Line: 2}}},
		{"CRLF", "a=1\r\nb=2\r\n", []entry{{Key: "a", Value: "1", Line: 1}, {Key: "b", Value: "2", Line: 2}}},
		{"blank lines counted", "\n\n  \nk=v", []entry{{Key: "k", Value: "v", Line: 4}}},
		{"empty value", "k=", []entry{{Key: "k", Value: "", Line: 1}}},
		{"expression kept raw", "//h/:_authToken=${NPM_TOKEN}", []entry{{Key: "//h/:_authToken", Value: "${NPM_TOKEN}", Line: 1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := parseNpmrc(tt.in)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("parseNpmrc(%q)\n got %+v\nwant %+v", tt.in, got, tt.want)
			}
		})
	}
}

func TestQuoteIniRoundTrip(t *testing.T) {
	values := []string{
		"plain", "a=b", "dXNlcjpwYXNzMQ==", "[x", " lead", "trail ", `"quoted"`, "'single'",
		"semi;colon", "hash#tag", `back\slash`, `end\`, `a\;b`, `a\\b`, "line\nbreak", "${NPM_TOKEN}",
	}
	for _, v := range values {
		line := "k=" + quoteIni(v)
		got := parseNpmrc(line)
		if len(got) != 1 || got[0].Value != v {
			t.Errorf("value %q written as %q reads back as %+v", v, line, got)
		}
	}
	if got := quoteIni("dXNlcjpwYXNzMQ=="); got != `"dXNlcjpwYXNzMQ=="` {
		t.Errorf("value with '=' must be JSON-quoted like npm, got %s", got)
	}
	if got := quoteIni("a;b#c"); got != `a\;b\#c` {
		t.Errorf("';' and '#' must be escaped like npm, got %s", got)
	}
}

func FuzzParseNpmrc(f *testing.F) {
	for _, seed := range []string{
		"registry=http://127.0.0.1:4873/\n//127.0.0.1:4873/:_authToken=${TOKEN}\n",
		"; comment\n[section]\nk=v\n",
		`v="a\"b"` + "\nw='x'\nca[]=1\n",
		"a=b#c\\#d\\",
	} {
		f.Add(seed, "value;#=\\")
	}
	f.Fuzz(func(t *testing.T, file, val string) {
		_ = parseNpmrc(file)

		// Whatever npm-compatible value we write must read back unchanged.
		// Values are trimmed and cannot hold a NUL or invalid UTF-8 in JSON.
		val = strings.TrimSpace(val)
		if strings.ContainsAny(val, "\x00\r") || !utf8.ValidString(val) {
			return
		}
		lines := setLine(splitLines(file), "fuzzkey", val)
		var got *entry
		for _, e := range parseNpmrc(strings.Join(lines, "\n")) {
			if e.Key == "fuzzkey" {
				e := e
				got = &e
			}
		}
		if val == "" {
			return
		}
		if got == nil || got.Value != val {
			t.Fatalf("wrote %q into %q, read back %+v", val, file, got)
		}
	})
}
