package cmd

import (
	"os"
	"sync"
	"time"

	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/browser"
	"github.com/gonpm/gonpm/internal/ciinfo"
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/iostreams"
	"github.com/gonpm/gonpm/internal/logger"
	"github.com/gonpm/gonpm/internal/registry"
	"github.com/gonpm/gonpm/otpprompt"
	"github.com/spf13/pflag"
)

// invocation is what the root command learns once flags are parsed: the
// flag set of the command that runs and its top-level name.
type invocation struct {
	flags      *pflag.FlagSet
	command    string
	workspaces bool
	// stderrReady: the log level and colour filter is in front of stderr.
	stderrReady bool
}

// newFactory builds the dependencies in order: streams and environment
// first, then configuration (which needs the parsed flags), then the
// logger (which needs the log level) and the registry client (which needs
// all of them).
func newFactory(io *iostreams.IOStreams, getenv func(string) string, environ []string) (*cmdutil.Factory, *invocation) {
	inv := &invocation{}
	cwd, _ := os.Getwd()
	home, _ := os.UserHomeDir()
	if h := getenv("HOME"); h != "" {
		home = h
	}
	// The environment list tells unset from empty, as ci-info does.
	ci := ciinfo.Detect(getenv)
	if environ != nil {
		ci = ciinfo.DetectEnv(ciinfo.FromEnviron(environ))
	}
	if ci.IsCI {
		io.SetNeverPrompt(true)
	}
	f := &cmdutil.Factory{
		IOStreams: io,
		Version:   currentBuild().Version,
		Secrets:   &logger.Secrets{},
		Prompter:  otpprompt.NewPrompter(io),
		Browser:   browser.System{Getenv: getenv},
		CI:        ci,
		Getenv:    getenv,
		Cwd:       cwd,
	}

	f.Config = sync.OnceValues(func() (*config.Config, error) {
		cfg, err := config.Load(config.LoadOptions{Cwd: cwd, Env: environ, Home: home, Flags: inv.flags})
		if err != nil {
			return nil, err
		}
		return cfg, nil
	})

	f.Logger = sync.OnceValue(func() *logger.Logger {
		level := logger.Notice
		if cfg, err := f.Config(); err == nil {
			if l, err := logger.ParseLevel(cfg.Get("loglevel")); err == nil {
				level = l
			}
		}
		return logger.New(io.ErrOut, level, f.Secrets)
	})

	f.RegistryClient = sync.OnceValues(func() (*registry.Client, error) {
		cfg, err := f.Config()
		if err != nil {
			return nil, err
		}
		reg, err := cfg.Registry()
		if err != nil && err != config.ErrNoRegistry {
			return nil, err
		}
		log := f.Logger()
		if cfg.HasUserinfo() {
			if a := cfg.AuthFor(reg, reg); a != nil {
				f.Secrets.Add(a.Password, a.Basic)
			}
			log.Warnf("the registry URL holds a user name and password; gonpm sends them only to that host, as a header. Better: gonpm login, which stores a token")
		}
		// The client warns about plain http before it sends a credential
		// to any registry, scoped ones included.
		network, err := registry.NetworkFromConfig(cfg)
		if err != nil {
			return nil, err
		}
		if network.Insecure {
			log.Warnf("strict-ssl=false: registry certificates are not checked, so anyone on the network path can read and change what gonpm sends and receives")
		}
		return registry.New(registry.Options{
			Registry:    reg,
			Credentials: cfg,
			UserAgent:   registry.UserAgent(f.Version, inv.workspaces, ci.Agent),
			Command:     inv.command,
			AuthType:    cfg.Get("auth-type"),
			Scope:       cfg.Get("scope"),
			OTP:         cfg.Get("otp"),
			OTPSource: &otpprompt.CommandSource{
				Command: cfg.Get("otp-command"),
				Env:     environ,
				Dir:     cwd,
				Next: &otpprompt.Source{
					IO:          io,
					Prompter:    f.Prompter,
					Browser:     f.Browser,
					OpenBrowser: cfg.OpenBrowser() && !ci.IsCI,
				},
			},
			Logger:     log,
			Retries:    cfg.Int("fetch-retries"),
			MinTimeout: cfg.Duration("fetch-retry-mintimeout"),
			MaxTimeout: cfg.Duration("fetch-retry-maxtimeout"),
			Factor:     float64(cfg.Int("fetch-retry-factor")),
			Timeout:    fetchTimeout(cfg),
			CI:         ci.IsCI,
			Network:    network,
			MaxSockets: cfg.Int("maxsockets"),
		}), nil
	})
	return f, inv
}

// fetchTimeout follows npm: a zero fetch-timeout falls back to 30 s.
func fetchTimeout(cfg *config.Config) time.Duration {
	if d := cfg.Duration("fetch-timeout"); d > 0 {
		return d
	}
	return 30 * time.Second
}
