package registry

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
)

// ChallengeKind says how a 401 answer asks for a second factor.
type ChallengeKind int

const (
	// NoChallenge: the answer is not a request for a one-time password.
	NoChallenge ChallengeKind = iota
	// ClassicChallenge: a code from an authenticator app.
	ClassicChallenge
	// WebChallenge: approval in a browser (authUrl + doneUrl).
	WebChallenge
	// IPChallenge: the address is not allowed; no code helps.
	IPChallenge
)

// Challenge describes a registry's request for a one-time password.
type Challenge struct {
	Kind    ChallengeKind
	Message string
	AuthURL string
	DoneURL string
}

// ClassifyChallenge decides whether a response is an OTP challenge, the way
// npm does: a 401 whose www-authenticate holds the whole token "otp"
// (comma separated, any case), or a 401 without that header whose body
// mentions "one-time pass". "ipaddress" is checked first. A 403 is never a
// challenge.
func ClassifyChallenge(status int, header http.Header, body []byte) Challenge {
	if status != http.StatusUnauthorized {
		return Challenge{}
	}
	ch := Challenge{Message: registryMessage(body)}
	if values := header.Values("Www-Authenticate"); len(values) > 0 {
		var tokens []string
		for _, v := range values {
			for _, piece := range strings.Split(v, ",") {
				tokens = append(tokens, strings.ToLower(strings.TrimSpace(piece)))
			}
		}
		switch {
		case contains(tokens, "ipaddress"):
			ch.Kind = IPChallenge
		case contains(tokens, "otp"):
			ch.Kind = ClassicChallenge
		default:
			return Challenge{}
		}
	} else if strings.Contains(string(body), "one-time pass") {
		ch.Kind = ClassicChallenge
	} else {
		return Challenge{}
	}
	if ch.Kind == ClassicChallenge {
		var web struct {
			AuthURL string `json:"authUrl"`
			DoneURL string `json:"doneUrl"`
		}
		if json.Unmarshal(body, &web) == nil && IsWebURL(web.AuthURL) && IsWebURL(web.DoneURL) {
			ch.Kind = WebChallenge
			ch.AuthURL = StripUserinfo(web.AuthURL)
			ch.DoneURL = web.DoneURL
		}
	}
	return ch
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// IsWebURL accepts only absolute http and https URLs, so a registry cannot
// make gonpm open or print a file: or javascript: link.
func IsWebURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// StripUserinfo removes user:password@ from a URL before it is shown.
func StripUserinfo(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.User == nil {
		return s
	}
	u.User = nil
	return u.String()
}
