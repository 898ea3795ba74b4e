package trust

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/registry"
)

const createdGitHub = `Establishing trust between pkg package and GitHub Actions
Anyone with GitHub repository write access can publish to pkg
Two-factor authentication is required for this operation

package: pkg
file: release.yml
repository: octo/repo
permissions: publish

https://github.com/octo/repo/blob/HEAD/.github/workflows/release.yml
https://github.com/octo/repo

Trust configuration created successfully for pkg with the following settings:

type: github
id: {id}
file: release.yml
repository: octo/repo
permissions: publish

`

func Test_createRun(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		answers []string
		created bool
		wantOut string // with {id} for the new id; "" skips the check
		wantErr string
	}{
		{name: "confirmed with y", args: []string{"pkg", "--file=release.yml", "--repo=octo/repo", "--allow-publish"}, answers: []string{"y"}, created: true, wantOut: createdGitHub},
		{name: "confirmed with YES", args: []string{"pkg", "--file=release.yml", "--repo=octo/repo", "--allow-publish"}, answers: []string{" YES "}, created: true},
		{name: "refused with n", args: []string{"pkg", "--file=release.yml", "--repo=octo/repo", "--allow-publish"}, answers: []string{"n"}, wantErr: "User cancelled operation"},
		{name: "refused with an empty answer", args: []string{"pkg", "--file=release.yml", "--repo=octo/repo", "--allow-publish"}, answers: []string{""}, wantErr: "User cancelled operation"},
		{name: "--yes asks nothing", args: []string{"pkg", "--file=release.yml", "--repo=octo/repo", "--allow-publish", "--yes"}, created: true, wantOut: createdGitHub},
		{name: "--no-yes refuses", args: []string{"pkg", "--file=release.yml", "--repo=octo/repo", "--allow-publish", "--no-yes"}, wantErr: "User cancelled operation"},
		{name: "--dry-run sends nothing", args: []string{"pkg", "--file=release.yml", "--repo=octo/repo", "--allow-publish", "--dry-run"}},
		{name: "closed stdin", args: []string{"pkg", "--file=release.yml", "--repo=octo/repo", "--allow-publish"}, wantErr: "pass --yes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			e.prompter.answers = tt.answers
			err := e.run(t, NewCmdGitHub(e.f, nil), tt.args...)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want %q", err, tt.wantErr)
				}
			} else if err != nil {
				t.Fatal(err)
			}
			configs := e.srv.TrustConfigs("pkg")
			if (len(configs) == 1) != tt.created {
				t.Fatalf("configs on the registry = %+v, want created=%t", configs, tt.created)
			}
			if tt.wantOut != "" {
				if want := strings.ReplaceAll(tt.wantOut, "{id}", configs[0].ID); e.out.String() != want {
					t.Errorf("stdout:\n%s\nwant:\n%s", e.out.String(), want)
				}
			}
			asked := len(e.prompter.asked) > 0
			if wantAsk := !strings.Contains(strings.Join(tt.args, " "), "-yes") && !strings.Contains(strings.Join(tt.args, " "), "--dry-run"); asked != wantAsk {
				t.Errorf("asked %v, want a question: %t", e.prompter.asked, wantAsk)
			}
			if !tt.created && e.codes.asked > 0 {
				t.Errorf("a one-time password was asked for although nothing was sent")
			}
		})
	}
}

func Test_createRunJSON(t *testing.T) {
	e := newEnv(t, "NPM_CONFIG_JSON=true")
	const u = "0b5d3f52-7c61-4e3a-9d0c-1f2e3a4b5c6d"
	err := e.run(t, NewCmdCircleCI(e.f, nil), "@org/pk", "--org-id="+u, "--project-id="+u, "--pipeline-definition-id="+u, "--vcs-origin=github.com/o/r", "--context-id="+u, "--allow-publish", "--allow-stage-publish", "--yes")
	if err != nil {
		t.Fatal(err)
	}
	id := e.srv.TrustConfigs("@org/pk")[0].ID
	// npm prints several documents: the request, then each configuration.
	want := `{
  "package": "@org/pk",
  "orgId": "` + u + `",
  "projectId": "` + u + `",
  "pipelineDefinitionId": "` + u + `",
  "vcsOrigin": "github.com/o/r",
  "contextIds": [
    "` + u + `"
  ],
  "permissions": [
    "createPackage",
    "createStagedPackage"
  ]
}

{
  "id": "` + id + `",
  "type": "circleci",
  "orgId": "` + u + `",
  "projectId": "` + u + `",
  "pipelineDefinitionId": "` + u + `",
  "vcsOrigin": "github.com/o/r",
  "contextIds": [
    "` + u + `"
  ],
  "permissions": [
    "createPackage",
    "createStagedPackage"
  ]
}

`
	if e.out.String() != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", e.out.String(), want)
	}
}

