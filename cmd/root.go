package cmd

import (
	"errors"
	"strings"

	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

const rootLong = `gonpm does the registry work of npm — logging in, two-factor
authentication, publishing, dist-tags, owners and access — as one binary.

It reads the same configuration as npm: npmrc files, npm_config_*
environment variables and flags. There is no built-in registry: set one with
` + "`gonpm config set registry <url>`" + ` or pass --registry=<url>.

When the registry asks for a one-time password, gonpm uses --otp or
NPM_CONFIG_OTP, else asks for it (masked) when it runs in a terminal, else
fails at once with exit status 5.`

// newCmdRoot builds the root command with the global flags named as npm
// names them.
func newCmdRoot(f *cmdutil.Factory, inv *invocation) *cobra.Command {
	root := &cobra.Command{
		Use:           "gonpm <command>",
		Short:         "An npm-compatible client for registry accounts and packages",
		Long:          rootLong,
		Version:       f.Version,
		Annotations:   map[string]string{"versionJSON": versionJSON(currentBuild())},
		SilenceErrors: true,
		SilenceUsage:  true,
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			inv.flags = cmd.Flags()
			inv.command = topLevelName(cmd)
			if w, err := cmd.Flags().GetBool("workspaces"); err == nil && w {
				inv.workspaces = true
			}
			if ws, err := cmd.Flags().GetStringSlice("workspace"); err == nil && len(ws) > 0 {
				inv.workspaces = true
			}
			if err := checkSwallowedFlags(cmd.Flags()); err != nil {
				return err
			}
			if err := checkFlagValues(cmd.Flags()); err != nil {
				return err
			}
			// Load configuration now so a broken npmrc is reported before
			// any work starts.
			cfg, err := f.Config()
			if err != nil {
				return err
			}
			// The notice blocks and warnings that commands write straight
			// to stderr follow the log level and colour too, as in npm.
			setUpStderr(f, inv)
			for _, bad := range cfg.InvalidValues() {
				f.Logger().Warnf("%s", bad)
			}
			for _, ign := range cfg.IgnoredProjectKeys() {
				f.Logger().Warnf("%s", ign)
			}
			// As npm, whatever the command and wherever force was set.
			if cfg.Bool("force") {
				f.Logger().Warnf("using --force Recommended protections disabled.")
			}
			return nil
		},
		PersistentPostRun: func(cmd *cobra.Command, args []string) {
			warnIgnoredJSON(f, cmd, args)
		},
	}
	root.SetVersionTemplate(versionTemplate)
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		var bad *pflag.InvalidValueError
		if errors.As(err, &bad) {
			if _, ok := bad.GetFlag().Value.(*wholeNumber); ok {
				return cmdutil.FlagErrorf("invalid --%s %q: %v", bad.GetFlag().Name, bad.GetValue(), bad.Unwrap())
			}
		}
		return cmdutil.FlagErrorf("%v", err)
	})
	addGlobalFlags(root.PersistentFlags())
	addCommands(root, f)
	setUpHelp(root)
	completeGlobalFlags(root)
	return root
}

func addGlobalFlags(fs *pflag.FlagSet) {
	fs.String("registry", "", "the registry to use (URL)")
	fs.String("userconfig", "", "the user npmrc file (default ~/.npmrc)")
	fs.String("otp", "", "a one-time password from your authenticator")
	fs.String("otp-command", "", "a shell command that prints a one-time password when the registry asks for one")
	fs.Bool("json", false, "print machine-readable JSON")
	fs.Bool("parseable", false, "print tab-separated output")
	fs.String("loglevel", "", "silent, error, warn, notice, http, info, verbose or silly")
	// npm's --color, --color=always, --color false and --no-color
	// (colorArgs reads the space-separated values).
	fs.String("color", "", "colour the error and warning labels: true (on a terminal), false or always")
	fs.Lookup("color").NoOptDefVal = "true"
	fs.Bool("no-color", false, "no colour (the same as --color=false)")
	fs.String("auth-type", "", "how to log in and answer 2FA challenges: web or legacy")
	fs.String("scope", "", "the @scope to use")
	fs.Bool("browser", true, "open a browser for web approvals")
	fs.Var(&wholeNumber{key: "fetch-timeout"}, "fetch-timeout", "milliseconds to wait for a response")
	fs.Var(&wholeNumber{key: "fetch-retries"}, "fetch-retries", "how often to retry a failed request")
	fs.Var(&wholeNumber{key: "fetch-retry-mintimeout"}, "fetch-retry-mintimeout", "milliseconds to wait before the first retry")
	fs.Var(&wholeNumber{key: "fetch-retry-maxtimeout"}, "fetch-retry-maxtimeout", "longest wait between retries, in milliseconds")
}

// checkFlagValues refuses a flag value of the wrong kind (--loglevel=loud,
// --fetch-retries=many) as a usage error, instead of quietly using the
// default.
func checkFlagValues(fs *pflag.FlagSet) error {
	var err error
	fs.Visit(func(fl *pflag.Flag) {
		if err != nil {
			return
		}
		if bad := config.CheckValue(fl.Name, fl.Value.String()); bad != nil {
			err = cmdutil.FlagErrorf("invalid --%s %q: %v", fl.Name, config.Shown(fl.Value.String()), bad)
		}
	})
	return err
}

func topLevelName(cmd *cobra.Command) string {
	for cmd.HasParent() && cmd.Parent().HasParent() {
		cmd = cmd.Parent()
	}
	if !cmd.HasParent() {
		return ""
	}
	return cmd.Name()
}

// usageHint ends the line of a usage error, naming the help of the
// command that was run ("see 'gonpm help dist-tag add'").
func usageHint(cmd *cobra.Command) string {
	if cmd == nil || !cmd.HasParent() {
		return "see 'gonpm help'"
	}
	path := cmd.CommandPath()
	if i := strings.IndexByte(path, ' '); i >= 0 {
		path = path[i+1:]
	}
	return "see 'gonpm help " + path + "'"
}
