package trustpub

import (
	"testing"

	"github.com/gonpm/gonpm/internal/npmref"
)

// repositoryInputs are package.json repository values and git remote
// URLs, read by gonpm and by npm's own hosted-git-info.
var repositoryInputs = []string{
	"octo/repo",
	"octo/repo#main",
	"github:octo/repo",
	"gitlab:grp/sub/proj",
	"bitbucket:team/repo",
	"https://github.com/octo/repo",
	"https://github.com/octo/repo.git",
	"git+https://github.com/octo/repo.git",
	"https://www.github.com/octo/repo",
	"https://github.com/octo/repo/tree/main",
	"https://github.com/octo/repo/blob/main/x",
	"git://github.com/octo/repo.git",
	"git+ssh://git@github.com/octo/repo.git",
	"ssh://git@github.com/octo/repo.git",
	"git@github.com:octo/repo.git",
	"git@github.com:octo/repo",
	"git@gitlab.com:grp/sub/proj.git",
	"https://gitlab.com/grp/sub/proj.git",
	"https://gitlab.com/grp/proj",
	"https://gitlab.com/grp/proj/-/tree/main",
	"git://gitlab.com/grp/proj.git",
	"https://bitbucket.org/team/repo.git",
	"https://example.com/octo/repo.git",
	"git@example.com:octo/repo.git",
	"https://github.com/octo",
	"./local/path",
	"/abs/path",
	"@scope/pkg",
	"octo/repo/extra",
	"",
	"github:octo/repo.git",
	"https://GitHub.com/Octo/Repo.git",
	"http://github.com/octo/repo",
	"ftp://github.com/octo/repo",
}

func TestParseRepositoryAgreesWithNPM(t *testing.T) {
	inputs := make([]string, len(repositoryInputs))
	for i, in := range repositoryInputs {
		got := "-"
		if r, ok := ParseRepository(in); ok {
			got = r.Type + " " + r.Path
		}
		inputs[i] = in + "\t" + got
	}
	judge := `(() => { const [u, want] = x.split("\t"); const i = u ? m.fromUrl(u) : undefined; return (i ? i.type + " " + i.user + "/" + i.project : "-") === want })()`
	for i, ok := range npmref.Verdicts(t, "hosted-git-info", judge, inputs) {
		if !ok {
			t.Errorf("ParseRepository(%q): gonpm says %q, npm's hosted-git-info disagrees", repositoryInputs[i], inputs[i][len(repositoryInputs[i])+1:])
		}
	}
}
