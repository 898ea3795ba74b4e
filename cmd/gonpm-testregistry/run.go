package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"strings"
	"time"

	"github.com/gonpm/gonpm/internal/registrytest"
)

const secretEnv = "GONPM_TOTP_SECRET"

// run serves until ctx is done (main cancels it on SIGINT/SIGTERM).
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "totp" {
		return runTOTP(args[1:], stdout, stderr)
	}
	fs := flag.NewFlagSet("gonpm-testregistry", flag.ContinueOnError)
	fs.SetOutput(stderr)
	listen := fs.String("listen", "127.0.0.1:0", "address to listen on")
	data := fs.String("data", "", "directory to load and save the registry state in (default: memory only)")
	challenge := fs.String("challenge", "header", "OTP challenge style: header, body or web")
	retryAfter := fs.String("retry-after", "1", "Retry-After seconds for pending web-flow polls")
	verbose := fs.Bool("verbose", false, "log each request (without secrets) to stderr")
	latency := fs.Duration("latency", 0, "wait this long before answering each request, like a distant registry (e.g. 150ms)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	style, ok := registrytest.ParseChallengeStyle(*challenge)
	if !ok {
		fmt.Fprintf(stderr, "invalid --challenge %q: use header, body or web\n", *challenge)
		return 2
	}
	if *latency < 0 {
		fmt.Fprintf(stderr, "invalid --latency %s: want a duration of 0 or more, such as 150ms\n", *latency)
		return 2
	}
	opts := []registrytest.Option{registrytest.WithChallenge(style), registrytest.WithRetryAfter(*retryAfter), registrytest.WithLatency(*latency)}
	if *verbose {
		logger := log.New(stderr, "", log.LstdFlags)
		opts = append(opts, registrytest.WithLogf(logger.Printf))
	}
	if *data != "" {
		if err := os.MkdirAll(*data, 0o700); err != nil {
			fmt.Fprintf(stderr, "creating data directory: %v\n", err)
			return 1
		}
	}
	srv, err := registrytest.Start(*listen, *data, opts...)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	fmt.Fprintf(stdout, "gonpm-testregistry listening on %s\n", srv.URL)
	<-ctx.Done()
	if err := srv.Close(); err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	return 0
}

// runTOTP prints the current code for a secret given as an argument or,
// to keep it out of the process list, in $GONPM_TOTP_SECRET.
func runTOTP(args []string, stdout, stderr io.Writer) int {
	secret := os.Getenv(secretEnv)
	switch len(args) {
	case 0:
	case 1:
		secret = args[0]
	default:
		fmt.Fprintln(stderr, "usage: gonpm-testregistry totp [SECRET]")
		return 2
	}
	secret = strings.TrimSpace(secret)
	if secret == "" {
		fmt.Fprintf(stderr, "no TOTP secret: pass it as an argument or set %s\n", secretEnv)
		return 2
	}
	code, err := registrytest.TOTPCode(secret, time.Now())
	if err != nil {
		fmt.Fprintln(stderr, "invalid TOTP secret")
		return 1
	}
	fmt.Fprintln(stdout, code)
	return 0
}
