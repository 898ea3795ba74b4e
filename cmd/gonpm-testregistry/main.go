// Command gonpm-testregistry serves the in-memory test registry of package
// registrytest, for demos and scripts:
//
//	gonpm-testregistry --listen 127.0.0.1:0 [--data DIR] [--challenge header|body|web] [--latency 150ms]
//	gonpm-testregistry totp [SECRET]   (SECRET defaults to $GONPM_TOTP_SECRET)
//
// When ready it prints exactly one line to stdout,
// "gonpm-testregistry listening on http://127.0.0.1:PORT/", and serves
// until SIGINT or SIGTERM.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