// TestCreateFromGitOrigin: with no --repo and no repository in
// package.json, the repository comes from the git remote origin, and
// gonpm says so.
func TestCreateFromGitOrigin(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	tests := []struct {
		name, cmd, origin, pj string
		want                  string // the entity line, "" when nothing may be inferred
		wantErr               string
	}{
		{"github over ssh", "github", "git@github.com:octo/from-origin.git", `{"name":"pkg"}`, "repository: octo/from-origin (from git remote origin)", ""},
		{"github over https", "github", "https://github.com/octo/from-origin", `{"name":"pkg"}`, "repository: octo/from-origin (from git remote origin)", ""},
		{"gitlab subgroup", "gitlab", "https://gitlab.com/grp/sub/proj.git", `{"name":"pkg"}`, "project: grp/sub/proj (from git remote origin)", ""},
		{"package.json wins", "github", "git@github.com:octo/from-origin.git", `{"name":"pkg","repository":"github:octo/from-pj"}`, "repository: octo/from-pj (from package.json)", ""},
		{"another provider's origin is not used", "github", "https://gitlab.com/grp/proj.git", `{"name":"pkg"}`, "", "GitHub repository must be specified with repository option or inferred from the package.json repository field"},
		{"not for another package", "github", "git@github.com:octo/from-origin.git", `{"name":"other"}`, "", "GitHub repository must be specified with repository option"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			e.writePackageJSON(t, tt.pj)
			git := func(args ...string) {
				cmd := exec.Command("git", args...)
				cmd.Dir = e.home
				cmd.Env = append(os.Environ(), "HOME="+e.home, "GIT_CONFIG_NOSYSTEM=1")
				if out, err := cmd.CombinedOutput(); err != nil {
					t.Fatalf("git %v: %v\n%s", args, err, out)
				}
			}
			git("init", "-q")
			git("remote", "add", "origin", tt.origin)
			sub := filepath.Join(e.home, "sub")
			os.Mkdir(sub, 0o755)
			e.f.Cwd = sub // a subfolder of the package and the repository
			newCmd := NewCmdGitHub
			if tt.cmd == "gitlab" {
				newCmd = NewCmdGitLab
			}
			args := []string{"--file=ci.yml", "--allow-publish", "--dry-run"}
			if strings.Contains(tt.name, "another package") {
				args = append([]string{"pkg"}, args...)
			}
			err := e.run(t, newCmd(e.f, nil), args...)
			if tt.wantErr != "" {
				var fe *cmdutil.FlagError
				if !errors.As(err, &fe) || err.Error() != tt.wantErr {
					t.Fatalf("error = %v, want the usage error %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(e.out.String(), "\n"+tt.want+"\n") {
				t.Errorf("stdout lacks %q:\n%s", tt.want, e.out.String())
			}
			fromOrigin := strings.Contains(tt.want, "git remote origin")
			if got := strings.Contains(e.err.String(), "taken from the git remote origin"); got != fromOrigin {
				t.Errorf("stderr notice = %t, want %t:\n%s", got, fromOrigin, e.err.String())
			}
		})
	}
}

func Test_listAndRevokeRun(t *testing.T) {
	e := newEnv(t)
	e.writePackageJSON(t, `{"name":"@org/pk"}`)
	if err := e.run(t, NewCmdList(e.f, nil)); err != nil {
		t.Fatal(err)
	}
	if got := e.out.String(); got != "No trust configurations found for package (@org/pk)\n" {
		t.Errorf("empty list: %q", got)
	}
	if e.codes.asked != 1 {
		t.Errorf("codes asked for the list = %d, want 1 (the registry gates even reads)", e.codes.asked)
	}
	if err := e.run(t, NewCmdGitLab(e.f, nil), "--file=.gitlab-ci.yml", "--project=g/s/p", "--env=prod", "--allow-stage-publish", "--yes"); err != nil {
		t.Fatal(err)
	}
	id := e.srv.TrustConfigs("@org/pk")[0].ID
	if err := e.run(t, NewCmdList(e.f, nil), "@org/pk"); err != nil {
		t.Fatal(err)
	}
	want := "\ntype: gitlab\nid: " + id + "\nfile: .gitlab-ci.yml\nproject: g/s/p\nenvironment: prod\npermissions: stage publish\n\n"
	if e.out.String() != want {
		t.Errorf("list:\n%q\nwant\n%q", e.out.String(), want)
	}

	if err := e.run(t, NewCmdRevoke(e.f, nil), "--id="+id, "--dry-run"); err != nil {
		t.Fatal(err)
	}
	if got := e.out.String(); got != "Attempting to revoke trusted configuration for package @org/pk with id "+id+"\n" || len(e.srv.TrustConfigs("@org/pk")) != 1 {
		t.Errorf("dry run: %q, configs %v", got, e.srv.TrustConfigs("@org/pk"))
	}
	err := e.run(t, NewCmdRevoke(e.f, nil), "--id=not-an-id")
	if err == nil || !strings.Contains(err.Error(), "has no trust configuration with id not-an-id") {
		t.Errorf("unknown id: %v", err)
	}
	if err := e.run(t, NewCmdRevoke(e.f, nil), "--id", id); err != nil {
		t.Fatal(err)
	}
	if got := e.out.String(); !strings.HasSuffix(got, "Revoked trusted configuration for package @org/pk with id "+id+"\n") {
		t.Errorf("revoke: %q", got)
	}
	if c := e.srv.TrustConfigs("@org/pk"); c != nil {
		t.Errorf("after revoke: %v", c)
	}
}

// TestNoCodeNoTerminal: without a way to get a code the command fails
// with the one-time-password error (exit 5), and nothing is created.
func TestNoCodeNoTerminal(t *testing.T) {
	e := newEnv(t)
	e.codes.secret = ""
	err := e.run(t, NewCmdGitHub(e.f, nil), "pkg", "--file=ci.yml", "--repo=o/r", "--allow-publish", "--yes")
	var otpErr *registry.OTPError
	if !errors.As(err, &otpErr) {
		t.Fatalf("error = %v, want a one-time-password error", err)
	}
	if c := e.srv.TrustConfigs("pkg"); c != nil {
		t.Errorf("created %v", c)
	}
}

// TestSecondConfigExplained: the one-per-package refusal says what to do.
func TestSecondConfigExplained(t *testing.T) {
	e := newEnv(t)
	args := []string{"pkg", "--file=ci.yml", "--repo=o/r", "--allow-publish", "--yes"}
	if err := e.run(t, NewCmdGitHub(e.f, nil), args...); err != nil {
		t.Fatal(err)
	}
	err := e.run(t, NewCmdGitHub(e.f, nil), args...)
	if err == nil || !strings.Contains(err.Error(), "already has a trusted publisher and the registry allows one per package") || !registry.IsStatus(err, 409) {
		t.Fatalf("second create: %v", err)
	}
}

// TestYesFromConfig: npm's yes setting (NPM_CONFIG_YES) answers the
// question as --yes does; the flag still wins.
func TestYesFromConfig(t *testing.T) {
	e := newEnv(t, "NPM_CONFIG_YES=true")
	if err := e.run(t, NewCmdGitHub(e.f, nil), "pkg", "--file=ci.yml", "--repo=o/r", "--allow-publish"); err != nil {
		t.Fatal(err)
	}
	if len(e.prompter.asked) != 0 || len(e.srv.TrustConfigs("pkg")) != 1 {
		t.Errorf("asked %v, configs %v; want no question and one config", e.prompter.asked, e.srv.TrustConfigs("pkg"))
	}
	e = newEnv(t, "NPM_CONFIG_YES=false")
	err := e.run(t, NewCmdGitHub(e.f, nil), "pkg", "--file=ci.yml", "--repo=o/r", "--allow-publish")
	if err == nil || !strings.Contains(err.Error(), "User cancelled operation") || len(e.prompter.asked) != 0 {
		t.Errorf("yes=false: %v, asked %v; want a refusal without a question", err, e.prompter.asked)
	}
	if err := e.run(t, NewCmdGitHub(e.f, nil), "pkg", "--file=ci.yml", "--repo=o/r", "--allow-publish", "--yes"); err != nil {
		t.Errorf("--yes over yes=false: %v", err)
	}
}
