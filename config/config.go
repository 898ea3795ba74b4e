// Package config reads and writes npm's configuration: the global, user and
// project npmrc files, npm_config_* environment variables and command-line
// flags, layered with the same precedence as npm.
package config

import (
	"encoding/base64"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"

	"time"

	"github.com/spf13/pflag"
	"github.com/spf13/viper"
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
type Config struct {
	opts   LoadOptions
	env    map[string]string
	layers []*layer // lowest precedence first
	viper  *viper.Viper
	// ignored are project-file keys a project may not set.
	ignored []IgnoredKey
}

// ErrNoRegistry is returned when no registry is configured anywhere.
var ErrNoRegistry = errors.New("no registry configured: set one with `gonpm config set registry <url>` or pass --registry=<url>")

// Auth is the credential that matched a request URL.
type Auth struct {
	Token    string // bearer token
	Basic    string // value for "Authorization: Basic <Basic>"
	Username string // when known (username+_password or _auth)
	Password string // decoded, when known
	CertFile string // client certificate, with KeyFile
	KeyFile  string
	Source   Source
}

// Source says where a credential came from (never its value).
type Source struct {
	Layer string
	File  string
	Key   string
}

// Entry is one key of one layer, as listed by List.
type Entry struct {
	Key      string // the key, ${VAR} references expanded
	RawKey   string // the key as written
	Value    string // the value as written, ${VAR} references kept
	Expanded string // the value with ${VAR} references expanded
	Layer    string
	File     string // "" for the default, env and cli layers
	Line     int    // 0 when not from a file
}

// Load reads every configuration source. Missing files are ignored; an
// unreadable file or a credential not tied to a registry (see
// InvalidAuthError) is an error.
func Load(opts LoadOptions) (*Config, error) {
	c := &Config{opts: opts, env: envMap(opts.Env)}
	if c.opts.Home == "" {
		c.opts.Home = c.env["HOME"]
	}

	def := newLayer(LayerDefault, "")
	for k, v := range npmDefaults {
		// npm's null is no value: reading such a key gets "", only
		// `config get` prints it (Show).
		if _, own := defaults[k]; !own && v != "null" {
			def.add(entry{Key: k, Value: v}, nil)
		}
	}
	for k, v := range defaults {
		def.add(entry{Key: k, Value: v}, nil)
	}
	cli := c.cliLayer()
	env := newLayer(LayerEnv, "")
	for _, e := range envEntries(opts.Env) {
		env.add(e, c.env)
	}
	global, user, project := newLayer(LayerGlobal, ""), newLayer(LayerUser, ""), newLayer(LayerProject, "")
	c.layers = []*layer{def, global, user, project, env, cli}

	// npm reads cli and env first, then the project file, then the user
	// file (which can move the global one). Unlike npm, a project file
	// cannot move the user or global file (see untrusted.go).
	userFile := c.userConfigPath()
	if !c.globalMode() {
		project.file = filepath.Join(c.localPrefix(), ".npmrc")
		if sameFile(project.file, userFile) {
			project.file = ""
		} else if err := c.readLayer(project); err != nil {
			return nil, err
		}
		c.ignored = dropUntrusted(project)
	}
	user.file = c.userConfigPath()
	if err := c.readLayer(user); err != nil {
		return nil, err
	}
	prefix := c.globalPrefix()
	if gc, _, ok := c.lookupRaw("globalconfig"); ok && gc.value != "" {
		global.file = c.resolvePath(gc.value)
	} else if prefix != "" {
		global.file = filepath.Join(prefix, "etc", "npmrc")
	}
	if global.file != "" {
		if err := c.readLayer(global); err != nil {
			return nil, err
		}
	}

	// Where the files are is itself configuration npm reports.
	def.add(entry{Key: "userconfig", Value: user.file}, nil)
	if global.file != "" {
		def.add(entry{Key: "globalconfig", Value: global.file}, nil)
	}
	if prefix != "" {
		def.add(entry{Key: "prefix", Value: prefix}, nil)
	}

	c.rebuild()
	if err := c.checkAuth(); err != nil {
		return nil, err
	}
	return c, nil
}

// lookupRaw finds the highest layer holding key, comparing keys exactly.
func (c *Config) lookupRaw(key string) (*value, *layer, bool) {
	for i := len(c.layers) - 1; i >= 0; i-- {
		if v, ok := c.layers[i].get(key); ok {
			return v, c.layers[i], true
		}
	}
	return nil, nil, false
}

// lookupExact is lookupRaw for credential keys, which are case-sensitive.
func (c *Config) lookupExact(key string) (*value, *layer, bool) {
	return c.lookupRaw(key)
}

func (c *Config) layer(name string) *layer {
	for _, l := range c.layers {
		if l.name == name {
			return l
		}
	}
	return nil
}

// Lookup returns the resolved value of key with ${VAR} references expanded,
// and the layer it came from. Like npm, a set otp forces auth-type=legacy.
func (c *Config) Lookup(key string) (value, layer string, ok bool) {
	if key == "auth-type" {
		if otp, l, ok := c.lookupRaw("otp"); ok && otp.value != "" && l.name != LayerDefault {
			return "legacy", l.name, true
		}
	}
	// Named settings come from viper, which holds their precedence;
	// the npmrc layers say where the winning value was written.
	if namedSetting(key) {
		if !c.viper.IsSet(key) {
			return "", "", false
		}
		_, l, _ := c.lookupRaw(key)
		name := LayerDefault
		if l != nil {
			name = l.name
		}
		return viperString(c.viper.Get(key), "\n"), name, true
	}
	v, l, ok := c.lookupRaw(key)
	if !ok {
		return "", "", false
	}
	return v.value, l.name, true
}

// Show returns key's value as `npm config get` prints it: the items of an
// array joined by commas.
func (c *Config) Show(key string) (string, bool) {
	if namedSetting(key) && key != "auth-type" {
		if !c.viper.IsSet(key) {
			if npmDefaults[key] == "null" {
				return "null", true
			}
			return "", false
		}
		return viperString(c.viper.Get(key), ","), true
	}
	if v, _, ok := c.lookupRaw(key); ok && v.isArray {
		return strings.Join(v.list, ","), true
	}
	v, _, ok := c.Lookup(key)
	return v, ok
}

// Get returns the resolved value of key, "" when unset. Items of a key[]=
// array are joined with newlines.
func (c *Config) Get(key string) string {
	v, _, _ := c.Lookup(key)
	return v
}

// Bool reports whether key is set to a true value: anything but "",
// "false", "0", "null" and "undefined".
func (c *Config) Bool(key string) bool {
	switch strings.ToLower(c.Get(key)) {
	case "", "false", "0", "null", "undefined":
		return false
	}
	return true
}

// Int returns key as an integer; a value that is not a number falls back
// to the default, else 0.
func (c *Config) Int(key string) int {
	if n, ok := parseInt(c.Get(key)); ok {
		return n
	}
	n, _ := parseInt(defaults[key])
	return n
}

// Registry returns the configured registry URL, with a trailing slash added
// to a bare host as npm does, or ErrNoRegistry.
func (c *Config) Registry() (string, error) {
	return c.normalizeRegistry("registry")
}

// RegistryForScope returns the registry of a package scope ("@scope" or
// "scope"): @scope:registry when set, else Registry().
func (c *Config) RegistryForScope(scope string) (string, error) {
	if scope != "" {
		if !strings.HasPrefix(scope, "@") {
			scope = "@" + scope
		}
		if c.Get(scope+":registry") != "" {
			return c.normalizeRegistry(scope + ":registry")
		}
	}
	return c.Registry()
}

func (c *Config) normalizeRegistry(key string) (string, error) {
	raw, layer, _ := c.Lookup(key)
	if raw == "" {
		return "", ErrNoRegistry
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("invalid %s %q in %s config: want an http:// or https:// URL; fix it with `gonpm config set %s <url>`", key, redactUserinfo(raw), layer, key)
	}
	if u.Path == "" && u.RawPath == "" {
		u.Path = "/"
	}
	// A user name and password in the URL become a credential for that
	// host (see urlAuth); the URL itself never carries them, so they are
	// never printed or sent anywhere else.
	u.User = nil
	return u.String(), nil
}

// urlAuth returns the credential written into a configured registry URL
// (registry or @scope:registry) on host, if any.
func (c *Config) urlAuth(host string) *Auth {
	keys := []string{"registry"}
	for _, e := range c.List() {
		if strings.HasPrefix(e.Key, "@") && strings.HasSuffix(e.Key, ":registry") {
			keys = append(keys, e.Key)
		}
	}
	for _, key := range keys {
		u, err := url.Parse(c.Get(key))
		if err != nil || u.User == nil || !strings.EqualFold(u.Host, host) {
			continue
		}
		user := u.User.Username()
		pass, _ := u.User.Password()
		return &Auth{
			Basic:    base64.StdEncoding.EncodeToString([]byte(user + ":" + pass)),
			Username: user,
			Password: pass,
			Source:   Source{Key: "the user name and password in the " + key + " URL"},
		}
	}
	return nil
}

// HasUserinfo reports whether a configured registry URL holds a user name
// or password.
func (c *Config) HasUserinfo() bool {
	u, err := url.Parse(c.Get("registry"))
	return err == nil && u.User != nil
}

func redactUserinfo(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		// An unparsable URL may still hold a password: cut everything
		// between "//" and the last "@" of the authority.
		return redactUnparsed(raw)
	}
	if u.User == nil {
		// "https://#:pw@host" parses with no user: still mask anything
		// that looks like one.
		return redactUnparsed(raw)
	}
	return RedactURL(u)
}

