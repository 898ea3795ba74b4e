package e2e

import (
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"text/tabwriter"
	"time"

	"github.com/gonpm/gonpm/internal/registrytest"
)

// faultRow is one write command of the fault matrix.
type faultRow struct {
	name string
	args func(s *seeded) []string
	// write is the request the faults hit (Method and Path prefix).
	write registrytest.Fault
	// terminal runs the command on a pseudo-terminal and types ann's
	// password at its "Password: " prompt.
	terminal bool
	// inPackage runs the command in the package folder.
	inPackage bool
}

var faultRows = []faultRow{
	{name: "publish", args: argv("publish"), write: registrytest.Fault{Method: "PUT", Path: "/fpkg"}, inPackage: true},
	{name: "unpublish", args: argv("unpublish", "fpkg@1.0.1"), write: registrytest.Fault{Method: "PUT", Path: "/fpkg/-rev/"}},
	{name: "unpublish (tarball)", args: argv("unpublish", "fpkg@1.0.1"), write: registrytest.Fault{Method: "DELETE", Path: "/fpkg/-/"}},
	{name: "dist-tag add", args: argv("dist-tag", "add", "fpkg@1.0.1", "next"), write: registrytest.Fault{Method: "PUT", Path: "/-/package/fpkg/dist-tags/next"}},
	{name: "dist-tag rm", args: argv("dist-tag", "rm", "fpkg", "beta"), write: registrytest.Fault{Method: "DELETE", Path: "/-/package/fpkg/dist-tags/beta"}},
	{name: "owner add", args: argv("owner", "add", "bob", "fpkg"), write: registrytest.Fault{Method: "PUT", Path: "/fpkg/-rev/"}},
	{name: "owner rm", args: argv("owner", "rm", "carl", "fpkg"), write: registrytest.Fault{Method: "PUT", Path: "/fpkg/-rev/"}},
	{name: "access set status", args: argv("access", "set", "status=private", "@fs/fpkg"), write: registrytest.Fault{Method: "POST", Path: "/-/package/@fs%2ffpkg/access"}},
	{name: "access grant", args: argv("access", "grant", "read-only", "fs:devs", "@fs/fpkg"), write: registrytest.Fault{Method: "PUT", Path: "/-/team/fs/devs/package"}},
	{name: "access revoke", args: argv("access", "revoke", "fs:ops", "@fs/fpkg"), write: registrytest.Fault{Method: "DELETE", Path: "/-/team/fs/ops/package"}},
	{name: "profile set", args: argv("profile", "set", "fullname", "Ann Faulty"), write: registrytest.Fault{Method: "POST", Path: "/-/npm/v1/user"}},
	{name: "profile enable-2fa", args: argv("profile", "enable-2fa", "auth-only"), write: registrytest.Fault{Method: "POST", Path: "/-/npm/v1/user"}, terminal: true},
	{name: "profile disable-2fa", args: argv("profile", "disable-2fa"), write: registrytest.Fault{Method: "POST", Path: "/-/npm/v1/user"}, terminal: true},
	{name: "token create", args: argv("token", "create", "--name=ci", "--password="+faultPassword), write: registrytest.Fault{Method: "POST", Path: "/-/npm/v1/tokens"}},
	{name: "token revoke", args: func(s *seeded) []string { return []string{"token", "revoke", s.spareKey} }, write: registrytest.Fault{Method: "DELETE", Path: "/-/npm/v1/tokens/token/"}},
	{name: "deprecate", args: argv("deprecate", "fpkg@1.0.1", "use 1.1"), write: registrytest.Fault{Method: "PUT", Path: "/fpkg"}},
	{name: "undeprecate", args: argv("undeprecate", "fpkg@1.0.0"), write: registrytest.Fault{Method: "PUT", Path: "/fpkg"}},
	{name: "star", args: argv("star", "@fs/fpkg"), write: registrytest.Fault{Method: "PUT", Path: "/@fs%2ffpkg"}},
	{name: "unstar", args: argv("unstar", "fpkg"), write: registrytest.Fault{Method: "PUT", Path: "/fpkg"}},
	{name: "org set", args: argv("org", "set", "fs", "carl", "admin"), write: registrytest.Fault{Method: "PUT", Path: "/-/org/fs/user"}},
	{name: "org rm", args: argv("org", "rm", "fs", "bob"), write: registrytest.Fault{Method: "DELETE", Path: "/-/org/fs/user"}},
	{name: "team create", args: argv("team", "create", "fs:qa"), write: registrytest.Fault{Method: "PUT", Path: "/-/org/fs/team"}},
	{name: "team destroy", args: argv("team", "destroy", "fs:devs"), write: registrytest.Fault{Method: "DELETE", Path: "/-/team/fs/devs"}},
	{name: "team add", args: argv("team", "add", "fs:devs", "bob"), write: registrytest.Fault{Method: "PUT", Path: "/-/team/fs/devs/user"}},
	{name: "team rm", args: argv("team", "rm", "fs:ops", faultUser), write: registrytest.Fault{Method: "DELETE", Path: "/-/team/fs/ops/user"}},
}

