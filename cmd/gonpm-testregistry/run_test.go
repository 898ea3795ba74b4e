package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gonpm/gonpm/internal/registrytest"
)

func TestServeAnnouncesURLAndStops(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	outR, outW := io.Pipe()
	var stderr strings.Builder
	exit := make(chan int, 1)
	go func() {
		exit <- run(ctx, []string{"--listen", "127.0.0.1:0", "--challenge", "web"}, outW, &stderr)
		outW.Close()
	}()
	line, err := bufio.NewReader(outR).ReadString('\n')
	if err != nil {
		t.Fatalf("reading the ready line: %v (stderr %q)", err, stderr.String())
	}
	m := regexp.MustCompile(`^gonpm-testregistry listening on (http://127\.0\.0\.1:\d+/)\n$`).FindStringSubmatch(line)
	if m == nil {
		t.Fatalf("ready line = %q", line)
	}
	resp, err := http.Get(m[1] + "-/ping")
	if err != nil {
		t.Fatalf("ping: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("ping: %d", resp.StatusCode)
	}
	go io.Copy(io.Discard, outR)
	cancel()
	if code := <-exit; code != 0 {
		t.Errorf("exit code %d after shutdown, want 0", code)
	}
}

func TestBadFlags(t *testing.T) {
	for _, args := range [][]string{{"--challenge", "carrier-pigeon"}, {"extra"}, {"--nope"}, {"--latency", "soon"}, {"--latency", "-1s"}} {
		var stderr strings.Builder
		if code := run(context.Background(), args, io.Discard, &stderr); code != 2 || stderr.Len() == 0 {
			t.Errorf("run %v: exit %d, stderr %q; want 2 and a message", args, code, stderr.String())
		}
	}
}

func TestTOTPSubcommand(t *testing.T) {
	const secret = "JBSWY3DPEHPK3PXP"
	tests := []struct {
		name string
		args []string
		env  string
	}{
		{"argument", []string{"totp", secret}, ""},
		{"environment", []string{"totp"}, secret},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(secretEnv, tt.env)
			before := time.Now()
			var stdout, stderr strings.Builder
			code := run(context.Background(), tt.args, &stdout, &stderr)
			after := time.Now()
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr.String())
			}
			got := strings.TrimSpace(stdout.String())
			want1, _ := registrytest.TOTPCode(secret, before)
			want2, _ := registrytest.TOTPCode(secret, after)
			if got != want1 && got != want2 {
				t.Errorf("printed code is not the current TOTP code of the secret")
			}
		})
	}
	t.Run("no secret", func(t *testing.T) {
		t.Setenv(secretEnv, "")
		var stderr strings.Builder
		if code := run(context.Background(), []string{"totp"}, io.Discard, &stderr); code != 2 || !strings.Contains(stderr.String(), secretEnv) {
			t.Errorf("exit %d, stderr %q", code, stderr.String())
		}
	})
}

func TestLatencyFlag(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	outR, outW := io.Pipe()
	exit := make(chan int, 1)
	go func() {
		exit <- run(ctx, []string{"--latency", "40ms"}, outW, io.Discard)
		outW.Close()
	}()
	line, err := bufio.NewReader(outR).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	go io.Copy(io.Discard, outR)
	url := strings.TrimSpace(strings.TrimPrefix(line, "gonpm-testregistry listening on "))
	start := time.Now()
	resp, err := http.Get(url + "-/ping")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if took := time.Since(start); took < 40*time.Millisecond {
		t.Errorf("ping answered after %v with --latency 40ms", took)
	}
	cancel()
	<-exit
}
