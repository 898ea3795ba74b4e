package auth

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/registry"
	"github.com/gonpm/gonpm/otpprompt"
)

var emailPattern = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)

// credentials are what the legacy flow asks for.
type credentials struct {
	username, password, email string
}

func legacyLogin(ctx context.Context, opts *loginSession) (string, error) {
	creds, err := askCredentials(opts)
	if err != nil {
		return "", err
	}
	opts.Secrets.Add(creds.password)
	userPath := "-/user/org.couchdb.user:" + url.PathEscape(creds.username)
	doc := map[string]any{
		"_id":      "org.couchdb.user:" + creds.username,
		"name":     creds.username,
		"password": creds.password,
		"type":     "user",
		"roles":    []string{},
		"date":     time.Now().UTC().Format(time.RFC3339Nano),
	}
	if opts.Create {
		doc["email"] = creds.email
	}
	var reply struct {
		Token string `json:"token"`
	}
	err = opts.Client.DoJSON(ctx, &registry.Request{Method: http.MethodPut, Path: userPath, Registry: opts.Registry, JSON: doc}, &reply)
	switch {
	case err == nil:
		return reply.Token, nil
	case registry.IsStatus(err, http.StatusConflict) && !opts.Create:
		return updateExistingUser(ctx, opts, creds, userPath, doc)
	case registry.IsStatus(err, http.StatusBadRequest):
		return "", fmt.Errorf("there is no user with the username %q: %w", creds.username, err)
	case registry.IsStatus(err, http.StatusUnauthorized) && opts.Create:
		return "", cmdutil.Explain(fmt.Sprintf("could not create the user %q on %s: the name is taken, or it is yours and the password is wrong; pick another name, or run `gonpm login`", creds.username, opts.Registry), err)
	case registry.IsStatus(err, http.StatusUnauthorized):
		return "", cmdutil.Explain(fmt.Sprintf("incorrect user name or password for %s; check them and run `gonpm login` again", opts.Registry), err)
	}
	return "", err
}

// updateExistingUser is CouchDB's flow for a user that exists: read the
// document with the password being logged in with, then write it back at
// its revision.
func updateExistingUser(ctx context.Context, opts *loginSession, creds credentials, userPath string, doc map[string]any) (string, error) {
	basic := &config.Auth{
		Basic:    base64.StdEncoding.EncodeToString([]byte(creds.username + ":" + creds.password)),
		Username: creds.username,
		Password: creds.password,
	}
	var existing map[string]any
	err := opts.Client.DoJSON(ctx, &registry.Request{Method: http.MethodGet, Path: userPath, Query: url.Values{"write": {"true"}}, Registry: opts.Registry, Auth: basic}, &existing)
	if err != nil {
		return "", fmt.Errorf("logging in as %s: %w", creds.username, err)
	}
	for k, v := range existing {
		if _, ok := doc[k]; !ok || k == "roles" {
			doc[k] = v
		}
	}
	rev, _ := existing["_rev"].(string)
	var reply struct {
		Token string `json:"token"`
	}
	err = opts.Client.DoJSON(ctx, &registry.Request{Method: http.MethodPut, Path: userPath + "/-rev/" + url.PathEscape(rev), Registry: opts.Registry, JSON: doc, Auth: basic}, &reply)
	if err != nil {
		return "", fmt.Errorf("logging in as %s: %w", creds.username, err)
	}
	return reply.Token, nil
}

func askCredentials(opts *loginSession) (credentials, error) {
	var c credentials
	var err error
	noInput := func(err error) error {
		if errors.Is(err, otpprompt.ErrNoInput) {
			return errors.New("no answer: standard input was closed; type the user name and password (and, for adduser, the email) at a terminal, or pipe them to gonpm one per line")
		}
		return err
	}
	for c.username == "" {
		if c.username, err = opts.Prompter.Input("Username: "); err != nil {
			return c, noInput(err)
		}
		c.username = strings.TrimSpace(c.username)
		if c.username != "" && strings.ToLower(c.username) != c.username {
			fmt.Fprintln(opts.IO.ErrOut, "gonpm warn Name must be lowercase")
			c.username = ""
		}
	}
	for c.password == "" {
		if c.password, err = opts.Prompter.Password("Password: "); err != nil {
			return c, noInput(err)
		}
	}
	if opts.Create {
		for !emailPattern.MatchString(c.email) {
			if c.email, err = opts.Prompter.Input("Email (this will be public): "); err != nil {
				return c, noInput(err)
			}
			c.email = strings.TrimSpace(c.email)
		}
	}
	return c, nil
}
