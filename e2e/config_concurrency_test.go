package e2e

import (
	"bufio"
	"context"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/gofrs/flock"
	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/registrytest"
)

// Concurrent and interrupted writes of the user npmrc, with the real
// binary. Every writer takes an flock on ~/.npmrc.lock, re-reads the file
// under it and renames a complete temporary file over it; these tests
// check what a user would see afterwards.

// writeHangGuard bounds a whole concurrency test: a writer stuck on a lock
// nobody holds shows up as a failure, not a hung test run.
const writeHangGuard = 2 * time.Minute

// npmrcState is the user npmrc as gonpm reads it back.
type npmrcState struct {
	cfg   *config.Config
	text  string
	mode  os.FileMode
	temps []string
}

func readNpmrc(t *testing.T, home string) npmrcState {
	t.Helper()
	file := filepath.Join(home, ".npmrc")
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(file)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(config.LoadOptions{Cwd: home, Home: home, Env: []string{"HOME=" + home, "PATH="}})
	if err != nil {
		t.Fatalf("the npmrc no longer loads: %v", err)
	}
	temps := tempFiles(t, home)
	return npmrcState{cfg: cfg, text: string(data), mode: st.Mode().Perm(), temps: temps}
}

// tempFiles lists the temporary files config writes make next to the
// npmrc (".<name>.tmp-<random>").
func tempFiles(t *testing.T, home string) []string {
	t.Helper()
	temps, err := filepath.Glob(filepath.Join(home, "..npmrc.tmp-*"))
	if err != nil {
		t.Fatal(err)
	}
	return temps
}

// settingLines counts the lines that set something (not comments/blank).
func settingLines(text string) int {
	n := 0
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line != "" && !strings.HasPrefix(line, ";") && !strings.HasPrefix(line, "#") {
			n++
		}
	}
	return n
}

func gonpmCommand(ctx context.Context, t *testing.T, env []string, dir string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, gonpmBinary(t), args...)
	cmd.Env, cmd.Dir = env, dir
	return cmd
}

func TestConcurrentConfigSetAndLoginLoseNothing(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), writeHangGuard)
	defer cancel()
	home := t.TempDir()
	writeFile(t, filepath.Join(home, ".npmrc"), "; my settings\nfund=false\n")
	env := scopingEnv(home)

	const n = 10
	type login struct {
		srv  *registrytest.Server
		user string
	}
	var logins []login
	for i := range n {
		srv := registrytest.New(t)
		user := fmt.Sprintf("user%d", i)
		srv.AddUser(user, "Passw0rd-"+user, user+"@example.com")
		logins = append(logins, login{srv, user})
	}

	type proc struct {
		cmd  *exec.Cmd
		what string
		out  *strings.Builder
	}
	var procs []proc
	for i := range n {
		key := fmt.Sprintf("@scope%d:registry=http://127.0.0.1:1/s%d/", i, i)
		cmd := gonpmCommand(ctx, t, env, home, "config", "set", key)
		procs = append(procs, proc{cmd: cmd, what: "config set " + key})
		l := logins[i]
		cmd = gonpmCommand(ctx, t, env, home, "login", "--auth-type=legacy", "--registry", l.srv.URL)
		cmd.Stdin = strings.NewReader(l.user + "\nPassw0rd-" + l.user + "\n")
		procs = append(procs, proc{cmd: cmd, what: "login " + l.user})
	}
	// Start all twenty before waiting for any.
	for i := range procs {
		procs[i].out = &strings.Builder{}
		procs[i].cmd.Stdout, procs[i].cmd.Stderr = procs[i].out, procs[i].out
		if err := procs[i].cmd.Start(); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range procs {
		if err := p.cmd.Wait(); err != nil {
			t.Errorf("%s: %v\n%s", p.what, err, redactTokens(p.out.String()))
		}
	}
	if t.Failed() {
		return
	}

	st := readNpmrc(t, home)
	if wrongMode(st.mode) {
		t.Errorf("user npmrc mode %o, want 600", st.mode)
	}
	if len(st.temps) != 0 {
		t.Errorf("temporary files left: %v", st.temps)
	}
	if !strings.HasPrefix(st.text, "; my settings\n") || st.cfg.Get("fund") != "false" {
		t.Errorf("the settings that were there before are gone")
	}
	for i := range n {
		want := fmt.Sprintf("http://127.0.0.1:1/s%d/", i)
		if got := st.cfg.Get(fmt.Sprintf("@scope%d:registry", i)); got != want {
			t.Errorf("@scope%d:registry = %q, want %q", i, got, want)
		}
	}
	// fund, ten scopes, ten tokens: nothing else, nothing twice.
	if got := settingLines(st.text); got != 1+2*n {
		t.Errorf("the npmrc has %d settings, want %d", got, 1+2*n)
	}
	// Every saved token is complete: each registry recognises its user.
	for _, l := range logins {
		out := gonpmOK(t, env, home, "whoami", "--registry", l.srv.URL)
		if strings.TrimSpace(out) != l.user {
			t.Errorf("whoami on %s printed %q, want %s", l.srv.URL, out, l.user)
		}
	}
}

