// Package registrytest is an in-memory npm registry for tests and demos.
//
// It speaks the wire protocol the npm CLI expects from the public registry,
// including the parts no open-source registry implements: two-factor
// authentication with TOTP and recovery codes, OTP challenges (header, body
// and web styles), profiles, granular tokens, package owners and access
// control, and staged publishing (stage.go: staged versions invisible until
// approved with a second factor). The npm fidelity tests in this package drive the real npm CLI
// against it, so its answers are checked against the reference client.
//
// A test starts one with New, seeds it, and inspects it afterwards:
//
//	srv := registrytest.New(t)
//	token := srv.AddUser("alice", "password", "alice@example.com")
//	secret, _ := srv.EnableTFA("alice", registrytest.ModeAuthAndWrites)
//	srv.AddPackage("alice", "pkg", "1.0.0")
//	// … point the client at srv.URL with token, answer OTP challenges
//	// with srv.TOTP(secret, time.Now()) …
//	srv.DistTags("pkg")
//
// Inject adds failures (statuses with Retry-After, dropped connections
// before or after a write is applied, delays); Requests returns everything
// the server received, credentials included, for assertions. Nothing the
// server prints contains a secret.
//
// cmd/gonpm-testregistry serves the same registry as a process.
package registrytest
