package e2e

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/gonpm/gonpm/internal/registrytest"
)

// badEnv is what a bad-input case may change before gonpm runs.
type badEnv struct {
	t     *testing.T
	a     *account
	dir   string // the package folder gonpm runs in
	npmrc string // the user npmrc
}

func (e *badEnv) packageJSON(text string) {
	writeFile(e.t, filepath.Join(e.dir, "package.json"), text)
}

func (e *badEnv) appendNpmrc(line string) {
	data, err := os.ReadFile(e.npmrc)
	if err != nil {
		e.t.Fatal(err)
	}
	if err := os.WriteFile(e.npmrc, append(data, []byte(line+"\n")...), 0o600); err != nil {
		e.t.Fatal(err)
	}
}

// reply makes the registry answer the next GET of path with status, body
// and content type, as a broken proxy or registry would.
func (e *badEnv) reply(method, path string, status int, contentType, body string) {
	e.a.srv.Inject(registrytest.Fault{Method: method, Path: path, Status: status, ContentType: contentType, Body: body, Times: 5})
}

const htmlPage = "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\n<body><h1>Bad Gateway</h1></body></html>\n"

// usage ends every usage error: the help of the command that was run.
func usage(cmd string) string { return regexp.QuoteMeta(" (see 'gonpm help " + cmd + "')") }

