// Package trustpub is the library side of `gonpm trust`: trusted-publisher
// configurations (the OIDC link between a package and a CI workflow) on the
// wire, their validation with npm 11.19's rules and messages, where a
// repository is taken from (flag, package.json, git origin), and their
// display exactly as npm prints them.
package trustpub
