package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gonpm/gonpm/internal/verdacciotest"
)

// configDiffFiles are the global, user and project npmrc files of the
// differential test: every layer sets keys the others also set, with
// mixed-case twins of named settings, ${VAR} references in keys and
// values, key[]= arrays, unknown keys, scoped registries and credentials.
var configDiffFiles = map[string]string{
	"global/etc/npmrc": `registry=http://global.test/
tag=from-global
access=restricted
init-license=MIT
init-author-name=Global Author
fetch-retry-factor=3
@gscope:registry=http://gscope.test/
omit[]=dev
heading=global-heading
searchlimit=5
save-prefix=^
`,
	"home/.npmrc": `registry=http://user.test/
tag=from-user
init-author-name=${GONPM_DIFF_AUTHOR}
init-author-email=${GONPM_DIFF_EMAIL}
//user.test/:_authToken=user-secret-token
//user.test/:username=bob
//user.test/:always-auth=true
//priv.test/path/:_authToken=${GONPM_DIFF_TOKEN}
@uscope:registry=http://uscope.test/
@Mixed:registry=http://mixed.test/
include[]=prod
include[]=dev
fetch-timeout=1234
MixedCase=user-mixed
unknown-user-key=hello
${GONPM_DIFF_KEYNAME}=expanded-key
preid=beta
heading=user-heading
`,
	"project/.npmrc": `REGISTRY=http://project-upper.test/
Tag=project-Tag
fetch-retries=0010
Fetch-Retries=7
MixedCase=project-mixed
@uscope:registry=http://uscope-project.test/
save-prefix=~
omit[]=peer
custom-array[]=x
custom-array[]=y
git-tag-version=false
sign-git-tag=true
preid=${GONPM_DIFF_PREID}
message="release %s"
init-version=1.0.0
`,
	"project/package.json": `{"name":"diff-project","version":"1.0.0"}`,
	"project/sub/keep":     "",
}

// configDiffEnv is the environment layer: npm_config_* in both cases and
// mixed, an empty variable (ignored), a nerf-darted credential.
var configDiffEnv = []string{
	"GONPM_DIFF_AUTHOR=Ada Lovelace",
	"GONPM_DIFF_EMAIL=ada@example.test",
	"GONPM_DIFF_TOKEN=priv-secret-token",
	"GONPM_DIFF_KEYNAME=expanded-key-name",
	"GONPM_DIFF_PREID=rc",
	"npm_config_access=public",
	"NPM_CONFIG_LOGLEVEL=warn",
	"npm_config_fetch_retry_mintimeout=42",
	"NPM_CONFIG_INIT_VERSION=2.0.0",
	"npm_config_searchopts=from-env",
	"Npm_Config_Mixed_Env=1",
	"npm_config_heading=",
	"npm_config_@escope:registry=http://escope.test/",
	"npm_config_//env.test/:_authToken=env-secret-token",
}

// configDiffFlags is the command-line layer.
var configDiffFlags = []string{"--loglevel=error", "--fetch-timeout=999", "--scope=cliscope", "--auth-type=legacy"}

// configDiffKeys are read with `config get` from the project's subfolder.
var configDiffKeys = []string{
	"registry", "REGISTRY", "tag", "Tag", "access", "init-license",
	"init-author-name", "init-author-email", "init-version", "fetch-retry-factor",
	"fetch-retries", "Fetch-Retries", "fetch-timeout", "fetch-retry-mintimeout",
	"@gscope:registry", "@uscope:registry", "@Mixed:registry", "@mixed:registry",
	"@escope:registry", "omit", "include", "custom-array", "MixedCase", "mixedcase",
	"unknown-user-key", "expanded-key-name", "${GONPM_DIFF_KEYNAME}", "preid",
	"heading", "searchlimit", "save-prefix", "git-tag-version", "sign-git-tag",
	"message", "loglevel", "scope", "auth-type", "searchopts", "mixed-env",
	"//user.test/:always-auth", "userconfig",
	"globalconfig", "prefix", "not-set-anywhere", "browser", "json", "otp",
}

// configDiffSecrets are credentials: both must refuse to print them.
var configDiffSecrets = []string{
	"//user.test/:_authToken", "//priv.test/path/:_authToken", "//env.test/:_authToken", "_auth", "//user.test/:username",
}