// TestBadInput feeds gonpm malformed arguments, configuration, package.json
// files and registry replies. Each must end with one error line saying
// what was wrong and how to fix it, the right exit status (2 for usage
// errors), no secret in the output and the npmrc untouched.
func TestBadInput(t *testing.T) {
	const fakeToken = "npm_BadInputFakeTokenValue0123456789ab"
	tests := []struct {
		name  string
		args  []string
		setup func(e *badEnv)
		env   []string
		tty   bool // run on a terminal and type the password
		warn  bool // the message is a warning and the command goes on
		exit  int
		msg   string // regexp for the whole error line after "gonpm error "
	}{
		// Arguments.
		{name: "range instead of a version", args: []string{"dist-tag", "add", "bad-pkg@^1.0.0", "next"}, exit: 2,
			msg: `"\^1\.0\.0" is not a version: gonpm dist-tag add <pkg>@<version> \[<tag>\]` + usage("dist-tag add")},
		{name: "semver range as a tag", args: []string{"dist-tag", "add", "bad-pkg@1.0.0", ">=1.2"}, exit: 2,
			msg: `tag name must not be a valid SemVer range: ">=1\.2"` + usage("dist-tag add")},
		{name: "version as a publish tag", args: []string{"publish", "--tag", "1.0.0"}, exit: 2,
			msg: `tag name must not be a valid SemVer range: "1\.0\.0"; use a name such as beta or next` + usage("publish")},
		// Capitals are allowed in arguments, as npm allows them for old
		// packages; spaces and reserved names never are.
		{name: "package name with a space", args: []string{"dist-tag", "add", "bad pkg@1.0.0", "next"}, exit: 2,
			msg: `invalid package name "bad pkg": it has characters not allowed in URLs` + usage("dist-tag add")},
		{name: "reserved package name", args: []string{"dist-tag", "add", "node_modules@1.0.0", "next"}, exit: 2,
			msg: `invalid package name "node_modules": the name is reserved` + usage("dist-tag add")},
		{name: "missing tag", args: []string{"dist-tag", "rm", "bad-pkg"}, exit: 2,
			msg: `usage: gonpm dist-tag rm <pkg> <tag>` + usage("dist-tag rm")},
		{name: "too many arguments", args: []string{"dist-tag", "ls", "a", "b"}, exit: 2,
			msg: `too many arguments: gonpm dist-tag ls \[<pkg>\]` + usage("dist-tag ls")},
		{name: "argument to whoami", args: []string{"whoami", "bea"}, exit: 2,
			msg: `gonpm whoami takes no arguments: remove "bea"` + usage("whoami")},
		{name: "argument to logout", args: []string{"logout", "bea"}, exit: 2,
			msg: `gonpm logout takes no arguments: remove "bea"` + usage("logout")},
		{name: "unknown command", args: []string{"frobnicate"}, exit: 2,
			msg: `unknown command "frobnicate" for "gonpm"` + regexp.QuoteMeta(" (see 'gonpm help')")},
		{name: "unknown profile subcommand", args: []string{"profile", "frobnicate"}, exit: 2,
			msg: `unknown profile command "frobnicate".*` + usage("profile")},
		{name: "unknown token subcommand", args: []string{"token", "frobnicate"}, exit: 2,
			msg: `frobnicate is not a recognized subcommand: use list, create or revoke` + usage("token")},
		{name: "unknown owner subcommand", args: []string{"owner", "frobnicate", "x"}, exit: 2,
			msg: `unknown owner command "frobnicate": use ls, add or rm` + usage("owner")},
		{name: "unknown access subcommand", args: []string{"access", "frobnicate"}, exit: 2,
			msg: `frobnicate is not a valid access command: use list, get, set, grant or revoke` + usage("access")},
		{name: "bad access status", args: []string{"access", "set", "status=hidden", "@bad/pkg"}, exit: 2,
			msg: `invalid status value "hidden": use status=public\|private` + usage("access set")},
		{name: "bad access permission", args: []string{"access", "grant", "admin", "bad:devs", "@bad/pkg"}, exit: 2,
			msg: `invalid permission "admin": grant read-only or read-write` + usage("access grant")},
		{name: "bad mfa level", args: []string{"access", "set", "mfa=sometimes", "@bad/pkg"}, exit: 2,
			msg: `invalid mfa value "sometimes": use mfa=none\|publish\|automation` + usage("access set")},
		{name: "bad publish access", args: []string{"publish", "--access=secret"}, exit: 2,
			msg: `invalid access "secret": use public or restricted` + usage("publish")},
		{name: "CIDR with a bad address", args: []string{"token", "create", "--cidr=10.0.0.300/8"}, exit: 2,
			msg: `CIDR whitelist contains invalid CIDR entry: 10\.0\.0\.300/8 \(use a range such as 192\.168\.1\.0/24\)` + usage("token create")},
		{name: "CIDR that is a word", args: []string{"token", "create", "--cidr=banana"}, exit: 2,
			msg: `CIDR whitelist contains invalid CIDR entry: banana \(use a range such as 192\.168\.1\.0/24\)` + usage("token create")},
		{name: "bad --loglevel", args: []string{"whoami", "--loglevel=loud"}, exit: 2,
			msg: `invalid --loglevel "loud": use one of silent, error, warn, notice, http, info, verbose, silly` + usage("whoami")},
		{name: "bad --auth-type", args: []string{"login", "--auth-type=magic"}, exit: 2,
			msg: `invalid --auth-type "magic": use one of web, legacy` + usage("login")},
		{name: "bad --fetch-retries", args: []string{"whoami", "--fetch-retries=many"}, exit: 2,
			msg: `invalid --fetch-retries "many": want a whole number, a count such as 2` + usage("whoami")},
		{name: "bad --registry", args: []string{"whoami", "--registry=registry.local"}, exit: 2,
			msg: `invalid --registry "registry\.local": want an http:// or https:// URL such as https://registry\.example\.com/` + usage("whoami")},
		{name: "bad 2FA mode", args: []string{"profile", "enable-2fa", "sometimes"}, exit: 2,
			msg: `invalid two-factor authentication mode "sometimes": use auth-only \(codes only when logging in\) or auth-and-writes \(also when publishing and changing packages\)` + usage("profile enable-2fa")},
		{name: "profile field that cannot be set", args: []string{"profile", "set", "name", "other"}, exit: 2,
			msg: `"name" is not a property we can set\. Valid properties are: email, password, fullname, homepage, freenode, twitter, github` + usage("profile set")},
		{name: "unpublish a range", args: []string{"unpublish", "bad-pkg@^1"}, exit: 2,
			msg: `can only unpublish a single version, or the entire project: tags and ranges are not supported \(bad-pkg@\^1\)` + usage("unpublish")},

		// Configuration values.
		{name: "config set a registry that is not a URL", args: []string{"config", "set", "registry=registry.local"}, exit: 2,
			msg: `invalid registry "registry\.local": want an http:// or https:// URL such as https://registry\.example\.com/; nothing was written` + usage("config set")},
		{name: "config set an unscoped token", args: []string{"config", "set", "_authToken=" + fakeToken}, exit: 2,
			msg: "`_authToken` must be tied to a registry: use //<host>/:_authToken" + usage("config set")},
		{name: "config set a bad fetch-retries", args: []string{"config", "set", "fetch-retries=many"}, exit: 2,
			msg: `invalid fetch-retries "many": want a whole number, a count such as 2; nothing was written` + usage("config set")},
		{name: "config set, second value bad", args: []string{"config", "set", "color=always", "loglevel=loud"}, exit: 2,
			msg: `invalid loglevel "loud": use one of .*; nothing was written` + usage("config set")},
		{name: "scope registry in the npmrc is not a URL", args: []string{"dist-tag", "ls", "@bad/pkg"}, exit: 1,
			setup: func(e *badEnv) { e.appendNpmrc("@bad:registry=registry.local") },
			msg:   `could not get the dist-tags of @bad/pkg: invalid @bad:registry "registry\.local" in user config: want an http:// or https:// URL; fix it with ` + "`gonpm config set @bad:registry <url>`"},
		{name: "unscoped token in the npmrc", args: []string{"whoami"}, exit: 1,
			setup: func(e *badEnv) { e.appendNpmrc("_authToken=" + fakeToken) },
			msg:   `/.*/\.npmrc:2: invalid auth configuration: "_authToken" is not tied to a registry; rename it to //127\.0\.0\.1:\d+/:_authToken or run ` + "`gonpm config delete _authToken`"},
		{name: "fetch-retries in the npmrc is not a number", args: []string{"whoami"}, exit: 0, warn: true,
			setup: func(e *badEnv) { e.appendNpmrc("fetch-retries=many") },
			msg:   `invalid fetch-retries "many" in /.*/\.npmrc:2: want a whole number, a count such as 2; fix or remove it`},
		{name: "loglevel in the environment is wrong", args: []string{"whoami"}, exit: 0, warn: true,
			env: []string{"NPM_CONFIG_LOGLEVEL=loud"},
			msg: `invalid loglevel "loud" in the environment \(npm_config_loglevel\): use one of silent, error, warn, notice, http, info, verbose, silly; fix or remove it`},

		// package.json.
		{name: "package.json is not JSON", args: []string{"publish"}, exit: 1,
			setup: func(e *badEnv) { e.packageJSON("{\n  \"name\": \"bad-new\"\n  \"version\": \"1.0.0\"\n}\n") },
			msg:   `.*/package\.json is not valid JSON: invalid character '"' after object key:value pair at line 3, column 3; fix the file`},
		{name: "package.json is cut short", args: []string{"pack", "--dry-run"}, exit: 1,
			setup: func(e *badEnv) { e.packageJSON(`{"name": "bad-new",`) },
			msg:   `.*/package\.json is not valid JSON: it ends before the object is complete; fix the file`},
		{name: "package.json is an array", args: []string{"publish"}, exit: 1,
			setup: func(e *badEnv) { e.packageJSON(`["bad-new", "1.0.0"]`) },
			msg:   `.*/package\.json must hold a JSON object, not an array; fix the file`},
		{name: "invalid name in package.json", args: []string{"publish"}, exit: 1,
			setup: func(e *badEnv) { e.packageJSON(`{"name": "Bad New", "version": "1.0.0"}`) },
			msg:   `.*/package\.json: invalid package name "Bad New": it has characters not allowed in URLs`},
		{name: "invalid version in package.json", args: []string{"publish"}, exit: 1,
			setup: func(e *badEnv) { e.packageJSON(`{"name": "bad-new", "version": "1.0"}`) },
			msg:   `.*/package\.json: invalid version "1\.0": a version looks like 1\.2\.3`},
		{name: "version is a number", args: []string{"publish"}, exit: 1,
			setup: func(e *badEnv) { e.packageJSON(`{"name": "bad-new", "version": 1}`) },
			msg:   `"version" in .*/package\.json must be a string such as "1\.0\.0", not 1; fix the file`},
		{name: "no package.json", args: []string{"publish"}, exit: 1,
			setup: func(e *badEnv) { os.Remove(filepath.Join(e.dir, "package.json")) },
			msg:   `no package\.json in .*: publish a package folder or a \.tgz file`},

		// Registry replies.
		{name: "unpublish a package the registry does not have", args: []string{"unpublish", "no-such-pkg@1.0.0", "--dry-run"}, exit: 1,
			msg: `could not read no-such-pkg from the registry: 404 Not Found - GET http://127\.0\.0\.1:\d+/no-such-pkg\?write=true - .*not found on the registry; check the name and the registry URL`},
		{name: "HTML instead of JSON", args: []string{"dist-tag", "ls", "bad-pkg"}, exit: 1,
			setup: func(e *badEnv) { e.reply("GET", "/-/package/bad-pkg/dist-tags", 200, "text/html", htmlPage) },
			msg:   `could not get the dist-tags of bad-pkg: the registry sent an HTML page instead of JSON \(http://127\.0\.0\.1:\d+/-/package/bad-pkg/dist-tags\): check the registry URL; a proxy or a login page may be answering instead of the registry`},
		{name: "HTML error page", args: []string{"owner", "ls", "bad-pkg", "--fetch-retries=0"}, exit: 1,
			setup: func(e *badEnv) { e.reply("GET", "/bad-pkg", 502, "text/html", htmlPage) },
			msg:   `could not read package bad-pkg: 502 Bad Gateway - GET http://127\.0\.0\.1:\d+/bad-pkg: the registry \(or a proxy in front of it\) failed; try again later`},
		{name: "truncated JSON", args: []string{"dist-tag", "ls", "bad-pkg"}, exit: 1,
			setup: func(e *badEnv) {
				e.reply("GET", "/-/package/bad-pkg/dist-tags", 200, "application/json", `{"latest": "1.0.`)
			},
			msg: `could not get the dist-tags of bad-pkg: the registry's reply was cut short \(http://127\.0\.0\.1:\d+/-/package/bad-pkg/dist-tags\): run the command again`},
		{name: "dist-tags as an array", args: []string{"dist-tag", "ls", "bad-pkg"}, exit: 1,
			setup: func(e *badEnv) {
				e.reply("GET", "/-/package/bad-pkg/dist-tags", 200, "application/json", `["latest", "1.0.0"]`)
			},
			msg: `could not get the dist-tags of bad-pkg: the registry's reply has the wrong shape \(http://127\.0\.0\.1:\d+/-/package/bad-pkg/dist-tags\): the reply is an array, want an object; check that the registry URL points at an npm registry`},
		{name: "user name of the wrong type", args: []string{"whoami"}, exit: 1,
			setup: func(e *badEnv) { e.reply("GET", "/-/whoami", 200, "application/json", `{"username": 42}`) },
			msg:   `the registry's reply has the wrong shape \(http://127\.0\.0\.1:\d+/-/whoami\): "username" in the reply is a number, want a string; check that the registry URL points at an npm registry`},
		{name: "token list cut short", args: []string{"token", "list"}, exit: 1,
			setup: func(e *badEnv) { e.reply("GET", "/-/npm/v1/tokens", 200, "application/json", `{"objects": [`) },
			msg:   `the registry's reply was cut short \(http://127\.0\.0\.1:\d+/-/npm/v1/tokens\): run the command again`},
		{name: "profile as HTML", args: []string{"profile", "get"}, exit: 1,
			setup: func(e *badEnv) { e.reply("GET", "/-/npm/v1/user", 200, "text/html", htmlPage) },
			msg:   `the registry sent an HTML page instead of JSON \(http://127\.0\.0\.1:\d+/-/npm/v1/user\): check the registry URL; a proxy or a login page may be answering instead of the registry`},
		{name: "enrolment reply that is not otpauth", args: []string{"profile", "enable-2fa"}, tty: true, exit: 1,
			setup: func(e *badEnv) {
				e.reply("POST", "/-/npm/v1/user", 200, "application/json", `{"tfa": "https://127.0.0.1/setup"}`)
			},
			msg: `two-factor authentication was not enabled: the registry should have sent an otpauth:// URL to enrol with, but sent "https://127\.0\.0\.1/setup"; it may not support authenticator apps: set up two-factor authentication on the registry's website`},
	}
	errLine := regexp.MustCompile(`(?m)^gonpm error (.*?)\r?$`)
	warnLine := regexp.MustCompile(`(?m)^gonpm warn (.*?)\r?$`)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := loggedIn(t, "bea", "")
			a.srv.AddPackage("bea", "bad-pkg", "1.0.0")
			e := &badEnv{t: t, a: a, dir: filepath.Join(a.home, "pkg"), npmrc: filepath.Join(a.home, ".npmrc")}
			writeFiles(t, e.dir, map[string]string{"package.json": `{"name":"bad-new","version":"1.0.0"}`, "index.js": "1\n"})
			if tt.setup != nil {
				tt.setup(e)
			}
			before, _ := os.ReadFile(e.npmrc)

			var stderr string
			var exit int
			if tt.tty {
				c := StartConsole(t, a.env, e.dir, gonpmBinary(t), tt.args...)
				c.Expect(`Password: `)
				c.Send("pw-bea")
				exit = c.Wait()
				stderr = c.Output()
			} else {
				_, stderr, exit = runGonpm(t, append(a.env, tt.env...), e.dir, "", tt.args...)
			}
			re := errLine
			if tt.warn {
				re = warnLine
			}
			lines := re.FindAllStringSubmatch(stderr, -1)
			if len(lines) != 1 || tt.warn && errLine.MatchString(stderr) {
				t.Fatalf("want one line of that kind, got %d; stderr:\n%s", len(lines), stderr)
			}
			msg := lines[0][1]
			t.Logf("exit %d: %s", exit, msg)
			if exit != tt.exit {
				t.Errorf("exit %d, want %d", exit, tt.exit)
			}
			if !regexp.MustCompile(`^(?:` + tt.msg + `)$`).MatchString(msg) {
				t.Errorf("message\n  %s\ndoes not match\n  %s", msg, tt.msg)
			}
			if strings.Contains(stderr, fakeToken) || strings.Contains(stderr, "pw-bea") {
				t.Error("a secret was printed")
			}
			if strings.Contains(msg, "<html") || strings.Contains(msg, "Go value") {
				t.Errorf("the message shows raw HTML or Go internals: %s", msg)
			}
			after, _ := os.ReadFile(e.npmrc)
			if string(after) != string(before) {
				t.Errorf("the npmrc changed:\n%s\nwas:\n%s", after, before)
			}
		})
	}
}
