package e2e

import (
	"fmt"
	"io/fs"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/gonpm/gonpm/internal/registrytest"
)

// Distinctive values seeded into the secrets test: none of them can turn
// up in output by coincidence.
const (
	hushPassword    = "Quetzal-Pw-41x9"
	hushNewPassword = "Ocelot-NewPw-73k2"
	hushWrongPw     = "Narwhal-WrongPw-55"
	hushAddPassword = "Heron-AddPw-08q"
	hushBadCmdOTP   = "Leaky-OtpCmd-9f3e"
)

// secretValue is one value that must stay hidden, with a label for the
// summary (the label never holds the value).
type secretValue struct {
	label string
	value string
}

// stepOutput is what one command showed: stdout and stderr, or the whole
// screen of a terminal session.
type stepOutput struct {
	name   string
	exit   int
	stdout string
	stderr string
	// allowOut are labels that belong on stdout of this step (a created
	// token); allowScreen are labels that belong on the screen outside log
	// lines (the enrolment's secret and recovery codes).
	allowOut    []string
	allowScreen []string
}

// hygiene runs gonpm command after command at --loglevel silly against
// one test registry, remembering every output and every secret, so that
// each output can be checked against every secret once all are known.
type hygiene struct {
	t       *testing.T
	rt      *redactingTB
	srv     *registrytest.Server
	home    string
	pkgDir  string
	env     []string
	secrets []secretValue
	steps   []stepOutput
}

func (h *hygiene) secret(label, value string) {
	if value == "" {
		h.t.Fatalf("secret %s is empty", label)
	}
	h.secrets = append(h.secrets, secretValue{label, value})
	h.rt.add(value)
}

// run runs gonpm with stdin from input and checks the exit status, so
// each failure case really is reached.
func (h *hygiene) run(name string, wantExit int, input string, args ...string) stepOutput {
	h.t.Helper()
	return h.runEnv(name, wantExit, nil, input, args...)
}

func (h *hygiene) runEnv(name string, wantExit int, extraEnv []string, input string, args ...string) stepOutput {
	h.t.Helper()
	cmd := exec.Command(gonpmBinary(h.t), append(args, "--loglevel", "silly")...)
	cmd.Env = append(append([]string(nil), h.env...), extraEnv...)
	cmd.Dir = h.pkgDir
	cmd.Stdin = strings.NewReader(input)
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	exit := 0
	if err := cmd.Run(); err != nil {
		exitErr, ok := err.(*exec.ExitError)
		if !ok {
			h.t.Fatalf("%s: running gonpm: %v", name, err)
		}
		exit = exitErr.ExitCode()
	}
	s := stepOutput{name: name, exit: exit, stdout: out.String(), stderr: errOut.String()}
	if exit != wantExit {
		h.rt.Errorf("%s: exit %d, want %d; stderr:\n%s", name, exit, wantExit, s.stderr)
	}
	h.steps = append(h.steps, s)
	return s
}

// record adds a terminal session's screen as a step.
func (h *hygiene) record(name string, exit int, screen string, allowScreen ...string) {
	h.steps = append(h.steps, stepOutput{name: name, exit: exit, stderr: screen, allowScreen: allowScreen})
}

// codePattern matches a short secret (a six-digit code) only as a whole
// word, so it is not found inside a hash or a timestamp.
func occurs(text, value string) bool {
	if len(value) > 8 {
		return strings.Contains(text, value)
	}
	re := regexp.MustCompile(`(^|[^0-9A-Za-z])` + regexp.QuoteMeta(value) + `($|[^0-9A-Za-z])`)
	return re.MatchString(text)
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

var gonpmLogLine = regexp.MustCompile(`(?m)^gonpm (silly|http|verbose|info|notice|warn|error) .*$`)

// leaks lists the labels of the secrets step shows where they do not
// belong.
func (h *hygiene) leaks(s stepOutput) []string {
	var found []string
	logs := strings.Join(gonpmLogLine.FindAllString(s.stderr, -1), "\n")
	for _, sec := range h.secrets {
		out, errOut := s.stdout, s.stderr
		if contains(s.allowOut, sec.label) {
			out = ""
		}
		if contains(s.allowScreen, sec.label) {
			errOut = logs // only log and error lines must not show it
		}
		if (occurs(out, sec.value) || occurs(errOut, sec.value)) && !contains(found, sec.label) {
			found = append(found, sec.label)
		}
	}
	return found
}

// fileLeaks checks every file gonpm could have written (logs, caches,
// npmrc) under dir; only npmrc files may hold tokens.
func (h *hygiene) fileLeaks(dir string) {
	h.t.Helper()
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		npmrc := filepath.Base(path) == ".npmrc" || strings.HasSuffix(path, "npmrc")
		for _, sec := range h.secrets {
			if npmrc && strings.HasPrefix(sec.label, "token") {
				continue
			}
			if occurs(string(data), sec.value) {
				h.t.Errorf("%s holds the %s", path, sec.label)
			}
		}
		return nil
	})
	if err != nil {
		h.t.Fatal(err)
	}
}

