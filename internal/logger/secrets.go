package logger

import (
	"sort"
	"strings"
	"sync"
)

// Mask is what a secret is replaced with in any output.
const Mask = "***"

// minSecretLen keeps very short values (an empty password, "1") from
// masking ordinary text.
const minSecretLen = 4

// Secrets is a set of values (tokens, passwords, one-time passwords, TOTP
// secrets) that are replaced by *** wherever gonpm prints diagnostics.
type Secrets struct {
	mu     sync.RWMutex
	values []string
}

// Add registers values as secret. Short values are ignored.
func (s *Secrets) Add(values ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, v := range values {
		v = strings.TrimSpace(v)
		if len(v) < minSecretLen {
			continue
		}
		s.values = append(s.values, v)
	}
	// Longest first, so a secret that contains another is masked whole.
	sort.Slice(s.values, func(i, j int) bool { return len(s.values[i]) > len(s.values[j]) })
}

// Mask replaces every registered secret in text.
func (s *Secrets) Mask(text string) string {
	if s == nil {
		return text
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, v := range s.values {
		text = strings.ReplaceAll(text, v, Mask)
	}
	return text
}