func argv(args ...string) func(*seeded) []string {
	return func(*seeded) []string { return args }
}

// faultColumn is one kind of failure, injected once (or as many times as
// it says) into the row's write request.
type faultColumn struct {
	name  string
	fault registrytest.Fault
}

const htmlErrorPage = "<html><head><title>502 Bad Gateway</title></head>\n<body><h1>Bad Gateway</h1><p>The proxy got no answer.</p></body></html>\n"

var faultColumns = []faultColumn{
	{"500", registrytest.Fault{Status: 500}},
	{"500 x3", registrytest.Fault{Status: 500, Times: 3}}, // outlasts --fetch-retries=2
	{"503 Retry-After", registrytest.Fault{Status: 503, RetryAfter: "1"}},
	{"429 Retry-After", registrytest.Fault{Status: 429, RetryAfter: "1"}},
	{"reset", registrytest.Fault{Drop: registrytest.DropBeforeResponse}},
	{"reset after apply", registrytest.Fault{Drop: registrytest.DropAfterApply}},
	{"timeout", registrytest.Fault{Delay: 30 * time.Second}},
	{"truncated reply", registrytest.Fault{Truncate: true}},
	{"502 HTML", registrytest.Fault{Status: 502, ContentType: "text/html", Body: htmlErrorPage}},
}

// quickRetries makes the client's retries fast. The timeout is short only
// where a fault waits for it, so a slow machine cannot fail other cells.
var quickRetries = []string{"--fetch-retries=2", "--fetch-retry-mintimeout=10", "--fetch-retry-maxtimeout=50"}

// fetchTimeout is the --fetch-timeout for a fault: short under a Delay.
func fetchTimeout(f *registrytest.Fault) string {
	if f != nil && f.Delay > 0 {
		return "--fetch-timeout=500"
	}
	return "--fetch-timeout=20000"
}

// cellParallelism bounds the commands running at once; they mostly wait.
const cellParallelism = 8

// TestWriteCommandsUnderFaults runs every write command against every
// fault and checks each ends in success or one clear error, with the
// registry unchanged or changed exactly as a run without faults changes
// it. The matrix is printed with -v.
func TestWriteCommandsUnderFaults(t *testing.T) {
	if testing.Short() {
		t.Skip("the fault matrix runs ~150 commands")
	}
	gonpmBinary(t)
	results := newMatrix()
	sem := make(chan struct{}, cellParallelism)
	var wg sync.WaitGroup
	for _, row := range faultRows {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			t.Run(row.name, func(t *testing.T) { runFaultRow(t, row, results) })
		}()
	}
	wg.Wait()
	t.Log("\n" + results.table())
}

