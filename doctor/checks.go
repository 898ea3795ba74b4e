package doctor

import (
	"context"
	"crypto/sha512"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/gonpm/gonpm/internal/oidc"
	"github.com/gonpm/gonpm/internal/registry"
)

// collect runs the checks in order; later ones are skipped when an earlier
// one makes them meaningless (no registry, no credential).
func collect(ctx context.Context, opts *session) []Check {
	var checks []Check
	add := func(name string, s Status, format string, args ...any) {
		checks = append(checks, Check{Name: name, Status: s, Detail: fmt.Sprintf(format, args...)})
	}

	start := time.Now()
	resp, err := opts.Client.Do(ctx, &registry.Request{Method: http.MethodGet, Path: "-/ping", NoOTP: true})
	took := time.Since(start)
	var he *registry.HTTPError
	switch {
	case err == nil:
		add("registry", OK, "%s answers (GET /-/ping in %d ms)", opts.Registry, took.Milliseconds())
		checks = append(checks, clockCheck(resp.Header.Get("Date"), start, took))
	case errors.As(err, &he):
		// An error status is still an answer (some registries have no
		// ping, or want a credential for it).
		add("registry", OK, "%s answers (GET /-/ping: %d, in %d ms)", opts.Registry, he.StatusCode, took.Milliseconds())
		checks = append(checks, clockCheck(he.Header.Get("Date"), start, took))
	default:
		add("registry", Fail, "%s does not answer: %v", opts.Registry, err)
		return checks
	}

	auth := opts.Config.AuthFor(opts.Registry, opts.Registry)
	if auth == nil {
		add("credential", Warn, "none for %s: run `gonpm login`", opts.Registry)
	} else {
		where := auth.Source.Key
		if auth.Source.File != "" {
			where += " in " + auth.Source.File
		} else if auth.Source.Layer != "" {
			where += " (" + auth.Source.Layer + ")"
		}
		add("credential", OK, "%s", where)
		if oidc.PlaceholderToken(auth.Token) {
			add("credential", Warn, "the token looks like a CI placeholder, not a real token")
		}
	}

	var who struct {
		Username string `json:"username"`
	}
	if auth != nil {
		if err := opts.Client.DoJSON(ctx, &registry.Request{Method: http.MethodGet, Path: "-/whoami", NoOTP: true}, &who); err != nil {
			add("logged in as", Fail, "the registry refused the credential: %v", err)
		} else if who.Username == "" {
			// Verdaccio answers an unknown token as for an anonymous user.
			add("logged in as", Fail, "nobody: the registry does not know the credential (it may be expired or revoked); run `gonpm login`")
		} else {
			add("logged in as", OK, "%s", who.Username)
			if auth.Token != "" {
				checks = append(checks, expiryCheck(ctx, opts, auth.Token))
			}
			checks = append(checks, tfaCheck(ctx, opts))
		}
	}
	checks = append(checks, oidcCheck(opts))
	checks = append(checks, packageChecks(ctx, opts.Client, opts.Config, opts.Cwd)...)
	return checks
}

// clockCheck compares the registry's Date with the middle of the request.
func clockCheck(date string, start time.Time, took time.Duration) Check {
	server, err := http.ParseTime(date)
	if err != nil {
		return Check{Name: "clock", Status: Info, Detail: "the registry sent no Date header to compare with"}
	}
	// Date has whole seconds, so the registry's clock was somewhere in
	// [server, server+1s): compare with the middle of that second.
	local := start.Add(took / 2)
	offset := local.Sub(server.Add(500 * time.Millisecond)).Round(time.Second)
	c := Check{Name: "clock", Status: OK, Detail: fmt.Sprintf("%+ds from the registry's clock", int(offset.Seconds()))}
	if offset > 30*time.Second || offset < -30*time.Second {
		c.Status = Warn
		c.Detail += ": one-time passwords from an authenticator will be refused; set the clock (NTP)"
	}
	return c
}

func expiryCheck(ctx context.Context, opts *session, token string) Check {
	var list struct {
		Objects []struct {
			Key     string `json:"key"`
			Expires string `json:"expires"`
		} `json:"objects"`
	}
	if err := opts.Client.DoJSON(ctx, &registry.Request{Method: http.MethodGet, Path: "-/npm/v1/tokens", NoOTP: true}, &list); err != nil {
		return Check{Name: "token expiry", Status: Info, Detail: "the registry does not list tokens here"}
	}
	sum := sha512.Sum512([]byte(token))
	key := hex.EncodeToString(sum[:])
	for _, o := range list.Objects {
		if o.Key != key {
			continue
		}
		if o.Expires == "" {
			return Check{Name: "token expiry", Status: OK, Detail: "does not expire"}
		}
		exp, err := time.Parse(time.RFC3339, o.Expires)
		if err != nil {
			return Check{Name: "token expiry", Status: Info, Detail: o.Expires}
		}
		left := time.Until(exp)
		switch {
		case left <= 0:
			return Check{Name: "token expiry", Status: Fail, Detail: "expired on " + exp.Format("2006-01-02")}
		case left < 7*24*time.Hour:
			return Check{Name: "token expiry", Status: Warn, Detail: fmt.Sprintf("expires on %s (in %d days)", exp.Format("2006-01-02"), int(left.Hours()/24))}
		}
		return Check{Name: "token expiry", Status: OK, Detail: "expires on " + exp.Format("2006-01-02")}
	}
	return Check{Name: "token expiry", Status: Info, Detail: "the registry did not say"}
}

func tfaCheck(ctx context.Context, opts *session) Check {
	var profile struct {
		TFA any `json:"tfa"`
	}
	if err := opts.Client.DoJSON(ctx, &registry.Request{Method: http.MethodGet, Path: "-/npm/v1/user", NoOTP: true}, &profile); err != nil {
		return Check{Name: "two-factor auth", Status: Info, Detail: "the registry has no profile endpoint"}
	}
	if tfa, ok := profile.TFA.(map[string]any); ok {
		if pending, _ := tfa["pending"].(bool); pending {
			return Check{Name: "two-factor auth", Status: Warn, Detail: "enrolment pending: finish it with `gonpm profile enable-2fa`"}
		}
		if mode, _ := tfa["mode"].(string); mode != "" {
			detail := mode
			if mode == "auth-and-writes" {
				detail += ": writes need a one-time password (--otp, NPM_CONFIG_OTP, --otp-command, or a prompt)"
			}
			return Check{Name: "two-factor auth", Status: OK, Detail: detail}
		}
	}
	return Check{Name: "two-factor auth", Status: Info, Detail: "disabled"}
}

func oidcCheck(opts *session) Check {
	getenv := opts.Getenv
	switch {
	case getenv("NPM_ID_TOKEN") != "":
		return Check{Name: "trusted publishing", Status: OK, Detail: "an ID token is given in NPM_ID_TOKEN"}
	case getenv("ACTIONS_ID_TOKEN_REQUEST_URL") != "" && getenv("ACTIONS_ID_TOKEN_REQUEST_TOKEN") != "":
		return Check{Name: "trusted publishing", Status: OK, Detail: "GitHub Actions can issue an ID token (permissions: id-token: write)"}
	case getenv("GITHUB_ACTIONS") != "":
		return Check{Name: "trusted publishing", Status: Info, Detail: "GitHub Actions without an ID token: add `permissions: id-token: write` to the job"}
	}
	return Check{Name: "trusted publishing", Status: Info, Detail: "not available here (no ID token: not GitHub Actions, and NPM_ID_TOKEN is not set)"}
}
