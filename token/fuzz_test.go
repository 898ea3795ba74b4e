package token

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/gonpm/gonpm/internal/iostreams"
	"github.com/gonpm/gonpm/internal/jsonobject"
)

// FuzzTokenList feeds arbitrary token list pages to the id computation
// and `token list` output: never a panic; every id is the start of its
// token's key, ids of different keys differ, revoking by a listed id
// picks exactly that token, output is valid text for valid input, and
// --json prints every token with its id.
func FuzzTokenList(f *testing.F) {
	for _, s := range []string{
		`{"objects":[{"key":"abcdef1234","token":"npm_ab","created":"2024-01-01T00:00:00Z","readonly":false,"cidr_whitelist":null},` +
			`{"key":"abcdef5678","token":"npm_cd","name":"ci","readonly":true,"cidr_whitelist":["1.2.3.4/32"]}]}`,
		`{"objects":[{"key":"abcdefg"},{"key":"abcdefgh"},{"key":"abc"},{"key":""}]}`,
		`{"objects":[{"key":"ééééééé1"},{"key":"ééééééé2"},{"created":"ééééééééééééé"}]}`,
		`{"objects":[{"key":5,"created":1e21}]}`, `{"objects":[]}`, `{"objects":null}`,
	} {
		f.Add([]byte(s), uint8(0))
		f.Add([]byte(s), uint8(1))
		f.Add([]byte(s), uint8(2))
	}
	f.Fuzz(func(t *testing.T, data []byte, format uint8) {
		var page struct {
			Objects []json.RawMessage `json:"objects"`
		}
		if json.Unmarshal(data, &page) != nil {
			return
		}
		var tokens []*listed
		for _, raw := range page.Objects {
			obj, err := jsonobject.Parse(raw)
			if err != nil {
				return // fetchAll refuses the page
			}
			tokens = append(tokens, &listed{Raw: obj, Key: obj.String("key"), Token: obj.String("token")})
		}
		assignIDs(tokens, 6)
		keys := map[string]int{}
		for _, tok := range tokens {
			keys[tok.Key]++
		}
		ids := map[string]string{}
		for _, tok := range tokens {
			if !strings.HasPrefix(tok.Key, tok.ID) || utf8.ValidString(tok.Key) && !utf8.ValidString(tok.ID) {
				t.Fatalf("id %q does not cleanly start key %q", tok.ID, tok.Key)
			}
			if other, ok := ids[tok.ID]; ok && other != tok.Key {
				t.Fatalf("keys %q and %q share the id %q", other, tok.Key, tok.ID)
			}
			ids[tok.ID] = tok.Key
			if keys[tok.Key] == 1 && tok.Key != "" {
				if got, err := resolve(tokens, tok.ID); err != nil || got != tok.Key {
					t.Fatalf("revoking id %q picks %q (%v), want key %q", tok.ID, got, err, tok.Key)
				}
			}
		}

		ios, _, out, _ := iostreams.Test()
		opts := &session{IO: ios, JSON: format%3 == 1, Parseable: format%3 == 2}
		if err := writeList(opts, tokens); err != nil {
			t.Fatalf("writeList: %v", err)
		}
		if utf8.Valid(data) && !utf8.ValidString(out.String()) {
			t.Fatalf("valid input printed invalid text %q", out.String())
		}
		if opts.JSON {
			var back []map[string]any
			if err := json.Unmarshal(out.Bytes(), &back); err != nil || len(back) != len(tokens) {
				t.Fatalf("--json printed %q (%v), want %d tokens", out.String(), err, len(tokens))
			}
			for i, obj := range back {
				if obj["id"] != tokens[i].ID {
					t.Fatalf("--json token %d has id %v, want %q", i, obj["id"], tokens[i].ID)
				}
			}
		}
	})
}