// runFaultRow runs the command once without faults, to learn the change it
// is meant to make, then once per fault.
func runFaultRow(t *testing.T, row faultRow, results *matrix) {
	clean := runCell(t, row, nil)
	if clean.exit != 0 || clean.before.Diff(clean.after) == "" {
		results.set(row.name, "clean run", "FAIL")
		t.Fatalf("without faults: exit %d, change %q; output:\n%s", clean.exit, clean.before.Diff(clean.after), clean.stderr)
	}
	for _, col := range faultColumns {
		t.Run(col.name, func(t *testing.T) {
			f := col.fault
			f.Method, f.Path = row.write.Method, row.write.Path
			got := runCell(t, row, &f)
			verdict := judge(clean, got)
			if strings.HasPrefix(verdict, "err, applied") && row.write.Method != "POST" {
				// A write that is sent again after a lost answer meets
				// its own change, which the command must recognise.
				verdict = "FAIL: a resent " + row.write.Method + " reported an error although its change was made"
			}
			results.set(row.name, col.name, verdict)
			if strings.HasPrefix(verdict, "FAIL") {
				t.Errorf("%s; output:\n%s", verdict, got.stderr)
			}
			if line := errorLine.FindString(got.stderr); line != "" {
				t.Log(line)
			}
		})
	}
}

// cellResult is what one run of a command did.
type cellResult struct {
	exit           int
	stdout, stderr string // the same screen for terminal rows
	before, after  registrytest.Snapshot
	writes         int // requests that matched the faulted write
	// leak is set when the diagnostics (the screen, on a terminal) show
	// the login token, the one-time password or the password.
	leak bool
}

// runCell seeds a registry, injects fault (nil for none) and runs the row's
// command with quick retries and ann's code.
func runCell(t *testing.T, row faultRow, fault *registrytest.Fault) cellResult {
	t.Helper()
	rt := redacting(t)
	s := seedFaultRegistry(t)
	code := s.code()
	rt.add(s.token, code, faultPassword)
	if fault != nil {
		s.srv.Inject(*fault)
	}
	args := append(append(row.args(s), quickRetries...), fetchTimeout(fault), "--otp="+code)
	dir := s.home
	if row.inPackage {
		dir = filepath.Join(s.home, "pkg")
	}
	res := cellResult{before: s.srv.Snapshot()}
	if row.terminal {
		// The error label is coloured on a terminal; the cell counts
		// plain "gonpm error" lines.
		c := StartConsole(rt, append(slices.Clip(s.env), "NO_COLOR=1"), dir, gonpmBinary(t), args...)
		c.Expect(`Password: `)
		c.Send(faultPassword)
		res.exit = c.Wait()
		res.stdout = strings.ReplaceAll(c.Output(), "\r\n", "\n")
		res.stderr = res.stdout
	} else {
		cmd := exec.Command(gonpmBinary(t), args...)
		cmd.Env, cmd.Dir = s.env, dir
		var out, errOut strings.Builder
		cmd.Stdout, cmd.Stderr = &out, &errOut
		err := cmd.Run()
		var exitErr *exec.ExitError
		switch {
		case errors.As(err, &exitErr):
			res.exit = exitErr.ExitCode()
		case err != nil:
			t.Fatalf("running gonpm: %v", err)
		}
		res.stdout, res.stderr = out.String(), errOut.String()
	}
	res.after = s.srv.Snapshot()
	for _, r := range s.srv.Requests() {
		if r.Method == row.write.Method && strings.HasPrefix(r.Path, row.write.Path) {
			res.writes++
		}
	}
	for _, secret := range []string{s.token, code, faultPassword} {
		if strings.Contains(res.stderr, secret) {
			res.leak = true
		}
	}
	res.stdout, res.stderr = rt.mask(res.stdout), rt.mask(res.stderr)
	return res
}

var errorLine = regexp.MustCompile(`(?m)^gonpm error .*$`)

