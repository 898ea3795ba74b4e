package trust

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/gonpm/gonpm/internal/cmdtest"
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/spf13/cobra"
)

func yes(b bool) *bool { return &b }

// createFields are the parsed inputs of a create command, for comparing.
type createFields struct {
	Package, File, Entity, Env            string
	Publish, Stage, DryRun                bool
	Yes                                   *bool
	OrgID, ProjectID, PipelineID, VCSOrig string
	ContextIDs                            []string
}

func fieldsOf(o *CreateOptions) createFields {
	return createFields{o.Package, o.File, o.Entity, o.Env, o.Publish, o.Stage, o.DryRun, o.Yes, o.OrgID, o.ProjectID, o.PipelineID, o.VCSOrigin, o.ContextIDs}
}

type createCase struct {
	name    string
	args    []string
	want    createFields
	wantErr string // the usage error, "" for none
}

func checkCreate(t *testing.T, newCmd func(*cmdutil.Factory, func(*CreateOptions) error) *cobra.Command, cases []createCase) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			got, err := cmdtest.Parse(t, newCmd, tt.args...)
			if tt.wantErr != "" {
				var fe *cmdutil.FlagError
				if err == nil || !errors.As(err, &fe) || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want a usage error with %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if f := fieldsOf(got); !reflect.DeepEqual(f, tt.want) {
				t.Errorf("options = %+v\nwant      %+v", f, tt.want)
			}
		})
	}
}

func TestNewCmdGitHub(t *testing.T) {
	checkCreate(t, NewCmdGitHub, []createCase{
		{"all flags", []string{"@org/pk", "--file", "ci.yml", "--repository", "o/r", "--environment", "prod", "--allow-publish", "--allow-stage-publish", "--dry-run", "-y"},
			createFields{Package: "@org/pk", File: "ci.yml", Entity: "o/r", Env: "prod", Publish: true, Stage: true, DryRun: true, Yes: yes(true)}, ""},
		{"aliases", []string{"--file=ci.yml", "--repo=o/r", "--env=prod", "--allow-staged-publish"},
			createFields{File: "ci.yml", Entity: "o/r", Env: "prod", Stage: true}, ""},
		{"no-yes", []string{"--file=ci.yml", "--allow-publish", "--no-yes"}, createFields{File: "ci.yml", Publish: true, Yes: yes(false)}, ""},
		{"nothing", nil, createFields{}, ""},
		{"flag and alias", []string{"--repo=a/b", "--repository=a/b"}, createFields{}, "Please provide only one of --repository or --repo"},
		{"env and environment", []string{"--env=a", "--environment=b"}, createFields{}, "Please provide only one of --environment or --env"},
		{"stage aliases", []string{"--allow-stage-publish", "--allow-staged-publish"}, createFields{}, "Please provide only one of --allow-stage-publish or --allow-staged-publish"},
		{"two packages", []string{"a", "b"}, createFields{}, "usage: gonpm trust github [<pkg>]"},
	})
}

func TestNewCmdGitLab(t *testing.T) {
	checkCreate(t, NewCmdGitLab, []createCase{
		{"all flags", []string{"pkg", "--file", ".gitlab-ci.yml", "--project", "g/s/p", "--env", "prod", "--allow-publish", "--yes"},
			createFields{Package: "pkg", File: ".gitlab-ci.yml", Entity: "g/s/p", Env: "prod", Publish: true, Yes: yes(true)}, ""},
		{"--repo is accepted for --project", []string{"--repo=g/p", "--allow-publish"}, createFields{Entity: "g/p", Publish: true}, ""},
		{"--repository is accepted for --project", []string{"--repository=g/p", "--allow-publish"}, createFields{Entity: "g/p", Publish: true}, ""},
		{"project and repo", []string{"--project=g/p", "--repo=g/p"}, createFields{}, "Please provide only one of --project or --repo"},
		{"two packages", []string{"a", "b"}, createFields{}, "usage: gonpm trust gitlab [<pkg>]"},
	})
}

func TestNewCmdCircleCI(t *testing.T) {
	checkCreate(t, NewCmdCircleCI, []createCase{
		{"all flags", []string{"pkg", "--org-id=o", "--project-id=p", "--pipeline-definition-id=d", "--vcs-origin=github.com/o/r", "--context-id=c1", "--context-id", "c2", "--allow-stage-publish", "--dry-run"},
			createFields{Package: "pkg", OrgID: "o", ProjectID: "p", PipelineID: "d", VCSOrig: "github.com/o/r", ContextIDs: []string{"c1", "c2"}, Stage: true, DryRun: true}, ""},
		{"a comma stays inside one context id", []string{"--context-id=a,b"}, createFields{ContextIDs: []string{"a,b"}}, ""},
		{"two packages", []string{"a", "b"}, createFields{}, "usage: gonpm trust circleci [<pkg>]"},
	})
}

func TestNewCmdList(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		want    string
		wantErr string
	}{
		{"package", []string{"@org/pk"}, "@org/pk", ""},
		{"none: the local package", nil, "", ""},
		{"two", []string{"a", "b"}, "", "usage: gonpm trust list [<pkg>]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := cmdtest.Parse(t, NewCmdList, tt.args...)
			if tt.wantErr != "" {
				var fe *cmdutil.FlagError
				if !errors.As(err, &fe) || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want a usage error with %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || got.Package != tt.want {
				t.Fatalf("package = %q, err %v; want %q", got.Package, err, tt.want)
			}
		})
	}
}

func TestNewCmdRevoke(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		want    RevokeOptions
		wantErr string
	}{
		{"package and id", []string{"@org/pk", "--id", "abc"}, RevokeOptions{Package: "@org/pk", ID: "abc"}, ""},
		{"id with =, dry run", []string{"--id=abc/def", "--dry-run"}, RevokeOptions{ID: "abc/def", DryRun: true}, ""},
		{"no id parses; the run refuses it", nil, RevokeOptions{}, ""},
		{"two", []string{"a", "b", "--id=x"}, RevokeOptions{}, "usage: gonpm trust revoke [<pkg>] --id <id>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := cmdtest.Parse(t, NewCmdRevoke, tt.args...)
			if tt.wantErr != "" {
				var fe *cmdutil.FlagError
				if !errors.As(err, &fe) || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want a usage error with %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Package != tt.want.Package || got.ID != tt.want.ID || got.DryRun != tt.want.DryRun {
				t.Errorf("options = %+v, want %+v", got, tt.want)
			}
		})
	}
}
