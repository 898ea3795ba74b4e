package cmd

import (
	"strconv"
	"strings"

	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// commandGroups are the sections of `gonpm --help`, as gh groups its
// commands. A command not listed in groupOf lands under "Additional
// Commands".
var commandGroups = []*cobra.Group{
	{ID: "account", Title: "Account commands:"},
	{ID: "packages", Title: "Package commands:"},
	{ID: "2fa", Title: "2FA and token commands:"},
	{ID: "config", Title: "Configuration commands:"},
}

var groupOf = map[string]string{
	"login": "account", "adduser": "account", "logout": "account", "whoami": "account",
	"org": "account", "team": "account",
	"publish": "packages", "unpublish": "packages", "pack": "packages", "dist-tag": "packages",
	"owner": "packages", "access": "packages", "deprecate": "packages", "stage": "packages",
	"trust": "packages", "star": "packages", "unstar": "packages", "stars": "packages", "undeprecate": "packages",
	"provenance": "packages", "profile": "2fa", "token": "2fa",
	"config": "config", "doctor": "config", "completion": "config", "help": "config",
}

const exitCodes = `Exit status:
  0    success
  1    error
  2    usage error (wrong arguments or flags)
  3    some of several operations failed
  4    not logged in, or authentication failed
  5    a one-time password is needed and none could be obtained
  6    the registry accepts the version only as a staged publish (gonpm stage publish)
  130  cancelled (Ctrl-C)`

// usageTemplate is cobra's, but a subcommand lists the global flags by
// name only (the root's help describes them) after its own flags, and the
// root ends with the exit codes.
const usageTemplate = `Usage:{{if .Runnable}}
  {{.UseLine}}{{end}}{{if .HasAvailableSubCommands}}
  {{.CommandPath}} [command]{{end}}{{if gt (len .Aliases) 0}}

Aliases:
  {{.NameAndAliases}}{{end}}{{if .HasExample}}

Examples:
{{.Example}}{{end}}{{if .HasAvailableSubCommands}}{{$cmds := .Commands}}{{if eq (len .Groups) 0}}

Available Commands:{{range $cmds}}{{if (or .IsAvailableCommand (eq .Name "help"))}}
  {{rpad .Name .NamePadding }} {{.Short}}{{end}}{{end}}{{else}}{{range $group := .Groups}}

{{.Title}}{{range $cmds}}{{if (and (eq .GroupID $group.ID) (or .IsAvailableCommand (eq .Name "help")))}}
  {{rpad .Name .NamePadding }} {{.Short}}{{end}}{{end}}{{end}}{{if not .AllChildCommandsHaveGroup}}

Additional Commands:{{range $cmds}}{{if (and (eq .GroupID "") (or .IsAvailableCommand (eq .Name "help")))}}
  {{rpad .Name .NamePadding }} {{.Short}}{{end}}{{end}}{{end}}{{end}}{{end}}{{if .HasAvailableLocalFlags}}

Flags:
{{.LocalFlags.FlagUsages | trimTrailingWhitespaces}}{{end}}{{if .HasAvailableInheritedFlags}}

Global flags (see 'gonpm --help'):
{{globalFlagNames .}}{{end}}{{if .HasAvailableSubCommands}}

Use "{{.CommandPath}} [command] --help" for more information about a command.{{end}}{{if not .HasParent}}

` + exitCodes + `{{end}}
`

func init() {
	cobra.AddTemplateFunc("globalFlagNames", globalFlagNames)
}

// setUpHelp groups the root's commands and sets the help layout.
func setUpHelp(root *cobra.Command) {
	root.AddGroup(commandGroups...)
	for _, c := range root.Commands() {
		if id, ok := groupOf[c.Name()]; ok {
			c.GroupID = id
		}
	}
	root.SetHelpCommandGroupID("config")
	root.SetCompletionCommandGroupID("config")
	root.SetUsageTemplate(usageTemplate)
	// cobra adds its help and completion commands when it runs; added
	// now, they declare what --json does like every other command.
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		if c.Name() == "help" || c.Name() == "completion" {
			cmdutil.DeclareJSON(c, cmdutil.NoJSONOutput)
			for _, shell := range c.Commands() {
				cmdutil.DeclareJSON(shell, cmdutil.NoJSONOutput)
			}
		}
	}
}

// globalFlagNames lists the inherited flags by name, wrapped at 80
// columns.
func globalFlagNames(cmd *cobra.Command) string {
	var names []string
	cmd.InheritedFlags().VisitAll(func(f *pflag.Flag) {
		if !f.Hidden {
			names = append(names, "--"+f.Name)
		}
	})
	var b strings.Builder
	line := " "
	for _, n := range names {
		if len(line)+1+len(n) > 78 {
			b.WriteString(line + "\n")
			line = " "
		}
		line += " " + n
	}
	b.WriteString(line)
	return b.String()
}

// completeGlobalFlags offers the values of the global flags that take
// one of a few words.
func completeGlobalFlags(root *cobra.Command) {
	for _, name := range []string{"loglevel", "auth-type"} {
		_ = root.RegisterFlagCompletionFunc(name, cmdutil.CompleteValues(config.Choices(name)...))
	}
}

// wholeNumber is a flag holding a count or milliseconds: typed "int" in
// help and completion, and refused at parse time when it is not a whole
// number, with the message `config set` gives for the same mistake.
type wholeNumber struct {
	key   string
	value string
}

func (w *wholeNumber) String() string { return w.value }
func (w *wholeNumber) Type() string   { return "int" }
func (w *wholeNumber) Set(s string) error {
	if err := config.CheckValue(w.key, s); err != nil {
		return err
	}
	if _, err := strconv.Atoi(s); err != nil {
		return err
	}
	w.value = s
	return nil
}