// judge compares a faulted run with the clean one. A run may succeed
// (with the clean run's change and its result lines) or fail with one
// error line, leaving the registry as it was or as the clean run left it.
func judge(clean, got cellResult) string {
	errLines := errorLine.FindAllString(got.stderr, -1)
	unchanged := got.before.Diff(got.after) == ""
	intended := clean.after.Diff(got.after) == ""
	switch {
	case got.leak:
		return "FAIL: the output shows a secret"
	case got.exit == 0 && !intended:
		return "FAIL: exit 0 but the registry differs from a run without faults: " + clean.after.Diff(got.after)
	case got.exit == 0 && len(errLines) > 0:
		return fmt.Sprintf("FAIL: exit 0 with %d error lines", len(errLines))
	case got.exit == 0:
		if missing := missingLines(clean.stdout, got.stdout); missing != "" {
			return fmt.Sprintf("FAIL: succeeded but did not print %q", missing)
		}
		if got.writes > 1 {
			return "ok(retried)"
		}
		return "ok"
	case len(errLines) != 1:
		return fmt.Sprintf("FAIL: exit %d with %d error lines", got.exit, len(errLines))
	case unchanged:
		return fmt.Sprintf("err(exit %d)", got.exit)
	case intended:
		return fmt.Sprintf("err, applied(exit %d)", got.exit)
	case clean.after.Diff(withoutTarballs(got.after, clean.after)) == "":
		// Unpublishing a version is two writes; when the second keeps
		// failing, the version is gone but its file stays, and the error
		// says so.
		return fmt.Sprintf("err, file left(exit %d)", got.exit)
	}
	return "FAIL: half applied: " + clean.after.Diff(got.after)
}

// withoutTarballs is snap with the stored tarballs of like, so that only
// the packuments are compared.
func withoutTarballs(snap, like registrytest.Snapshot) registrytest.Snapshot {
	out := snap
	out.Packages = map[string]registrytest.PackageState{}
	for name, p := range snap.Packages {
		p.Tarballs = like.Packages[name].Tarballs
		out.Packages[name] = p
	}
	return out
}

// tokenValue is a token as gonpm prints it on creation: every run makes a
// different one.
var tokenValue = regexp.MustCompile(`npm_[0-9A-Za-z]{36}|<secret>`)

// missingLines returns the first non-empty line of want not in got, with
// token values made alike.
func missingLines(want, got string) string {
	got = tokenValue.ReplaceAllString(got, "<token>")
	for _, line := range strings.Split(want, "\n") {
		line = strings.TrimSpace(tokenValue.ReplaceAllString(line, "<token>"))
		if line != "" && !strings.Contains(got, line) {
			return line
		}
	}
	return ""
}

// matrix collects verdicts from cells running in parallel.
type matrix struct {
	mu    sync.Mutex
	cells map[[2]string]string
}

func newMatrix() *matrix { return &matrix{cells: map[[2]string]string{}} }

func (m *matrix) set(row, col, verdict string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.cells[[2]string{row, col}] = verdict
}

// table lays the verdicts out with commands down and faults across.
func (m *matrix) table() string {
	m.mu.Lock()
	defer m.mu.Unlock()
	var b strings.Builder
	w := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	header := []string{"command"}
	for _, c := range faultColumns {
		header = append(header, c.name)
	}
	fmt.Fprintln(w, strings.Join(header, "\t"))
	for _, r := range faultRows {
		line := []string{r.name}
		for _, c := range faultColumns {
			v := m.cells[[2]string{r.name, c.name}]
			if v == "" {
				v = m.cells[[2]string{r.name, "clean run"}]
			}
			if strings.HasPrefix(v, "FAIL") {
				v = "FAIL"
			}
			line = append(line, v)
		}
		fmt.Fprintln(w, strings.Join(line, "\t"))
	}
	w.Flush()
	b.WriteString(matrixLegend)
	for _, r := range faultRows {
		for _, c := range append([]faultColumn{{name: "clean run"}}, faultColumns...) {
			if v := m.cells[[2]string{r.name, c.name}]; strings.HasPrefix(v, "FAIL") {
				fmt.Fprintf(&b, "%s / %s: %s\n", r.name, c.name, v)
			}
		}
	}
	return b.String()
}

const matrixLegend = `
ok(retried)     succeeded; the write was sent again
ok              succeeded with the write sent once: a cut-off reply whose
                status said it worked, or a lost publish found on the registry
err(exit N)     one "gonpm error" line, exit N, registry unchanged
err, applied    one "gonpm error" line, exit N, the change made: a POST is
                never sent again, so a lost or cut-off answer stays unknown
err, file left  one "gonpm error" line saying the version was removed but its
                tarball could not be deleted; the packument is as intended
FAIL            see below and the cell's log
`