// RedactURL prints u with its password masked the way npm does
// (https://user:***@host/); a URL without a password is unchanged.
func RedactURL(u *url.URL) string {
	if u.User == nil {
		return u.String()
	}
	c := *u
	c.User = nil
	s := c.String()
	user := c.Scheme + "://"
	if !strings.HasPrefix(s, user) {
		return s
	}
	masked := url.PathEscape(u.User.Username())
	if _, has := u.User.Password(); has || masked == "" {
		masked += ":***"
	}
	return user + masked + "@" + s[len(user):]
}

// RedactURLString is RedactURL for a URL as written.
func RedactURLString(raw string) string { return redactUserinfo(raw) }

func redactUnparsed(raw string) string {
	i := strings.Index(raw, "//")
	if i < 0 {
		return raw
	}
	rest := raw[i+2:]
	end := strings.IndexAny(rest, "/?")
	if end < 0 {
		end = len(rest)
	}
	at := strings.LastIndex(rest[:end], "@")
	if at < 0 {
		return raw
	}
	return raw[:i+2] + "***@" + rest[at+1:]
}

// FilePath returns the file of the global, user or project layer, "" for
// other layers or when there is none (no global file without node or a
// configured prefix; no project file in global mode or when it is the user
// file).
func (c *Config) FilePath(layerName string) string {
	if l := c.layer(layerName); l != nil {
		return l.file
	}
	return ""
}

// List returns every key of every layer, lowest precedence first and sorted
// by key within a layer.
func (c *Config) List() []Entry {
	var out []Entry
	for _, l := range c.layers {
		for _, k := range l.sortedKeys() {
			v := l.values[k]
			out = append(out, Entry{
				Key: k, RawKey: v.rawKey, Value: v.raw, Expanded: v.value,
				Layer: l.name, File: l.file, Line: v.line,
			})
		}
	}
	return out
}

// Env returns a copy of the environment the configuration was loaded with.
func (c *Config) Env() []string {
	return append([]string(nil), c.opts.Env...)
}

// Duration reads a key that holds milliseconds, such as fetch-timeout.
func (c *Config) Duration(msKey string) time.Duration {
	return time.Duration(c.Int(msKey)) * time.Millisecond
}

// OpenBrowser reports whether web approvals open a browser: npm's browser
// setting is null (the system's browser) by default, false to print the
// link only, or a program to open it with.
func (c *Config) OpenBrowser() bool {
	return strings.ToLower(c.Get("browser")) != "false"
}
