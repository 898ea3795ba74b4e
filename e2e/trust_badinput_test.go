package e2e

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gonpm/gonpm/internal/registrytest"
)

// TestTrustBadInput: every malformed trust command ends with one line
// naming the mistake (npm's words where npm has them) and the help to
// read, exit status 2, and no request to the registry.
func TestTrustBadInput(t *testing.T) {
	a := loggedIn(t, "val", registrytest.ModeAuthAndWrites)
	a.srv.AddPackage("val", "pkg", "1.0.0")
	const u = "0b5d3f52-7c61-4e3a-9d0c-1f2e3a4b5c6d"
	circle := func(extra ...string) []string {
		return append([]string{"trust", "circleci", "pkg", "--org-id=" + u, "--project-id=" + u, "--pipeline-definition-id=" + u, "--vcs-origin=github.com/o/r", "--allow-publish"}, extra...)
	}
	tests := []struct {
		name string
		pj   string // package.json in the folder, "" for none
		args []string
		help string
		msg  string
	}{
		{"no permission", "", []string{"trust", "github", "pkg", "--file=ci.yml", "--repo=o/r"}, "trust github", "At least one permission flag is required (--allow-publish, --allow-stage-publish)"},
		{"no package", "", []string{"trust", "github", "--file=ci.yml", "--repo=o/r", "--allow-publish"}, "trust github", "Package name must be specified either as an argument or in package.json file"},
		{"no file", "", []string{"trust", "github", "pkg", "--repo=o/r", "--allow-publish"}, "trust github", "GitHub Actions Workflow must be specified with the file option"},
		{"file not yaml", "", []string{"trust", "github", "pkg", "--file=ci.json", "--repo=o/r", "--allow-publish"}, "trust github", "GitHub Actions Workflow must end in .yml or .yaml"},
		{"file is a path", "", []string{"trust", "github", "pkg", "--file=.github/workflows/ci.yml", "--repo=o/r", "--allow-publish"}, "trust github", "GitHub Actions workflow must be just a file not a path"},
		{"gitlab file is a path", "", []string{"trust", "gitlab", "pkg", "--file=ci/.gitlab-ci.yml", "--project=g/p", "--allow-publish"}, "trust gitlab", "GitLab CI/CD pipeline file must be just a file not a path"},
		{"gitlab no file", "", []string{"trust", "gitlab", "pkg", "--project=g/p", "--allow-publish"}, "trust gitlab", "GitLab CI/CD Pipeline must be specified with the file option"},
		{"repository not owner/repo", "", []string{"trust", "github", "pkg", "--file=ci.yml", "--repo=o/r/x", "--allow-publish"}, "trust github", "GitHub repository must be specified in the format owner/repository"},
		{"project without group", "", []string{"trust", "gitlab", "pkg", "--file=ci.yml", "--project=p", "--allow-publish"}, "trust gitlab", "GitLab project must be specified in the format group/project or group/subgroup/project"},
		{"package.json names another host", `{"name":"pkg","repository":"gitlab:g/p"}`, []string{"trust", "github", "--file=ci.yml", "--allow-publish"}, "trust github", "Repository in package.json is not a GitHub repository"},
		{"no repository anywhere", `{"name":"pkg"}`, []string{"trust", "github", "--file=ci.yml", "--allow-publish"}, "trust github", "GitHub repository must be specified with repository option or inferred from the package.json repository field"},
		{"no repository for another package", `{"name":"pkg","repository":"github:o/r"}`, []string{"trust", "github", "other", "--file=ci.yml", "--allow-publish"}, "trust github", "GitHub repository must be specified with repository option"},
		{"circleci without org-id", "", []string{"trust", "circleci", "pkg", "--allow-publish"}, "trust circleci", "org-id is required"},
		{"circleci without vcs-origin", "", []string{"trust", "circleci", "pkg", "--org-id=" + u, "--project-id=" + u, "--pipeline-definition-id=" + u, "--allow-publish"}, "trust circleci", "vcs-origin is required"},
		{"circleci bad org-id", "", []string{"trust", "circleci", "pkg", "--org-id=nope", "--project-id=" + u, "--pipeline-definition-id=" + u, "--vcs-origin=github.com/o/r", "--allow-publish"}, "trust circleci", "org-id must be a valid UUID"},
		{"circleci vcs-origin with scheme", "", []string{"trust", "circleci", "pkg", "--org-id=" + u, "--project-id=" + u, "--pipeline-definition-id=" + u, "--vcs-origin=https://github.com/o/r", "--allow-publish"}, "trust circleci", "vcs-origin must not include a scheme (e.g., use 'github.com/owner/repo' not 'https://github.com/owner/repo')"},
		{"circleci vcs-origin too short", "", []string{"trust", "circleci", "pkg", "--org-id=" + u, "--project-id=" + u, "--pipeline-definition-id=" + u, "--vcs-origin=github.com/o", "--allow-publish"}, "trust circleci", "vcs-origin must be in format 'provider/owner/repo'"},
		{"circleci bad context-id", "", circle("--context-id="+u, "--context-id=x"), "trust circleci", "context-id must be a valid UUID"},
		{"flag and alias", "", []string{"trust", "github", "pkg", "--file=ci.yml", "--repo=o/r", "--repository=o/r", "--allow-publish"}, "trust github", "Please provide only one of --repository or --repo"},
		{"two packages", "", []string{"trust", "github", "a", "b", "--file=ci.yml"}, "trust github", "usage: gonpm trust github [<pkg>] --file <workflow.yml> [--repo <owner/repo>] [--env <name>] --allow-publish|--allow-stage-publish"},
		{"a version", "", []string{"trust", "github", "pkg@1.0.0", "--file=ci.yml", "--repo=o/r", "--allow-publish"}, "trust github", "trust takes a package name without a version or tag: use pkg"},
		{"unknown flag", "", []string{"trust", "gitlab", "pkg", "--org-id=x"}, "trust gitlab", "unknown flag: --org-id"},
		{"gitlab's flag on github", "", []string{"trust", "github", "pkg", "--project=g/p"}, "trust github", "unknown flag: --project"},
		{"no --file for circleci", "", circle("--file=x.yml"), "trust circleci", "unknown flag: --file"},
		{"no --id for list", "", []string{"trust", "list", "pkg", "--id=x"}, "trust list", "unknown flag: --id"},
		{"list without package", "", []string{"trust", "list"}, "trust list", "Package name must be specified either as an argument or in the package.json file"},
		{"revoke without id", "", []string{"trust", "revoke", "pkg"}, "trust revoke", "ID of the trusted relationship to revoke must be specified with the --id option"},
		{"revoke without package", "", []string{"trust", "revoke", "--id=x"}, "trust revoke", "Package name must be specified either as an argument or in the package.json file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if tt.pj != "" {
				if err := os.WriteFile(filepath.Join(dir, "package.json"), []byte(tt.pj), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			a.srv.ResetLog()
			cmd := exec.Command(gonpmBinary(t), tt.args...)
			cmd.Env, cmd.Dir = a.env, dir
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err := cmd.Run()
			var exitErr *exec.ExitError
			if !errors.As(err, &exitErr) || exitErr.ExitCode() != 2 {
				t.Errorf("exit: %v, want status 2", err)
			}
			want := "gonpm error " + tt.msg + " (see 'gonpm help " + tt.help + "')\n"
			if stderr.String() != want {
				t.Errorf("stderr:\n%q\nwant\n%q", stderr.String(), want)
			}
			if stdout.Len() != 0 {
				t.Errorf("stdout is not empty:\n%s", stdout.String())
			}
			for _, r := range a.srv.Requests() {
				if strings.Contains(r.Path, "/trust") {
					t.Errorf("request sent: %s %s", r.Method, r.Path)
				}
			}
		})
	}
}