// TestConfigGetMatchesNpm reads every key with the real `npm config get`
// and `gonpm config get` from the same files, environment, flags and
// working directory, and wants the same answers.
func TestConfigGetMatchesNpm(t *testing.T) {
	npm := verdacciotest.NpmPath(t)
	root := t.TempDir()
	writeFiles(t, root, configDiffFiles)
	env := append(configDiffBaseEnv(root, npm), configDiffEnv...)
	cwd := filepath.Join(root, "project", "sub")

	args := append(append([]string{"config", "get"}, configDiffKeys...), configDiffFlags...)
	npmOut := configDiffRun(t, npm, env, cwd, args)
	gonpmOut := configDiffRun(t, gonpmBinary(t), env, cwd, args)
	want := configDiffLines(t, npmOut.stdout, len(configDiffKeys))
	got := configDiffLines(t, gonpmOut.stdout, len(configDiffKeys))
	if npmOut.code != 0 || gonpmOut.code != 0 {
		t.Fatalf("exit npm %d (%s), gonpm %d (%s)", npmOut.code, npmOut.stderr, gonpmOut.code, gonpmOut.stderr)
	}
	for i, key := range configDiffKeys {
		if got[i] != want[i] {
			t.Errorf("config get %s: npm %q, gonpm %q", key, want[i], got[i])
		}
	}

	for _, key := range configDiffSecrets {
		n := configDiffRun(t, npm, env, cwd, []string{"config", "get", key})
		g := configDiffRun(t, gonpmBinary(t), env, cwd, []string{"config", "get", key})
		if n.code == 0 || g.code == 0 {
			t.Errorf("config get %s: exit npm %d, gonpm %d; want both to refuse", key, n.code, g.code)
		}
		for _, out := range []string{g.stdout, g.stderr} {
			if strings.Contains(out, "secret-token") {
				t.Errorf("config get %s: gonpm printed the secret: %q", key, out)
			}
		}
		if !strings.Contains(g.stderr, "protected") || !strings.Contains(n.stderr, "protected") {
			t.Errorf("config get %s: npm said %q, gonpm %q; want both to call it protected", key, n.stderr, g.stderr)
		}
	}
}

// TestConfigGetLayersMatchNpm moves one key through every layer, from the
// default to the command line, and reads it with both after each step.
// (registry is left out here: npm's default names its public registry,
// gonpm deliberately has none.)
func TestConfigGetLayersMatchNpm(t *testing.T) {
	npm := verdacciotest.NpmPath(t)
	steps := []struct {
		name  string
		files map[string]string
		env   []string
		flags []string
	}{
		{name: "default"},
		{name: "global", files: map[string]string{"global/etc/npmrc": "fetch-retries=1\n"}},
		{name: "user", files: map[string]string{"home/.npmrc": "fetch-retries=2\nFETCH-RETRIES=20\n"}},
		{name: "project", files: map[string]string{"project/.npmrc": "fetch-retries=3\nFetch-retries=30\n"}},
		{name: "env", env: []string{"NPM_CONFIG_FETCH_RETRIES=4"}},
		{name: "env lower wins when last", env: []string{"NPM_CONFIG_FETCH_RETRIES=4", "npm_config_fetch_retries=5"}},
		{name: "cli", env: []string{"npm_config_fetch_retries=5"}, flags: []string{"--fetch-retries=6"}},
	}
	root := t.TempDir()
	writeFiles(t, root, map[string]string{"project/package.json": `{"name":"p","version":"1.0.0"}`, "home/.keep": ""})
	cwd := filepath.Join(root, "project")
	var env []string
	for _, step := range steps {
		writeFiles(t, root, step.files)
		env = append(configDiffBaseEnv(root, npm), step.env...)
		args := append([]string{"config", "get", "fetch-retries", "FETCH-RETRIES", "Fetch-retries"}, step.flags...)
		n := configDiffRun(t, npm, env, cwd, args)
		g := configDiffRun(t, gonpmBinary(t), env, cwd, args)
		if n.stdout != g.stdout || n.code != g.code {
			t.Errorf("%s: npm printed %q (exit %d), gonpm %q (exit %d)", step.name, n.stdout, n.code, g.stdout, g.code)
		}
	}
}