// pausedWriter starts `gonpm config set` with the test hook and returns
// once it has written its temporary file and stopped before the rename,
// holding the lock.
func pausedWriter(ctx context.Context, t *testing.T, env []string, home, keyValue string) *exec.Cmd {
	t.Helper()
	requireTestHook(t)
	cmd := exec.CommandContext(ctx, gonpmBinaryWithTags(t, config.TestHookTag), "config", "set", keyValue)
	cmd.Env, cmd.Dir = append(append([]string(nil), env...), config.TestHookEnv+"=pause-before-rename"), home
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewScanner(stderr)
	for lines.Scan() {
		if strings.HasPrefix(lines.Text(), config.PausedMessage) {
			// Keep draining stderr so the writer never blocks on it.
			go func() {
				for lines.Scan() {
				}
			}()
			return cmd
		}
	}
	_ = cmd.Wait()
	t.Fatalf("the writer ended without pausing (%v)", lines.Err())
	return nil
}

// lockHeld reports whether another process holds the npmrc lock, taking
// it the way gonpm does (gofrs/flock: flock(2), or LockFileEx on Windows).
func lockHeld(t *testing.T, home string) bool {
	t.Helper()
	lock := flock.New(filepath.Join(home, ".npmrc.lock"))
	got, err := lock.TryLock()
	if err != nil {
		t.Fatal(err)
	}
	if got {
		_ = lock.Unlock()
		return false
	}
	return true
}

func TestWriterKilledHoldingTheLock(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), writeHangGuard)
	defer cancel()
	home := t.TempDir()
	writeFile(t, filepath.Join(home, ".npmrc"), "fund=false\n")
	env := scopingEnv(home)

	killed := pausedWriter(ctx, t, env, home, "@killed:registry=http://127.0.0.1:1/k/")
	if !lockHeld(t, home) {
		t.Fatal("the paused writer does not hold the lock")
	}
	if temps := tempFiles(t, home); len(temps) != 1 {
		t.Fatalf("want the paused writer's complete temporary file, found %v", temps)
	}
	// A second writer queues behind the lock, then the holder dies.
	next := gonpmCommand(ctx, t, env, home, "config", "set", "@after:registry=http://127.0.0.1:1/a/")
	var nextOut strings.Builder
	next.Stdout, next.Stderr = &nextOut, &nextOut
	if err := next.Start(); err != nil {
		t.Fatal(err)
	}
	if err := killed.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = killed.Wait()
	if err := next.Wait(); err != nil {
		t.Fatalf("the writer queued behind the killed one failed (a stale lock?): %v\n%s", err, nextOut.String())
	}
	if lockHeld(t, home) {
		t.Errorf("the lock is still held after every writer ended")
	}

	st := readNpmrc(t, home)
	if got := st.cfg.Get("@killed:registry"); got != "" {
		t.Errorf("the killed write landed (%q) although it never renamed its file", got)
	}
	if st.cfg.Get("@after:registry") != "http://127.0.0.1:1/a/" || st.cfg.Get("fund") != "false" {
		t.Errorf("npmrc lost a change:\n%s", st.text)
	}
	if wrongMode(st.mode) {
		t.Errorf("mode %o, want 600", st.mode)
	}
	if len(st.temps) != 0 {
		t.Errorf("the killed writer's temporary file was not cleaned up: %v", st.temps)
	}
}

