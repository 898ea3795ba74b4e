// Package verdacciotest starts private Verdaccio registries on 127.0.0.1 for
// tests, so gonpm and the real npm CLI can be checked against a real
// registry that never proxies anywhere.
//
// Verdaccio itself comes from scripts/install-verdaccio.sh (run by
// scripts/test.sh); without it the tests that need it are skipped, unless
// GONPM_REQUIRE_VERDACCIO=1 makes that a failure.
package verdacciotest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Verdaccio is one running registry, private to the test that started it.
type Verdaccio struct {
	// URL is the registry's base URL with a trailing slash,
	// like http://127.0.0.1:41234/.
	URL string
	// Host is the address it listens on, like 127.0.0.1:41234.
	Host string
	// Dir holds config.yaml, the htpasswd file and the package storage.
	Dir string

	client *http.Client
}

const (
	// startAttempts bounds the retries when another process takes the
	// chosen port between picking it and Verdaccio binding it.
	startAttempts = 5
	// readyTimeout is how long a starting instance may take to answer.
	readyTimeout = 30 * time.Second
)

// errPortTaken means Verdaccio could not bind its port; a new one may work.
var errPortTaken = errors.New("port already in use")

// Start runs a new Verdaccio instance for the test and stops it when the
// test ends. Its log is shown only if the test fails.
func Start(t testing.TB) *Verdaccio {
	t.Helper()
	node := nodeBinary(t)
	bin := verdaccioBinary(t)

	var err error
	for range startAttempts {
		var port int
		if port, err = freePort(); err != nil {
			break
		}
		var v *Verdaccio
		v, err = start(t, node, bin, port)
		if err == nil {
			return v
		}
		if !errors.Is(err, errPortTaken) {
			break
		}
	}
	t.Fatalf("starting verdaccio: %v", err)
	return nil
}

// start makes one attempt to run Verdaccio on port.
func start(t testing.TB, node, bin string, port int) (*Verdaccio, error) {
	dir := t.TempDir()
	host := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	probe := newProbeUser()
	cfg, err := writeConfig(dir, host, probe)
	if err != nil {
		return nil, err
	}

	logPath := filepath.Join(dir, "verdaccio.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, fmt.Errorf("creating verdaccio log: %w", err)
	}
	defer logFile.Close() // the child keeps its own descriptor

	cmd := exec.Command(node, bin, "--config", cfg)
	cmd.Dir = dir
	cmd.Stdout = logFile
	cmd.Stderr = logFile
	proc, err := startProcess(cmd)
	if err != nil {
		return nil, fmt.Errorf("running %s: %w", bin, err)
	}

	v := &Verdaccio{
		URL:  "http://" + host + "/",
		Host: host,
		Dir:  dir,
		// Proxy nil: requests go straight to 127.0.0.1 whatever the environment says.
		client: &http.Client{Transport: &http.Transport{Proxy: nil}, Timeout: 30 * time.Second},
	}
	t.Cleanup(func() {
		proc.stop()
		v.client.CloseIdleConnections()
		if t.Failed() {
			t.Logf("verdaccio log for %s:\n%s", v.URL, readLog(logPath))
		}
	})

	if err := v.waitReady(proc, probe, logPath); err != nil {
		proc.stop()
		if errors.Is(err, errPortTaken) {
			return nil, err
		}
		return nil, fmt.Errorf("%w\nverdaccio log:\n%s", err, readLog(logPath))
	}
	return v, nil
}

// waitReady polls /-/ping until this instance answers it, the process
// exits or the deadline passes.
func (v *Verdaccio) waitReady(proc *process, probe probeUser, logPath string) error {
	ctx, cancel := context.WithTimeout(context.Background(), readyTimeout)
	defer cancel()
	backoff := 10 * time.Millisecond
	for {
		if v.answersPing(ctx) {
			// Another instance may have bound this port first; only ours
			// knows the probe user.
			ours, err := probe.isServedBy(ctx, v.client, v.URL)
			if err == nil && ours {
				return nil
			}
		}
		select {
		case <-proc.done:
			if strings.Contains(readLog(logPath), "EADDRINUSE") {
				return fmt.Errorf("%s: %w", v.Host, errPortTaken)
			}
			return fmt.Errorf("verdaccio exited before answering on %s: %v", v.Host, proc.err)
		case <-ctx.Done():
			return fmt.Errorf("verdaccio did not answer %s-/ping within %s", v.URL, readyTimeout)
		case <-time.After(backoff):
		}
		backoff = min(backoff*2, 250*time.Millisecond)
	}
}

func (v *Verdaccio) answersPing(ctx context.Context) bool {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, v.URL+"-/ping", nil)
	if err != nil {
		return false
	}
	resp, err := v.client.Do(req)
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

// freePort asks the kernel for a port that is free right now. Another
// process may still take it before Verdaccio binds it; Start retries then.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("finding a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func readLog(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Sprintf("(cannot read %s: %v)", path, err)
	}
	if len(b) == 0 {
		return "(empty)"
	}
	return string(b)
}
