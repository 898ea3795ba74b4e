package e2e

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

// Script commands for publishing from CI: a stand-in for GitHub Actions'
// ID-token service, trusted-publisher settings on the test registry, and
// a clock shared by the registry and the print-totp authenticator.
func init() {
	registryCommands["oidc-issuer"] = cmdOIDCIssuer
	registryCommands["trust"] = cmdTrust
	registryCommands["publishauth"] = cmdPublishAuth
	registryCommands["fakeclock"] = cmdFakeClock
}

type issuerKey struct{}

// oidcIssuer answers like GitHub Actions' ACTIONS_ID_TOKEN_REQUEST_URL:
// GET with "Authorization: bearer <request token>" and an audience query
// parameter returns {"value": "<id token>"}.
type oidcIssuer struct {
	idToken, requestToken string

	mu        sync.Mutex
	audiences []string
}

func (o *oidcIssuer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	scheme, tok, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	if r.Method != http.MethodGet || !strings.EqualFold(scheme, "bearer") || tok != o.requestToken {
		http.Error(w, `{"message":"bad request token"}`, http.StatusUnauthorized)
		return
	}
	if r.URL.Query().Get("api-version") != "2.0" {
		// GitHub's URL carries its own query; it must be kept.
		http.Error(w, `{"message":"api-version missing"}`, http.StatusBadRequest)
		return
	}
	if r.Header.Get("Npm-Otp") != "" {
		http.Error(w, `{"message":"a one-time password was sent to the ID-token service"}`, http.StatusBadRequest)
		return
	}
	aud := r.URL.Query().Get("audience")
	o.mu.Lock()
	o.audiences = append(o.audiences, aud)
	o.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]string{"value": o.idToken})
}

// oidc-issuer start <id-token>: serve GitHub's ID-token endpoint on
// 127.0.0.1 and set the variables a job with `id-token: write` has.
// oidc-issuer audiences: print the audience of each request, one a line.
func cmdOIDCIssuer(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) == 0 {
		ts.Fatalf("usage: oidc-issuer start <id-token> | oidc-issuer audiences")
	}
	switch args[0] {
	case "start":
		if len(args) != 2 {
			ts.Fatalf("usage: oidc-issuer start <id-token>")
		}
		o := &oidcIssuer{idToken: args[1], requestToken: randomString()}
		l, err := net.Listen("tcp", "127.0.0.1:0")
		ts.Check(err)
		srv := &httptest.Server{Listener: l, Config: &http.Server{Handler: o, ReadHeaderTimeout: 10 * time.Second}}
		srv.Start()
		ts.Defer(srv.Close)
		ts.Setenv("GITHUB_ACTIONS", "true")
		ts.Setenv("ACTIONS_ID_TOKEN_REQUEST_URL", srv.URL+"/idtoken?api-version=2.0")
		ts.Setenv("ACTIONS_ID_TOKEN_REQUEST_TOKEN", o.requestToken)
		issuersMu.Lock()
		issuers[ts] = o
		issuersMu.Unlock()
		ts.Defer(func() {
			issuersMu.Lock()
			delete(issuers, ts)
			issuersMu.Unlock()
		})
	case "audiences":
		issuersMu.Lock()
		o := issuers[ts]
		issuersMu.Unlock()
		if o == nil {
			ts.Fatalf("no oidc-issuer started")
		}
		o.mu.Lock()
		defer o.mu.Unlock()
		for _, a := range o.audiences {
			fmt.Fprintln(ts.Stdout(), a)
		}
	default:
		ts.Fatalf("unknown oidc-issuer subcommand %q", args[0])
	}
}

// issuers holds each script's fake ID-token service (scripts run in
// parallel, each with its own TestScript).
var (
	issuersMu sync.Mutex
	issuers   = map[*testscript.TestScript]*oidcIssuer{}
)

// trust <pkg> <id-token>: configure a trusted publisher for pkg that
// accepts jobs holding id-token.
func cmdTrust(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: trust <pkg> <id-token>")
	}
	server(ts).TrustPublisher(args[0], args[1])
}

// publishauth <pkg>: for each publish PUT of pkg, print its status and
// which credential it carried: "trusted-publishing" (a token from the
// OIDC exchange), "configured" (any other token) or "none"; and "otp"
// when a one-time password was sent.
func cmdPublishAuth(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: publishauth <pkg>")
	}
	srv := server(ts)
	path := "/" + strings.Replace(args[0], "/", "%2f", 1)
	for _, r := range srv.Requests() {
		if r.Method != http.MethodPut || r.Path != path {
			continue
		}
		kind := "none"
		if tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
			kind = "configured"
			if srv.IsTrustedPublishingToken(tok) {
				kind = "trusted-publishing"
			}
		}
		otp := ""
		if r.Header.Get("Npm-Otp") != "" {
			otp = " otp"
		}
		fmt.Fprintf(ts.Stdout(), "%d %s%s\n", r.Status, kind, otp)
	}
}

// fakeclock <file>: the registry's clock runs ahead of real time by the
// duration written in file ("10m"; no file means none). print-totp reads
// the same file through $TOTP_CLOCK_FILE, so a script makes time pass for
// both by writing it.
func cmdFakeClock(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: fakeclock <file>")
	}
	file := ts.MkAbs(args[0])
	ts.Setenv("TOTP_CLOCK_FILE", file)
	server(ts).SetNow(func() time.Time { return fakeNow(file) })
}

// fakeNow is the real time plus the offset in file.
func fakeNow(file string) time.Time {
	now := time.Now()
	data, err := os.ReadFile(file)
	if err != nil {
		return now
	}
	d, err := time.ParseDuration(strings.TrimSpace(string(data)))
	if err != nil {
		return now
	}
	return now.Add(d)
}

func randomString() string {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}
