package trust

import (
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/trustpub"
	"github.com/spf13/cobra"
)

// NewCmdCircleCI is `gonpm trust circleci [<pkg>] --org-id … --vcs-origin …`.
func NewCmdCircleCI(f *cmdutil.Factory, runF func(*CreateOptions) error) *cobra.Command {
	opts := newCreateOptions(f, trustpub.CircleCI)
	cmd := &cobra.Command{
		Use:   "circleci [<pkg>] --org-id <uuid> --project-id <uuid> --pipeline-definition-id <uuid> --vcs-origin <host/owner/repo> [--context-id <uuid>...] --allow-publish|--allow-stage-publish",
		Short: "Let a CircleCI pipeline publish a package",
		Long: `Create a trusted relationship between a package and a CircleCI pipeline,
so that the pipeline can publish the package (--allow-publish) or stage
versions of it (--allow-stage-publish) without a token. The ids are
CircleCI's UUIDs; --context-id may be repeated.

gonpm shows the configuration and asks before creating it (--yes skips the
question, --dry-run stops after showing it).`,
		Args: cmdutil.RangeArgs(0, 1, "usage: gonpm trust circleci [<pkg>] --org-id <uuid> --project-id <uuid> --pipeline-definition-id <uuid> --vcs-origin <host/owner/repo> [--context-id <uuid>...] --allow-publish|--allow-stage-publish"),
	}
	readShared := permissionFlags(cmd, opts)
	fl := cmd.Flags()
	fl.StringVar(&opts.OrgID, "org-id", "", "CircleCI organization UUID")
	fl.StringVar(&opts.ProjectID, "project-id", "", "CircleCI project UUID")
	fl.StringVar(&opts.PipelineID, "pipeline-definition-id", "", "CircleCI pipeline definition UUID")
	fl.StringVar(&opts.VCSOrigin, "vcs-origin", "", "Repository origin as host/owner/repo, such as github.com/owner/repo")
	fl.StringArrayVar(&opts.ContextIDs, "context-id", nil, "CircleCI context UUID to match (repeatable)")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		if err := readShared(); err != nil {
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