func TestPausedWriterLetGoKeepsEveryChange(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), writeHangGuard)
	defer cancel()
	home := t.TempDir()
	env := scopingEnv(home)

	first := pausedWriter(ctx, t, env, home, "@first:registry=http://127.0.0.1:1/f/")
	var queued []*exec.Cmd
	for i := range 3 {
		cmd := gonpmCommand(ctx, t, env, home, "config", "set", fmt.Sprintf("@queued%d:registry=http://127.0.0.1:1/q%d/", i, i))
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		queued = append(queued, cmd)
	}
	if err := resumeWriter(first); err != nil {
		t.Fatal(err)
	}
	for _, cmd := range append(queued, first) {
		if err := cmd.Wait(); err != nil {
			t.Fatalf("%s: %v", strings.Join(cmd.Args[1:], " "), err)
		}
	}
	st := readNpmrc(t, home)
	want := map[string]string{"@first:registry": "http://127.0.0.1:1/f/"}
	for i := range 3 {
		want[fmt.Sprintf("@queued%d:registry", i)] = fmt.Sprintf("http://127.0.0.1:1/q%d/", i)
	}
	for k, v := range want {
		if got := st.cfg.Get(k); got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
	if settingLines(st.text) != len(want) || wrongMode(st.mode) || len(st.temps) != 0 {
		t.Errorf("npmrc (mode %o, temps %v):\n%s", st.mode, st.temps, st.text)
	}
}

// TestWritersKilledAtRandomMoments kills one of two concurrent writers at
// a random moment, many times over: completed writes are all kept, a
// killed one is all there or not at all, and the file always loads.
func TestWritersKilledAtRandomMoments(t *testing.T) {
	if testing.Short() {
		t.Skip("starts 60 processes")
	}
	ctx, cancel := context.WithTimeout(context.Background(), writeHangGuard)
	defer cancel()
	home := t.TempDir()
	writeFile(t, filepath.Join(home, ".npmrc"), "fund=false\n")
	env := scopingEnv(home)
	rng := rand.New(rand.NewSource(time.Now().UnixNano()))
	want := map[string]string{"fund": "false"}
	maybe := map[string]string{}
	for i := range 30 {
		victim := gonpmCommand(ctx, t, env, home, "config", "set", fmt.Sprintf("@victim%d:registry=http://127.0.0.1:1/v%d/", i, i))
		steady := gonpmCommand(ctx, t, env, home, "config", "set", fmt.Sprintf("@steady%d:registry=http://127.0.0.1:1/s%d/", i, i))
		if err := victim.Start(); err != nil {
			t.Fatal(err)
		}
		if err := steady.Start(); err != nil {
			t.Fatal(err)
		}
		// The kill lands anywhere from before main() to after the exit.
		kill := time.AfterFunc(time.Duration(rng.Intn(40_000))*time.Microsecond, func() { _ = victim.Process.Kill() })
		victimErr := victim.Wait()
		kill.Stop()
		if err := steady.Wait(); err != nil {
			t.Fatalf("round %d: the writer nobody killed failed: %v", i, err)
		}
		want[fmt.Sprintf("@steady%d:registry", i)] = fmt.Sprintf("http://127.0.0.1:1/s%d/", i)
		key, value := fmt.Sprintf("@victim%d:registry", i), fmt.Sprintf("http://127.0.0.1:1/v%d/", i)
		if victimErr == nil {
			want[key] = value
		} else {
			maybe[key] = value
		}

		st := readNpmrc(t, home)
		for k, v := range want {
			if got := st.cfg.Get(k); got != v {
				t.Fatalf("round %d: %s = %q, want %q:\n%s", i, k, got, v, st.text)
			}
		}
		present := 0
		for k, v := range maybe {
			switch got := st.cfg.Get(k); got {
			case "":
			case v:
				present++
			default:
				t.Fatalf("round %d: a killed write left %s = %q", i, k, got)
			}
		}
		if settingLines(st.text) != len(want)+present || wrongMode(st.mode) {
			t.Fatalf("round %d: npmrc has stray lines or mode %o:\n%s", i, st.mode, st.text)
		}
	}
	t.Logf("%d of 30 writers were killed before they finished", len(maybe))
	// One more write sweeps up what killed writers left.
	gonpmOK(t, env, home, "config", "set", "@last:registry=http://127.0.0.1:1/l/")
	if st := readNpmrc(t, home); len(st.temps) != 0 {
		t.Errorf("temporary files left after a clean write: %v", st.temps)
	}
}

// wrongMode reports a user npmrc not kept private (0600). Windows has no
// Unix permission bits (Go reports 0666), so nothing is checked there.
func wrongMode(mode os.FileMode) bool {
	return runtime.GOOS != "windows" && mode != 0o600
}
