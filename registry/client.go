// Package registry is the one HTTP client gonpm uses to talk to an npm
// registry.
package registry

// Client talks to one configured registry.
type Client struct{}
