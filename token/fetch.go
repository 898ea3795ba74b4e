package token

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"unicode/utf8"

	"github.com/gonpm/gonpm/internal/jsonobject"
	"github.com/gonpm/gonpm/internal/registry"
)

// listed is one token as the registry lists it, with its short id.
type listed struct {
	// Raw is the registry's object, kept for --json.
	Raw *jsonobject.Object
	Key string
	// Token is the start of the token's value the registry shows.
	Token string
	ID    string
}

// maxPages stops a registry whose next links go round in circles.
const maxPages = 1000

// fetchAll reads every page of the token list, following urls.next.
func fetchAll(ctx context.Context, s *session) ([]*listed, error) {
	var all []*listed
	seen := map[string]bool{}
	next := tokensPath
	for next != "" {
		if seen[next] || len(seen) >= maxPages {
			return nil, fmt.Errorf("the registry's token list does not end: page %s comes round again", next)
		}
		seen[next] = true
		resp, err := s.Client.Do(ctx, &registry.Request{Method: http.MethodGet, Path: next, Registry: s.Registry})
		if err != nil {
			return nil, fmt.Errorf("could not list your tokens: %w", err)
		}
		var page struct {
			Objects []json.RawMessage `json:"objects"`
			URLs    struct {
				Next string `json:"next"`
			} `json:"urls"`
		}
		if err := resp.Decode(&page); err != nil {
			return nil, err
		}
		for _, raw := range page.Objects {
			obj, err := jsonobject.Parse(raw)
			if err != nil {
				return nil, fmt.Errorf("the registry's token list (%s) holds something that is not a token: %w", resp.URL, err)
			}
			all = append(all, &listed{Raw: obj, Key: obj.String("key"), Token: obj.String("token")})
		}
		next = page.URLs.Next
	}
	assignIDs(all, 6)
	return all, nil
}

// assignIDs gives each token the shortest prefix of its key (at least
// minLength long) that no other listed token shares, as npm does; a
// prefix never ends inside a character.
func assignIDs(tokens []*listed, minLength int) {
	for _, t := range tokens {
		t.ID = t.Key
		for n := minLength; n < len(t.Key); n++ {
			if !utf8.RuneStart(t.Key[n]) {
				continue
			}
			if !sharedPrefix(tokens, t, t.Key[:n]) {
				t.ID = t.Key[:n]
				break
			}
		}
	}
}

func sharedPrefix(tokens []*listed, self *listed, prefix string) bool {
	for _, o := range tokens {
		if o != self && len(o.Key) >= len(prefix) && o.Key[:len(prefix)] == prefix {
			return true
		}
	}
	return false
}
