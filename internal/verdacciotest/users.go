package verdacciotest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"testing"
	"time"
)

// AddUser signs a new user up the way npm's legacy login does (the couch
// PUT /-/user/org.couchdb.user:<name>) and returns the session token.
// For a name that exists already Verdaccio logs in instead, so the right
// password also yields a token. It fails the test if the registry does not
// answer 201 with a token (a wrong password for an existing user gets 401).
func (v *Verdaccio) AddUser(t testing.TB, name, password string) string {
	t.Helper()
	body, err := json.Marshal(map[string]any{
		"_id":      "org.couchdb.user:" + name,
		"name":     name,
		"password": password,
		"type":     "user",
		"roles":    []string{},
		"date":     time.Now().UTC().Format(time.RFC3339),
	})
	if err != nil {
		t.Fatalf("encoding user %q: %v", name, err)
	}
	req, err := http.NewRequest(http.MethodPut, v.URL+"-/user/org.couchdb.user:"+url.PathEscape(name), bytes.NewReader(body))
	if err != nil {
		t.Fatalf("adding user %q: %v", name, err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := v.client.Do(req)
	if err != nil {
		t.Fatalf("adding user %q: %v", name, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode != http.StatusCreated {
		// The reply carries an error message, never the password.
		t.Fatalf("adding user %q: %s: %s", name, resp.Status, raw)
	}
	var created struct {
		Token string `json:"token"`
	}
	if err := json.Unmarshal(raw, &created); err != nil || created.Token == "" {
		t.Fatalf("adding user %q: reply has no token (decode error: %v)", name, err)
	}
	return created.Token
}

// Whoami returns the user the registry sees behind token, or "" when it
// treats the request as anonymous.
func (v *Verdaccio) Whoami(t testing.TB, token string) string {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, v.URL+"-/whoami", nil)
	if err != nil {
		t.Fatalf("asking whoami: %v", err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := v.client.Do(req)
	if err != nil {
		t.Fatalf("asking whoami: %v", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusUnauthorized {
		return ""
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("asking whoami: %s", resp.Status)
	}
	var who struct {
		Username string `json:"username"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&who); err != nil {
		t.Fatalf("decoding whoami: %v", err)
	}
	return who.Username
}
