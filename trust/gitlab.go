package trust

import (
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/trustpub"
	"github.com/spf13/cobra"
)

// NewCmdGitLab is `gonpm trust gitlab [<pkg>] --file <pipeline.yml>`.
func NewCmdGitLab(f *cmdutil.Factory, runF func(*CreateOptions) error) *cobra.Command {
	opts := newCreateOptions(f, trustpub.GitLab)
	cmd := &cobra.Command{
		Use:   "gitlab [<pkg>] --file <pipeline.yml> [--project <group/project>] [--env <name>] --allow-publish|--allow-stage-publish",
		Short: "Let a GitLab CI/CD pipeline publish a package",
		Long: `Create a trusted relationship between a package and a GitLab CI/CD
pipeline, so that the pipeline can publish the package (--allow-publish)
or stage versions of it (--allow-stage-publish) without a token.

The package is <pkg> or the one in the current folder. The project
(group/project or group/subgroup/project) is --project, else package.json's
repository field, else (unlike npm) the git remote origin of the current
folder; gonpm says where it took it from. --repo and --repository are
accepted for --project (npm's help shows them, but npm refuses them).
package.json's repository is only used for the package of package.json.

gonpm shows the configuration and asks before creating it (--yes skips the
question, --dry-run stops after showing it).`,
		Args: cmdutil.RangeArgs(0, 1, "usage: gonpm trust gitlab [<pkg>] --file <pipeline.yml> [--project <group/project>] [--env <name>] --allow-publish|--allow-stage-publish"),
	}
	readShared := permissionFlags(cmd, opts)
	fl := cmd.Flags()
	fl.StringVar(&opts.File, "file", "", "Pipeline file name, such as .gitlab-ci.yml")
	fl.StringVar(&opts.Entity, "project", "", "Project as group/project or group/subgroup/project")
	fl.String("repository", "", "Same as --project")
	fl.String("repo", "", "Same as --project")
	fl.StringVar(&opts.Env, "environment", "", "GitLab environment the pipeline must run in")
	fl.String("env", "", "Same as --environment")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		if err := readShared(); err != nil {
			return err
		}
		if err := aliases(cmd, &opts.Entity, "project", "repository", "repo"); err != nil {
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
