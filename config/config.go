// Package config reads and writes npm's configuration: the global, user and
// project npmrc files, npm_config_* environment variables and command-line
// flags, layered with the same precedence as npm.
//
// STUB: the signatures below are the contract; the implementation is being
// written.
package config

import (
	"errors"
	"time"

	"github.com/spf13/pflag"
)

// Layer names, lowest precedence first.
const (
	LayerDefault = "default"
	LayerGlobal  = "global"
	LayerUser    = "user"
	LayerProject = "project"
	LayerEnv     = "env"
	LayerCLI     = "cli"
)

// LoadOptions says where to look for configuration.
type LoadOptions struct {
	Cwd   string         // working directory (project npmrc is found from here)
	Env   []string       // environment in os.Environ form
	Home  string         // home directory (user npmrc default ~/.npmrc)
	Flags *pflag.FlagSet // flags that were set on the command line form the cli layer
}

// Config is the loaded, layered configuration.
type Config struct{}

// ErrNoRegistry is returned when no registry is configured anywhere.
var ErrNoRegistry = errors.New("no registry configured: set one with `gonpm config set registry <url>` or pass --registry=<url>")

// Auth is the credential that matched a request URL.
type Auth struct {
	Token    string // bearer token
	Basic    string // value for "Authorization: Basic <Basic>"
	Username string // when known (username+_password or _auth)
	Password string // decoded, when known
	Source   Source
}

// Source says where a credential came from (never its value).
type Source struct {
	Layer string
	File  string
	Key   string
}

func Load(opts LoadOptions) (*Config, error) { return &Config{}, nil }

func (c *Config) Get(key string) string { return "" }

// STUB methods (contract for the implementation in progress).

func (c *Config) Lookup(key string) (value, layer string, ok bool) { return "", "", false }
func (c *Config) Bool(key string) bool                             { return false }
func (c *Config) Int(key string) int                               { return 0 }
func (c *Config) Duration(msKey string) time.Duration              { return 0 }
func (c *Config) Registry() (string, error)                        { return "", ErrNoRegistry }
func (c *Config) RegistryForScope(scope string) (string, error)    { return c.Registry() }
func (c *Config) AuthFor(requestURL, registryURL string) *Auth     { return nil }
func (c *Config) FilePath(layer string) string                     { return "" }
func (c *Config) Env() []string                                    { return nil }
func (c *Config) Set(layer, key, value string) error               { return nil }
func (c *Config) Delete(layer, key string) error                   { return nil }
func NerfDart(registryURL string) string                           { return "" }
