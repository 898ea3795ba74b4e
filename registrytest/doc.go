// Package registrytest is an in-memory npm registry for tests and demos.
//
// It speaks the wire protocol the npm CLI expects from the public registry,
// including the parts no open-source registry implements: two-factor
// authentication with TOTP and recovery codes, OTP challenges (header, body
// and web styles), profiles, granular tokens, package owners and access
// control. Tests drive it through its Go API (seeding, inspection, fault
// injection, a request log); cmd/gonpm-testregistry serves it as a process.
package registrytest
