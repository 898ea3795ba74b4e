package e2e

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gonpm/gonpm/internal/registrytest"
	"github.com/rogpeppe/go-internal/testscript"
)

type serverKey struct{}
type secretsKey struct{}

// setupTestRegistry starts a test registry for one script and points
// gonpm at it through the environment, the way a user configures npm.
func setupTestRegistry(env *testscript.Env) error {
	srv, err := registrytest.Start("127.0.0.1:0", "", registrytest.WithRetryAfter("0"))
	if err != nil {
		return err
	}
	env.Defer(func() { _ = srv.Close() })
	env.Values[serverKey{}] = srv
	env.Values[secretsKey{}] = map[string]string{}
	home := filepath.Join(env.WorkDir, "home")
	env.Setenv("HOME", home)
	env.Setenv("REGISTRY", srv.URL)
	env.Setenv("REGISTRY_HOST", strings.TrimSuffix(strings.TrimPrefix(srv.URL, "http://"), "/"))
	env.Setenv("NPM_CONFIG_REGISTRY", srv.URL)
	env.Setenv("NPM_CONFIG_FETCH_RETRY_MINTIMEOUT", "10")
	env.Setenv("NPM_CONFIG_FETCH_RETRY_MAXTIMEOUT", "100")
	return nil
}

func server(ts *testscript.TestScript) *registrytest.Server {
	return ts.Value(serverKey{}).(*registrytest.Server)
}

// registryCommands are the script commands that set up and inspect the
// test registry directly.
var registryCommands = map[string]func(ts *testscript.TestScript, neg bool, args []string){
	"registry": cmdRegistry,
	"totp":     cmdTOTP,
	"exits":    cmdExits,
	"secret":   cmdSecret,
}

// registry adduser <name> <password> [<email>]
// registry tfa <user> <auth-only|auth-and-writes>
// registry addpkg <owner> <name> <version>...
// registry disttags <pkg>
// registry maintainers <pkg>
// registry tfamode <user>
// registry addteam <scope> <team> <member>...
// registry access <pkg>        (public or restricted)
// registry tfapolicy <pkg>     (publish_requires_tfa=<bool> automation_token_overrides_tfa=<bool>)
// registry teampkgs <scope> <team>  ("(none)" when it has no packages)
// registry resetlog            (forget the requests made so far)
// registry challenge header|body|web
// registry autoapprove <user>
// registry fault <method> <path> <status> [<times>] [<retry-after>]
// registry requests <method> <path-prefix>   (prints how many were made)
// registry drop <method> <path> before|after   (drop the connection once)
// registry versions <pkg>                      (prints the versions, sorted, or "none")
// registry applyfault <method> <path> <status>  (store the write, then answer status)
// registry resetlog                            (forget the requests so far)
// registry token <user> <packages-permission> [bypass-2fa]  (log in with a new granular token: $HOME/.npmrc)
func cmdRegistry(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("registry does not support !")
	}
	if len(args) == 0 {
		ts.Fatalf("usage: registry <subcommand> ...")
	}
	srv := server(ts)
	switch args[0] {
	case "adduser":
		email := args[1] + "@example.com"
		if len(args) > 3 {
			email = args[3]
		}
		srv.AddUser(args[1], args[2], email)
	case "tfa":
		secret, _ := srv.EnableTFA(args[1], args[2])
		ts.Value(secretsKey{}).(map[string]string)[args[1]] = secret
	case "addpkg":
		srv.AddPackage(args[1], args[2], args[3:]...)
	case "disttags":
		tags := srv.DistTags(args[1])
		keys := make([]string, 0, len(tags))
		for k := range tags {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(ts.Stdout(), "%s: %s\n", k, tags[k])
		}
	case "maintainers":
		fmt.Fprintln(ts.Stdout(), strings.Join(srv.Maintainers(args[1]), " "))
	case "addteam":
		srv.AddTeam(args[1], args[2], args[3:]...)
	case "access":
		fmt.Fprintln(ts.Stdout(), srv.Access(args[1]))
	case "tfapolicy":
		required, overrides := srv.PublishRequiresTFA(args[1])
		fmt.Fprintf(ts.Stdout(), "publish_requires_tfa=%t automation_token_overrides_tfa=%t\n", required, overrides)
	case "teampkgs":
		grants := srv.TeamPackages(args[1], args[2])
		keys := make([]string, 0, len(grants))
		for k := range grants {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(ts.Stdout(), "%s: %s\n", k, grants[k])
		}
		if len(keys) == 0 {
			fmt.Fprintln(ts.Stdout(), "(none)")
		}
	case "resetlog":
		srv.ResetLog()
	case "tfamode":
		fmt.Fprintln(ts.Stdout(), srv.TFAMode(args[1]))
	case "challenge":
		style, ok := registrytest.ParseChallengeStyle(args[1])
		if !ok {
			ts.Fatalf("unknown challenge style %q", args[1])
		}
		srv.SetChallenge(style)
	case "autoapprove":
		srv.AutoApproveWeb(args[1])
	case "fault":
		status, _ := strconv.Atoi(args[3])
		f := registrytest.Fault{Method: args[1], Path: args[2], Status: status}
		if len(args) > 4 {
			f.Times, _ = strconv.Atoi(args[4])
		}
		if len(args) > 5 {
			f.RetryAfter = args[5]
		}
		srv.Inject(f)
	case "requests":
		n := 0
		for _, r := range srv.Requests() {
			if r.Method == args[1] && strings.HasPrefix(r.Path, args[2]) {
				n++
			}
		}
		fmt.Fprintf(ts.Stdout(), "%d\n", n)
	case "drop":
		mode := registrytest.DropBeforeResponse
		if args[3] == "after" {
			mode = registrytest.DropAfterApply
		}
		srv.Inject(registrytest.Fault{Method: args[1], Path: args[2], Drop: mode})
	case "versions":
		doc := srv.Packument(args[1])
		versions, _ := doc["versions"].(map[string]any)
		keys := make([]string, 0, len(versions))
		for v := range versions {
			keys = append(keys, v)
		}
		sort.Strings(keys)
		for _, v := range keys {
			fmt.Fprintln(ts.Stdout(), v)
		}
		if len(keys) == 0 {
			fmt.Fprintln(ts.Stdout(), "none")
		}
	case "applyfault":
		status, _ := strconv.Atoi(args[3])
		srv.Inject(registrytest.Fault{Method: args[1], Path: args[2], Status: status, ApplyFirst: true})
	case "token":
		tok := srv.AddToken(args[1], registrytest.TokenOptions{PackagesPermission: args[2], Bypass2FA: len(args) > 3 && args[3] == "bypass-2fa"})
		ts.Check(os.MkdirAll(ts.Getenv("HOME"), 0o700))
		ts.Check(os.WriteFile(filepath.Join(ts.Getenv("HOME"), ".npmrc"), []byte("//"+ts.Getenv("REGISTRY_HOST")+"/:_authToken="+tok+"\n"), 0o600))
	default:
		ts.Fatalf("unknown registry subcommand %q", args[0])
	}
}