func configDiffBaseEnv(root, npm string) []string {
	return []string{
		"HOME=" + filepath.Join(root, "home"),
		"PATH=" + filepath.Dir(npm) + string(os.PathListSeparator) + os.Getenv("PATH"),
		"NPM_CONFIG_GLOBALCONFIG=" + filepath.Join(root, "global", "etc", "npmrc"),
		"NPM_CONFIG_CACHE=" + filepath.Join(root, "cache"),
		"NPM_CONFIG_UPDATE_NOTIFIER=false",
		"NO_UPDATE_NOTIFIER=1",
		"NO_COLOR=1",
		"TERM=dumb",
	}
}

type configDiffResult struct {
	stdout, stderr string
	code           int
}

func configDiffRun(t *testing.T, bin string, env []string, dir string, args []string) configDiffResult {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env, cmd.Dir = env, dir
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	res := configDiffResult{stdout: out.String(), stderr: errOut.String()}
	if exitErr, ok := err.(*exec.ExitError); ok {
		res.code = exitErr.ExitCode()
	} else if err != nil {
		t.Fatalf("running %s: %v", bin, err)
	}
	return res
}

// configDiffLines splits `config get k1 k2 ...` output (k=v lines; a
// value may span lines) into one value per key.
func configDiffLines(t *testing.T, out string, n int) []string {
	t.Helper()
	vals := make([]string, n)
	i := -1
	for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if i+1 < n && strings.HasPrefix(line, configDiffKeys[i+1]+"=") {
			i++
			vals[i] = strings.TrimPrefix(line, configDiffKeys[i]+"=")
			continue
		}
		if i < 0 {
			t.Fatalf("unexpected output %q", out)
		}
		vals[i] += "\n" + line
	}
	return vals
}

// TestConfigGetInWorkspaceMatchesNpm reads keys from inside a workspace:
// npm takes the workspaces root as the project, so the root's .npmrc is
// the project file and the workspace's own .npmrc is not read; a folder
// the root's globs exclude, or that no glob names, keeps its own. npm
// refuses `config get` inside a workspace (ENOWORKSPACES), so there npm's
// answer is read from a script it runs in the workspace (npm exports its
// settings as npm_config_* to scripts); gonpm's `config get` answers what
// its other commands use there.
func TestConfigGetInWorkspaceMatchesNpm(t *testing.T) {
	npm := verdacciotest.NpmPath(t)
	root := t.TempDir()
	const script = `"scripts":{"print":"node ../../print.js"}`
	writeFiles(t, root, map[string]string{
		"home/.npmrc":                         "registry=http://user.test/\n",
		"mono/package.json":                   `{"name":"mono","private":true,"workspaces":["packages/*","libs/**","!packages/excluded"]}`,
		"mono/.npmrc":                         "tag=root-tag\naccess=restricted\n",
		"mono/packages/a/package.json":        `{"name":"a","version":"1.0.0",` + script + `}`,
		"mono/packages/a/.npmrc":              "tag=workspace-tag\naccess=public\n",
		"mono/libs/deep/b/package.json":       `{"name":"b","version":"1.0.0",` + script + `}`,
		"mono/libs/deep/b/.npmrc":             "tag=deep-tag\n",
		"mono/packages/excluded/package.json": `{"name":"x","version":"1.0.0"}`,
		"mono/packages/excluded/.npmrc":       "tag=excluded-tag\n",
		"mono/tools/package.json":             `{"name":"tools","version":"1.0.0"}`,
		"mono/tools/.npmrc":                   "tag=tools-tag\n",
		"mono/print.js":                       "console.log(['tag', 'access'].map(k => k + '=' + process.env['npm_config_' + k]).join('\\n'))\n",
		"mono/libs/print.js":                  "require('../print.js')\n",
	})
	for _, tc := range []struct {
		dir       string
		workspace bool
	}{
		{"mono", false}, {"mono/packages/a", true}, {"mono/libs/deep/b", true},
		{"mono/packages/excluded", false}, {"mono/tools", false},
	} {
		env := configDiffBaseEnv(root, npm)
		cwd := filepath.Join(root, filepath.FromSlash(tc.dir))
		args := []string{"config", "get", "tag", "access"}
		npmArgs := args
		if tc.workspace {
			npmArgs = []string{"run", "--silent", "print"}
		}
		n := configDiffRun(t, npm, env, cwd, npmArgs)
		g := configDiffRun(t, gonpmBinary(t), env, cwd, args)
		if n.stdout != g.stdout || n.code != g.code {
			t.Errorf("in %s: npm printed %q (exit %d, %s), gonpm %q (exit %d)", tc.dir, n.stdout, n.code, n.stderr, g.stdout, g.code)
		}
	}
}
