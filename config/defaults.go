package config

//go:generate go run gen_npmdefaults.go

// defaults are npm's default values for the keys gonpm reads, laid over
// the generated npmDefaults (npmdefaults.go) so they never depend on the
// npm the table was generated from. There is deliberately no default
// registry: it must be configured.
var defaults = map[string]string{
	"auth-type":              "web",
	"concurrency":            "8", // gonpm's own key; publishing.DefaultConcurrency
	"fetch-retries":          "2",
	"fetch-retry-factor":     "10",
	"fetch-retry-mintimeout": "10000",
	"fetch-retry-maxtimeout": "60000",
	"fetch-timeout":          "300000",
	"json":                   "false",
	"loglevel":               "notice",
	"parseable":              "false",
	"tag":                    "latest",
}
