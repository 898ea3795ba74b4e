package profile

import (
	"fmt"
	"net/url"
	"strings"
)

// enrolment is what an authenticator app needs, read from the registry's
// otpauth:// URL.
type enrolment struct {
	URL     string
	Secret  string
	Issuer  string
	Account string
}

// parseOTPAuth reads an otpauth://totp/<issuer>:<account>?secret=… URL.
// The error never repeats the URL: it holds the secret.
func parseOTPAuth(raw string) (*enrolment, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "otpauth" {
		return nil, fmt.Errorf("the registry's enrolment URL is not a valid otpauth:// URL")
	}
	q := u.Query()
	e := &enrolment{URL: raw, Secret: q.Get("secret"), Issuer: q.Get("issuer")}
	if e.Secret == "" {
		return nil, fmt.Errorf("the registry's otpauth:// URL has no secret")
	}
	label := strings.TrimPrefix(u.Path, "/")
	if issuer, account, ok := strings.Cut(label, ":"); ok {
		e.Account = strings.TrimSpace(account)
		if e.Issuer == "" {
			e.Issuer = issuer
		}
	} else {
		e.Account = label
	}
	return e, nil
}
