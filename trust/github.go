package trust

import (
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/trustpub"
	"github.com/spf13/cobra"
)

// NewCmdGitHub is `gonpm trust github [<pkg>] --file <workflow.yml>`.
func NewCmdGitHub(f *cmdutil.Factory, runF func(*CreateOptions) error) *cobra.Command {
	opts := newCreateOptions(f, trustpub.GitHub)
	cmd := &cobra.Command{
		Use:   "github [<pkg>] --file <workflow.yml> [--repo <owner/repo>] [--env <name>] --allow-publish|--allow-stage-publish",
		Short: "Let a GitHub Actions workflow publish a package",
		Long: `Create a trusted relationship between a package and a GitHub Actions
workflow, so that the workflow can publish the package (--allow-publish)
or stage versions of it (--allow-stage-publish) without a token.

The package is <pkg> or the one in the current folder. The repository is
--repo, else package.json's repository field, else (unlike npm) the git
remote origin of the current folder; gonpm says where it took it from.
package.json's repository is only used for the package of package.json,
never for another package named on the command line (npm uses it for any).

gonpm shows the configuration and asks before creating it (--yes skips the
question, --dry-run stops after showing it).`,
		Args: cmdutil.RangeArgs(0, 1, "usage: gonpm trust github [<pkg>] --file <workflow.yml> [--repo <owner/repo>] [--env <name>] --allow-publish|--allow-stage-publish"),
	}
	readShared := permissionFlags(cmd, opts)
	fl := cmd.Flags()
	fl.StringVar(&opts.File, "file", "", "Workflow file name in .github/workflows (ends in .yml or .yaml)")
	fl.StringVar(&opts.Entity, "repository", "", "Repository as owner/repo")
	fl.String("repo", "", "Same as --repository")
	fl.StringVar(&opts.Env, "environment", "", "GitHub environment the workflow must run in")
	fl.String("env", "", "Same as --environment")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		if err := readShared(); err != nil {
			return err
		}
		if err := aliases(cmd, &opts.Entity, "repository", "repo"); err != nil {
			return err
		}
		if err := aliases(cmd, &opts.Env, "environment", "env"); err != nil {
			return err
		}
		if len(args) == 1 {
			opts.Package = args[0]
		}
		if runF != nil {
			return runF(opts)
		}
		return createRun(cmd.Context(), opts)
	}
	return cmdutil.DeclareJSON(cmd, cmdutil.JSONOutput)
}

// aliases refuses a flag given with one of its aliases and reads an alias
// into target.
func aliases(cmd *cobra.Command, target *string, name string, alias ...string) error {
	fl := cmd.Flags()
	for _, a := range alias {
		if err := onlyOne(fl, name, a); err != nil {
			return err
		}
	}
	for i, a := range alias {
		for _, b := range alias[i+1:] {
			if err := onlyOne(fl, a, b); err != nil {
				return err
			}
		}
		if fl.Changed(a) {
			*target, _ = fl.GetString(a)
		}
	}
	return nil
}
