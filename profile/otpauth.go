package profile

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/pquerna/otp"
)

// enrolment is what an authenticator app needs, read from the registry's
// otpauth:// URL.
type enrolment struct {
	URL     string
	Secret  string
	Issuer  string
	Account string
}

// parseOTPAuth reads an otpauth://totp/<issuer>:<account>?secret=… URL
// with pquerna/otp's key parser (the Key URI format authenticator apps
// read). The issuer and account are shown on the terminal, so control
// characters in them are replaced. The error never repeats the URL: it
// holds the secret.
func parseOTPAuth(raw string) (*enrolment, error) {
	key, err := otp.NewKeyFromURL(raw)
	if err != nil || !strings.HasPrefix(raw, "otpauth://") {
		return nil, fmt.Errorf("the registry's enrolment URL is not a valid otpauth:// URL")
	}
	if key.Type() != "totp" {
		return nil, fmt.Errorf("the registry's enrolment URL is for %q codes; gonpm enrols authenticator apps with time-based (totp) codes only", printable(key.Type()))
	}
	e := &enrolment{
		URL:     raw,
		Secret:  key.Secret(),
		Issuer:  printable(key.Issuer()),
		Account: printable(strings.TrimSpace(key.AccountName())),
	}
	if e.Secret == "" {
		return nil, fmt.Errorf("the registry's otpauth:// URL has no secret")
	}
	return e, nil
}

// printable replaces what a terminal would act on instead of show.
func printable(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsPrint(r) {
			return r
		}
		return '?'
	}, s)
}