func (h *hygiene) npmrcToken() string {
	h.t.Helper()
	data, err := os.ReadFile(filepath.Join(h.home, ".npmrc"))
	if err != nil {
		h.t.Fatal(err)
	}
	m := regexp.MustCompile(`:_authToken=(\S+)`).FindStringSubmatch(string(data))
	if m == nil {
		h.t.Fatal("no token in the npmrc")
	}
	return m[1]
}

// code is a current code for the enrolled secret; rejected is a code of
// the right shape that is not valid now.
func (h *hygiene) code(secret string) string {
	c := h.srv.TOTP(secret, time.Now())
	h.secret("one-time password", c)
	return c
}

func rejectedCode(srv *registrytest.Server, secret string) string {
	valid := map[string]bool{}
	for _, d := range []time.Duration{-time.Minute, -30 * time.Second, 0, 30 * time.Second, time.Minute} {
		valid[srv.TOTP(secret, time.Now().Add(d))] = true
	}
	for _, c := range []string{"271828", "314159", "161803"} {
		if !valid[c] {
			return c
		}
	}
	panic("unreachable: three codes valid at once")
}

// TestSecretsStayHidden runs every command, successes and failures, at
// --loglevel silly and checks that no password, token, one-time password,
// TOTP secret, recovery code, web approval or otp-command output shows up
// anywhere but where it belongs.
func TestSecretsStayHidden(t *testing.T) {
	srv := registrytest.New(t)
	h := &hygiene{t: t, rt: redacting(t), srv: srv, home: t.TempDir()}
	h.pkgDir = filepath.Join(h.home, "proj")
	writeFiles(t, h.pkgDir, map[string]string{
		"package.json": `{"name":"hush-new","version":"1.0.0","main":"index.js"}`,
		"index.js":     "module.exports = 1\n",
	})
	h.env = []string{"HOME=" + h.home, "PATH=" + os.Getenv("PATH"), "NPM_CONFIG_REGISTRY=" + srv.URL}
	host := strings.TrimSuffix(strings.TrimPrefix(srv.URL, "http://"), "/")
	nerf := "//" + host + "/"

	h.secret("password", hushPassword)
	h.secret("new password", hushNewPassword)
	h.secret("wrong password", hushWrongPw)
	h.secret("adduser password", hushAddPassword)
	h.secret("otp-command output", hushBadCmdOTP)
	h.secret("token (seeded)", srv.AddUser("quill", hushPassword, "quill@example.com"))
	srv.AddUser("wren", "pw-wren-unused", "wren@example.com")
	srv.AddPackage("quill", "hush-pkg", "1.0.0", "1.1.0")
	srv.AddPackage("quill", "@quill/kit", "1.0.0")
	srv.AddPackage("wren", "wren-pkg", "1.0.0")
	srv.AddTeam("quill", "devs", "quill")

	// Logged out, without 2FA.
	h.run("login legacy, wrong password", 4, "quill\n"+hushWrongPw+"\n", "login", "--auth-type=legacy")
	h.run("login legacy", 0, "quill\n"+hushPassword+"\n", "login", "--auth-type=legacy")
	h.secret("token (login)", h.npmrcToken())
	h.run("whoami", 0, "", "whoami")
	h.run("config get token (refused)", 1, "", "config", "get", nerf+":_authToken")
	h.run("config list", 0, "", "config", "list")
	h.run("config list --json", 0, "", "config", "list", "--json")
	h.run("config set token for another registry", 0, "", "config", "set", "//127.0.0.1:9/:_authToken="+h.npmrcToken())
	h.run("config set unscoped _authToken", 2, "", "config", "set", "_authToken="+h.npmrcToken())
	h.run("config delete", 0, "", "config", "delete", "//127.0.0.1:9/:_authToken")
	h.run("dist-tag ls", 0, "", "dist-tag", "ls", "hush-pkg")
	h.run("dist-tag add", 0, "", "dist-tag", "add", "hush-pkg@1.0.0", "beta")
	h.run("dist-tag rm", 0, "", "dist-tag", "rm", "hush-pkg", "beta")
	h.run("dist-tag add, 403", 1, "", "dist-tag", "add", "wren-pkg@1.0.0", "beta")
	h.run("dist-tag ls, 404", 1, "", "dist-tag", "ls", "nope-pkg")
	h.run("owner ls", 0, "", "owner", "ls", "hush-pkg")
	h.run("owner add", 0, "", "owner", "add", "wren", "hush-pkg")
	h.run("owner rm", 0, "", "owner", "rm", "wren", "hush-pkg")
	h.run("owner add, 403", 1, "", "owner", "add", "quill", "wren-pkg")
	h.run("access list packages", 0, "", "access", "list", "packages", "quill")
	h.run("access list collaborators", 0, "", "access", "list", "collaborators", "@quill/kit")
	h.run("access get status", 0, "", "access", "get", "status", "@quill/kit")
	h.run("access set status", 0, "", "access", "set", "status=private", "@quill/kit")
	h.run("access grant", 0, "", "access", "grant", "read-only", "quill:devs", "@quill/kit")
	h.run("access revoke", 0, "", "access", "revoke", "quill:devs", "@quill/kit")
	h.run("access set mfa", 0, "", "access", "set", "mfa=publish", "@quill/kit")
	h.run("profile get", 0, "", "profile", "get")
	h.run("profile set fullname", 0, "", "profile", "set", "fullname", "Quill Q")
	h.run("profile set password, wrong current", 1, hushWrongPw+"\n"+hushNewPassword+"\n"+hushNewPassword+"\n", "profile", "set", "password")
	h.run("profile set password", 0, hushPassword+"\n"+hushNewPassword+"\n"+hushNewPassword+"\n", "profile", "set", "password")
	h.run("token list", 0, "", "token", "list")
	h.run("token create, wrong password", 1, hushWrongPw+"\n", "token", "create")
	s := h.run("token create", 0, hushNewPassword+"\n", "token", "create")
	created := createdValue(t, s.stdout)
	h.secret("token (created)", created)
	h.steps[len(h.steps)-1].allowOut = []string{"token (created)"}
	h.run("token revoke by value", 0, "", "token", "revoke", created)
	h.run("pack", 0, "", "pack", "--dry-run")
	h.run("publish", 0, "", "publish")
	h.run("doctor", 0, "", "doctor")

	// Enrol on a terminal: the secret and the recovery codes belong on
	// that screen, and nowhere else.
	a := &account{srv: srv, home: h.home, env: append(h.env, "TERM=xterm")}
	e := enrolOnTerminal(t, h.rt, a, hushNewPassword, "auth-and-writes", "--loglevel", "silly")
	h.secret("TOTP secret", e.secret)
	for i, c := range e.recovery {
		h.secret(fmt.Sprintf("recovery code %d", i), c)
	}
	h.record("profile enable-2fa (terminal)", 0, e.screen, append([]string{"TOTP secret"}, recoveryLabels(len(e.recovery))...)...)

	// With 2FA for writes.
	rejected := rejectedCode(srv, e.secret)
	h.secret("rejected one-time password", rejected)
	h.run("dist-tag add --otp", 0, "", "dist-tag", "add", "hush-pkg@1.0.0", "next", "--otp="+h.code(e.secret))
	h.run("dist-tag add, rejected --otp", 5, "", "dist-tag", "add", "hush-pkg@1.0.0", "nope", "--otp="+rejected)
	h.runEnv("dist-tag rm, NPM_CONFIG_OTP", 0, []string{"NPM_CONFIG_OTP=" + h.code(e.secret)}, "", "dist-tag", "rm", "hush-pkg", "next")
	codeFile := filepath.Join(t.TempDir(), "code")
	writeFile(t, codeFile, e.recovery[2]+"\n")
	h.run("dist-tag add --otp-command (recovery code)", 0, "", "dist-tag", "add", "hush-pkg@1.1.0", "cmd", "--otp-command=cat "+codeFile)
	badFile := filepath.Join(t.TempDir(), "bad")
	writeFile(t, badFile, hushBadCmdOTP+"\n")
	h.run("dist-tag add, rejected --otp-command output", 5, "", "dist-tag", "add", "hush-pkg@1.1.0", "cmd2", "--otp-command=cat "+badFile)
	h.run("owner add --otp", 0, "", "owner", "add", "wren", "hush-pkg", "--otp="+h.code(e.secret))
	h.run("owner rm, rejected --otp", 5, "", "owner", "rm", "wren", "hush-pkg", "--otp="+rejected)
	h.run("owner rm --otp", 0, "", "owner", "rm", "wren", "hush-pkg", "--otp="+h.code(e.secret))
	h.run("access set status --otp", 0, "", "access", "set", "status=public", "@quill/kit", "--otp="+h.code(e.secret))
	h.run("access grant, rejected --otp", 5, "", "access", "grant", "read-write", "quill:devs", "@quill/kit", "--otp="+rejected)
	h.run("profile set --otp", 0, "", "profile", "set", "fullname", "Quill R", "--otp="+h.code(e.secret))
	h.run("profile set password, rejected --otp", 5, hushNewPassword+"\n"+hushPassword+"\n"+hushPassword+"\n", "profile", "set", "password", "--otp="+rejected)
	h.run("token create, rejected --otp", 5, hushNewPassword+"\n", "token", "create", "--otp="+rejected)
	s = h.run("token create --otp", 0, hushNewPassword+"\n", "token", "create", "--otp="+h.code(e.secret))
	created2 := createdValue(t, s.stdout)
	h.secret("token (created with 2FA)", created2)
	h.steps[len(h.steps)-1].allowOut = []string{"token (created with 2FA)"}
	h.run("token list --json", 0, "", "token", "list", "--json")
	h.run("token revoke --otp", 0, "", "token", "revoke", created2, "--otp="+h.code(e.secret))
	writeFile(t, filepath.Join(h.pkgDir, "package.json"), `{"name":"hush-new","version":"1.0.1","main":"index.js"}`)
	h.run("publish, rejected --otp", 5, "", "publish", "--otp="+rejected)
	h.run("publish --otp", 0, "", "publish", "--otp="+h.code(e.secret))
	h.run("unpublish, rejected --otp", 5, "", "unpublish", "hush-new@1.0.1", "--otp="+rejected)
	h.run("unpublish --otp", 0, "", "unpublish", "hush-new@1.0.1", "--otp="+h.code(e.secret))

	// Failures on the way: a 401, a dropped connection, a 500.
	srv.Inject(registrytest.Fault{Method: "GET", Path: "/-/whoami", Status: 401, Body: `{"error":"token expired"}`})
	h.run("whoami, 401", 4, "", "whoami")
	srv.Inject(registrytest.Fault{Method: "PUT", Path: "/-/package/hush-pkg/dist-tags/", Drop: registrytest.DropBeforeResponse, Times: 2})
	h.run("dist-tag add, network error", 1, "", "dist-tag", "add", "hush-pkg@1.0.0", "net", "--otp="+h.code(e.secret), "--fetch-retries=1", "--fetch-retry-mintimeout=1", "--fetch-retry-maxtimeout=1")
	srv.Inject(registrytest.Fault{Method: "GET", Path: "/-/npm/v1/user", Status: 500})
	h.run("profile get, 500", 1, "", "profile", "get", "--fetch-retries=0")
	h.run("dist-tag ls, connection refused", 1, "", "dist-tag", "ls", "hush-pkg", "--registry=http://"+closedAddr(t)+"/", "--fetch-retries=0")

	// A challenge approved in the browser: the approval's token is sent as
	// npm-otp and never shown.
	srv.SetChallenge(registrytest.ChallengeWeb)
	srv.AutoApproveWeb("quill")
	srv.ResetLog()
	c := StartConsole(h.rt, a.env, h.pkgDir, gonpmBinary(t), "dist-tag", "add", "hush-pkg@1.1.0", "web", "--browser=false", "--loglevel", "silly")
	c.Expect(`\+web: hush-pkg@1\.1\.0`)
	h.record("dist-tag add, web approval (terminal)", c.Wait(), c.Output())
	approvals := 0
	for _, r := range srv.Requests() {
		if v := r.Header.Get("npm-otp"); v != "" {
			h.secret("web approval token", v)
			approvals++
		}
	}
	if approvals == 0 {
		t.Error("no request carried the web approval")
	}
	h.run("dist-tag add, web challenge without a terminal", 5, "", "dist-tag", "add", "hush-pkg@1.1.0", "web2", "--browser=false")
	srv.SetChallenge(registrytest.ChallengeHeader)

	// A code typed at the prompt on a terminal.
	code := h.code(e.secret)
	c = StartConsole(h.rt, a.env, h.pkgDir, gonpmBinary(t), "dist-tag", "add", "hush-pkg@1.0.0", "typed", "--loglevel", "silly")
	c.Expect(`Enter OTP: `)
	c.Send(code)
	c.Expect(`\+typed: hush-pkg@1\.0\.0`)
	h.record("dist-tag add, code at the prompt (terminal)", c.Wait(), c.Output())
	c = StartConsole(h.rt, a.env, h.pkgDir, gonpmBinary(t), "dist-tag", "add", "hush-pkg@1.0.0", "typed2", "--loglevel", "silly")
	c.Expect(`Enter OTP: `)
	c.Send(rejected)
	c.Expect(`did not accept`)
	c.Expect(`Enter OTP: `)
	c.SendRaw("\x03")
	h.record("dist-tag add, rejected code at the prompt (terminal)", c.Wait(), c.Output())

	// Logging in again with 2FA, then as a new user, then out.
	h.run("login legacy --otp, rejected", 5, "quill\n"+hushNewPassword+"\n", "login", "--auth-type=legacy", "--otp="+rejected)
	h.run("login legacy --otp", 0, "quill\n"+hushNewPassword+"\n", "login", "--auth-type=legacy", "--otp="+h.code(e.secret))
	h.secret("token (2FA login)", h.npmrcToken())
	h.run("profile disable-2fa, wrong password", 1, hushWrongPw+"\n", "profile", "disable-2fa", "--otp="+h.code(e.secret))
	h.run("profile disable-2fa", 0, hushNewPassword+"\n", "profile", "disable-2fa", "--otp="+h.code(e.secret))
	h.run("logout", 0, "", "logout")
	h.run("whoami, logged out", 4, "", "whoami")
	srv.AutoApproveWeb("quill")
	h.run("login web", 0, "", "login", "--auth-type=web", "--browser=false")
	h.secret("token (web login)", h.npmrcToken())
	h.run("adduser legacy", 0, "finch\n"+hushAddPassword+"\nfinch@example.com\n", "adduser", "--auth-type=legacy")
	h.secret("token (adduser)", h.npmrcToken())
	h.run("adduser legacy, taken name", 4, "quill\n"+hushAddPassword+"\nq@example.com\n", "adduser", "--auth-type=legacy")
	h.run("logout (adduser)", 0, "", "logout")

	// Every output against every secret.
	var table strings.Builder
	fmt.Fprintf(&table, "\n%-52s %4s  %s\n", "command", "exit", "leaked?")
	for _, s := range h.steps {
		leaked := h.leaks(s)
		verdict := "no"
		if len(leaked) > 0 {
			verdict = "LEAKED: " + strings.Join(leaked, ", ")
			h.rt.Errorf("%s shows the %s:\nstdout:\n%s\nstderr:\n%s", s.name, strings.Join(leaked, ", "), s.stdout, s.stderr)
		}
		fmt.Fprintf(&table, "%-52s %4d  %s\n", s.name, s.exit, verdict)
	}
	t.Log(table.String())
	h.fileLeaks(h.home)
}

func createdValue(t *testing.T, stdout string) string {
	t.Helper()
	m := createdToken.FindStringSubmatch(stdout)
	if m == nil {
		t.Fatal("token create printed no token")
	}
	if n := strings.Count(stdout, m[1]); n != 1 {
		t.Errorf("token create printed the new token %d times, want once", n)
	}
	return m[1]
}

func recoveryLabels(n int) []string {
	var l []string
	for i := 0; i < n; i++ {
		l = append(l, fmt.Sprintf("recovery code %d", i))
	}
	sort.Strings(l)
	return l
}

// closedAddr is a 127.0.0.1 address nothing listens on.
func closedAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}