// totp <user> <VAR>: put the user's current one-time password in $VAR.
// offset shifts it by whole 30-second steps: totp <user> <VAR> -1.
func cmdTOTP(ts *testscript.TestScript, neg bool, args []string) {
	secret, ok := ts.Value(secretsKey{}).(map[string]string)[args[0]]
	if !ok {
		ts.Fatalf("no 2FA secret for %s: run `registry tfa` first", args[0])
	}
	at := time.Now()
	if len(args) > 2 {
		steps, _ := strconv.Atoi(args[2])
		at = at.Add(time.Duration(steps) * 30 * time.Second)
	}
	ts.Setenv(args[1], server(ts).TOTP(secret, at))
}

// exits <code> <program> <args>...: run a program and check its exit
// status exactly (testscript's `!` only says "not zero").
func cmdExits(ts *testscript.TestScript, neg bool, args []string) {
	want, err := strconv.Atoi(args[0])
	if err != nil || len(args) < 2 {
		ts.Fatalf("usage: exits <code> <program> [<args>...]")
	}
	err = ts.Exec(args[1], args[2:]...)
	got := 0
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		got = exitErr.ExitCode()
	} else if err != nil {
		ts.Fatalf("running %s: %v", args[1], err)
	}
	if got != want {
		ts.Fatalf("%s exited with %d, want %d", args[1], got, want)
	}
}

// secret <user> <VAR>: put the user's TOTP secret in $VAR, for scripts
// that hand it to an authenticator command.
func cmdSecret(ts *testscript.TestScript, neg bool, args []string) {
	secret, ok := ts.Value(secretsKey{}).(map[string]string)[args[0]]
	if !ok {
		ts.Fatalf("no 2FA secret for %s: run `registry tfa` first", args[0])
	}
	ts.Setenv(args[1], secret)
}
