package stage

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/iostreams"
	"github.com/gonpm/gonpm/internal/registry"
	"github.com/gonpm/gonpm/internal/staging"
	"github.com/spf13/cobra"
)

const (
	id1 = "11111111-2222-4333-8444-555555555555"
	id2 = "66666666-7777-4888-9999-aaaaaaaaaaaa"
)

// parse runs a leaf command with runF and returns the options it got or
// the usage error, without any request.
func parse[O any](t *testing.T, build func(*cmdutil.Factory, func(*O) error) *cobra.Command, args []string) (*O, error) {
	t.Helper()
	ios, _, _, _ := iostreams.Test()
	var got *O
	cmd := build(&cmdutil.Factory{IOStreams: ios}, func(o *O) error { got = o; return nil })
	cmd.SetArgs(args)
	cmd.SetOut(&strings.Builder{})
	cmd.SetErr(&strings.Builder{})
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	err := cmd.Execute()
	return got, err
}

// isUsage tells usage errors: gonpm's own, and cobra's unknown flags
// (which the root command turns into usage errors).
func isUsage(err error) bool {
	var fe *cmdutil.FlagError
	return errors.As(err, &fe) || (err != nil && strings.HasPrefix(err.Error(), "unknown flag"))
}

func TestNewCmdList(t *testing.T) {
	tests := []struct {
		args     []string
		packages []string
		mine     bool
		usage    bool
	}{
		{args: nil},
		{args: []string{"pkg"}, packages: []string{"pkg"}},
		{args: []string{"@s/p@*"}, packages: []string{"@s/p"}},
		{args: []string{"a", "--package", "b", "--package", "@s/c", "--mine"}, packages: []string{"a", "b", "@s/c"}, mine: true},
		{args: []string{"pkg@1.0.0"}, usage: true},
		{args: []string{"a", "b"}, usage: true},
		{args: []string{"--package", "Bad Name"}, usage: true},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			got, err := parse(t, NewCmdList, tt.args)
			if tt.usage {
				if !isUsage(err) {
					t.Fatalf("err = %v, want a usage error", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got.Packages, tt.packages) || got.Mine != tt.mine {
				t.Errorf("packages %v mine %t, want %v %t", got.Packages, got.Mine, tt.packages, tt.mine)
			}
		})
	}
}

// idArgTests are the arguments of the leaves that take one stage id.
var idArgTests = []struct {
	args  []string
	usage bool
}{
	{args: []string{id1}},
	{args: []string{strings.ToUpper(id1)}},
	{args: nil, usage: true},
	{args: []string{"not-a-uuid"}, usage: true},
	{args: []string{"../../-/whoami"}, usage: true},
	{args: []string{id1, id2}, usage: true},
}

func TestNewCmdView(t *testing.T) {
	for _, tt := range idArgTests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			got, err := parse(t, NewCmdView, tt.args)
			if tt.usage != isUsage(err) || (!tt.usage && (err != nil || got.ID != tt.args[0])) {
				t.Fatalf("got %+v, err %v; want usage error %t", got, err, tt.usage)
			}
		})
	}
}

func TestNewCmdDownload(t *testing.T) {
	for _, tt := range idArgTests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			got, err := parse(t, NewCmdDownload, tt.args)
			if tt.usage != isUsage(err) || (!tt.usage && (err != nil || got.ID != tt.args[0])) {
				t.Fatalf("got %+v, err %v; want usage error %t", got, err, tt.usage)
			}
		})
	}
}

func TestNewCmdReject(t *testing.T) {
	tests := []struct {
		args  []string
		ids   []string
		usage bool
	}{
		{args: []string{id1}, ids: []string{id1}},
		{args: []string{id1, id2, id1}, ids: []string{id1, id2}},
		{args: []string{id1, "nope"}, usage: true},
		{args: []string{"--all", "pkg"}, usage: true}, // approve only
		{args: nil, usage: true},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			got, err := parse(t, NewCmdReject, tt.args)
			if tt.usage != isUsage(err) || (!tt.usage && (err != nil || !reflect.DeepEqual(got.IDs, tt.ids))) {
				t.Fatalf("got %+v, err %v; want ids %v or usage error %t", got, err, tt.ids, tt.usage)
			}
		})
	}
}

func TestNewCmdApprove(t *testing.T) {
	tests := []struct {
		args  []string
		ids   []string
		pkg   string
		yes   bool
		usage bool
		msg   string // the usage error's words, when they matter
	}{
		{args: []string{id1}, ids: []string{id1}},
		{args: []string{"--all"}, usage: true, msg: "--all needs a package: gonpm stage approve --all <pkg>"},
		{args: []string{id1, id2, id1}, ids: []string{id1, id2}},
		{args: []string{id1, "--yes"}, ids: []string{id1}, yes: true},
		{args: []string{"--all", "@s/p", "-y"}, pkg: "@s/p", yes: true},
		{args: []string{"--all", "p@1.0.0"}, usage: true},
		{args: []string{"--all", "a", "b"}, usage: true},
		{args: []string{id1, "nope"}, usage: true},
		{args: nil, usage: true},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			got, err := parse(t, NewCmdApprove, tt.args)
			if tt.usage {
				if !isUsage(err) || !strings.Contains(err.Error(), tt.msg) {
					t.Fatalf("err = %v, want a usage error saying %q", err, tt.msg)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got.IDs, tt.ids) || got.Package != tt.pkg || got.All != (tt.pkg != "") || got.Yes != tt.yes {
				t.Errorf("got %+v", got)
			}
		})
	}
}

func published(e *testEnv, version string) bool {
	doc := e.srv.Packument("pkg")
	_, ok := doc["versions"].(map[string]any)[version]
	return ok
}

func TestApproveSeveralWithOneCode(t *testing.T) {
	e := newEnv(t, true)
	a := e.srv.StageVersion("alice", "pkg", "1.1.0", "latest", nil)
	b := e.srv.StageVersion("alice", "pkg", "1.2.0", "next", nil)
	if err := e.run("approve", a, b); err != nil {
		t.Fatal(err)
	}
	if e.otp.calls != 1 {
		t.Errorf("a code was asked for %d times, want once for both", e.otp.calls)
	}
	want := "Staged package " + a + " approved and published successfully.\nStaged package " + b + " approved and published successfully.\n"
	if e.out.String() != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", e.out, want)
	}
	if tags := e.srv.DistTags("pkg"); tags["latest"] != "1.1.0" || tags["next"] != "1.2.0" {
		t.Errorf("tags after approving = %v", tags)
	}
}

func TestApprovePartialFailure(t *testing.T) {
	e := newEnv(t, true)
	a := e.srv.StageVersion("alice", "pkg", "1.1.0", "latest", nil)
	b := e.srv.StageVersion("alice", "pkg", "1.2.0", "latest", nil)
	err := e.run("approve", a, id1, b)
	var partial *cmdutil.PartialError
	if !errors.As(err, &partial) || partial.Failed != 1 || partial.Total != 3 {
		t.Fatalf("err = %v, want a partial failure (exit 3) of 1 in 3", err)
	}
	msg := err.Error()
	if !strings.Contains(msg, "approved "+a+", "+b+"; not approved: "+id1+" (") || !strings.Contains(msg, "404") {
		t.Errorf("the error does not name what was and was not approved: %s", msg)
	}
	if !published(e, "1.1.0") || !published(e, "1.2.0") {
		t.Error("the staged versions around the failure were not approved")
	}
}

func TestApproveWithoutCodeOrTerminalFailsFast(t *testing.T) {
	e := newEnv(t, false)
	a := e.srv.StageVersion("alice", "pkg", "1.1.0", "latest", nil)
	b := e.srv.StageVersion("alice", "pkg", "1.2.0", "latest", nil)
	e.srv.ResetLog()
	err := e.run("approve", a, b)
	var otpErr *registry.OTPError
	if !errors.As(err, &otpErr) {
		t.Fatalf("err = %v, want the OTP error (exit 5)", err)
	}
	approves := 0
	for _, r := range e.srv.Requests() {
		if strings.HasSuffix(r.Path, "/approve") {
			approves++
		}
	}
	if approves != 1 || published(e, "1.1.0") || e.out.Len() != 0 {
		t.Errorf("%d approve requests, stdout %q; want one refused request and nothing published", approves, e.out)
	}
}

func TestApproveReview(t *testing.T) {
	tests := []struct {
		name      string
		terminal  bool
		args      []string
		answer    string
		wantAsked bool
		wantPub   bool
		wantShown bool
	}{
		{"terminal, declined", true, nil, "n", true, false, true},
		{"terminal, empty answer is no", true, nil, "", true, false, true},
		{"terminal, confirmed", true, nil, "y", true, true, true},
		{"terminal, --yes", true, []string{"--yes"}, "", false, true, true},
		{"no terminal: nothing to ask", false, nil, "", false, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, true)
			id := e.srv.StageVersion("alice", "pkg", "1.1.0", "beta", map[string]string{"lib/new.js": "hello"})
			if tt.terminal {
				e.terminal()
			}
			e.prompter.answer = tt.answer
			err := e.run(append([]string{"approve", id}, tt.args...)...)
			if tt.wantPub != (err == nil) || published(e, "1.1.0") != tt.wantPub {
				t.Fatalf("err = %v, published %t; want published %t", err, published(e, "1.1.0"), tt.wantPub)
			}
			if !tt.wantPub && !errors.Is(err, staging.ErrNotConfirmed) {
				t.Errorf("declining gave %v", err)
			}
			if asked := len(e.prompter.asked) > 0; asked != tt.wantAsked {
				t.Errorf("asked = %v, want asked %t", e.prompter.asked, tt.wantAsked)
			}
			shown := e.errOut.String()
			for _, want := range []string{"Staged pkg@1.1.0 (id " + id + ")", "tag:       beta", "staged by: alice (user) on ", "compared with pkg@1.0.0 on latest", "+ 5B        lib/new.js", "1 added, 0 removed, 2 changed, 0 unchanged"} {
				if strings.Contains(shown, want) != tt.wantShown {
					t.Errorf("review line %q shown = %t, want %t:\n%s", want, !tt.wantShown, tt.wantShown, shown)
				}
			}
			if strings.Contains(e.out.String(), "Staged pkg@") {
				t.Error("the review went to stdout; it belongs on stderr")
			}
		})
	}
}

func TestApproveAllOfOnePackage(t *testing.T) {
	e := newEnv(t, true)
	e.srv.AddPackage("alice", "other", "1.0.0")
	e.srv.StageVersion("alice", "pkg", "1.1.0", "latest", nil)
	e.srv.StageVersion("alice", "pkg", "2.0.0-rc.1", "next", nil)
	keep := e.srv.StageVersion("alice", "other", "1.1.0", "latest", nil)
	if err := e.run("approve", "--all", "pkg"); err != nil {
		t.Fatal(err)
	}
	left := e.srv.StagedVersions("")
	if len(left) != 1 || left[0].ID != keep || !published(e, "1.1.0") || !published(e, "2.0.0-rc.1") || e.otp.calls != 1 {
		t.Errorf("left %+v, code asked %d times; want only other's version left and one code", left, e.otp.calls)
	}
	if err := e.run("approve", "--all", "pkg"); err == nil || !strings.Contains(err.Error(), "no staged versions of pkg") {
		t.Errorf("--all with nothing staged: %v", err)
	}
}

func TestApproveAndRejectJSON(t *testing.T) {
	e := newEnv(t, true)
	a := e.srv.StageVersion("alice", "pkg", "1.1.0", "latest", nil)
	b := e.srv.StageVersion("alice", "pkg", "1.2.0", "latest", nil)
	e.setJSON(true)
	if err := e.run("reject", a, b); err != nil {
		t.Fatal(err)
	}
	var got []map[string]any
	if err := json.Unmarshal(e.out.Bytes(), &got); err != nil {
		t.Fatalf("reject --json printed no JSON: %v\n%s", err, e.out)
	}
	if len(got) != 2 || got[0]["id"] != a || got[0]["rejected"] != true || got[1]["id"] != b {
		t.Errorf("reject --json = %v", got)
	}
	if len(e.srv.StagedVersions("")) != 0 || published(e, "1.1.0") || e.otp.calls != 1 {
		t.Error("reject left records, published something, or asked for more than one code")
	}
}

func TestListMineAndPackages(t *testing.T) {
	e := newEnv(t, false)
	e.srv.AddPackage("alice", "other", "1.0.0")
	e.srv.AddPackage("alice", "third", "1.0.0")
	mine := e.srv.StageVersion("alice", "pkg", "1.1.0", "latest", nil)
	bobs := e.srv.StageVersion("bob", "other", "1.1.0", "latest", nil)
	hidden := e.srv.StageVersion("alice", "third", "1.1.0", "latest", nil)
	tests := []struct {
		args []string
		want []string
		not  []string
	}{
		{[]string{"list", "--mine"}, []string{mine, hidden}, []string{bobs}},
		{[]string{"list", "--package", "pkg", "--package", "other"}, []string{mine, bobs}, []string{hidden}},
		{[]string{"list", "other", "--mine"}, nil, []string{mine, bobs, hidden}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			if err := e.run(tt.args...); err != nil {
				t.Fatal(err)
			}
			for _, id := range tt.want {
				if !strings.Contains(e.out.String(), "id: "+id) {
					t.Errorf("missing %s:\n%s", id, e.out)
				}
			}
			for _, id := range tt.not {
				if strings.Contains(e.out.String(), id) {
					t.Errorf("listed %s:\n%s", id, e.out)
				}
			}
		})
	}
	if err := e.run("list", "other", "--mine"); err != nil || e.out.String() != "No staged versions of package name \"other\".\n" {
		t.Errorf("empty filtered list: %v %q", err, e.out)
	}
}

func TestDownload(t *testing.T) {
	e := newEnv(t, false)
	id := e.srv.StageVersion("alice", "pkg", "1.1.0", "latest", map[string]string{"README.md": "# hi"})
	if err := e.run("download", id); err != nil {
		t.Fatal(err)
	}
	file := "pkg-1.1.0-" + id + ".tgz"
	if e.out.String() != file+"\n" {
		t.Errorf("stdout = %q, want the file name", e.out)
	}
	data, err := os.ReadFile(filepath.Join(e.home, file))
	if err != nil || len(data) == 0 {
		t.Fatalf("no %s written: %v", file, err)
	}
	for _, want := range []string{"Downloading staged package " + id, "Tarball Contents", "README.md"} {
		if !strings.Contains(e.errOut.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, e.errOut)
		}
	}
	e.setJSON(true)
	if err := e.run("download", id); err != nil {
		t.Fatal(err)
	}
	var got map[string]struct {
		Filename string `json:"filename"`
		Files    []struct {
			Path string `json:"path"`
		} `json:"files"`
	}
	if err := json.Unmarshal(e.out.Bytes(), &got); err != nil {
		t.Fatalf("download --json: %v\n%s", err, e.out)
	}
	if got["pkg"].Filename != file || len(got["pkg"].Files) != 3 || got["pkg"].Files[0].Path != "README.md" {
		t.Errorf("download --json = %+v; want the written file name and npm's file order", got)
	}
}

// A file name with terminal escapes in a staged tarball is shown escaped.
func TestDownloadNoticeIsTerminalSafe(t *testing.T) {
	e := newEnv(t, false)
	id := e.srv.StageVersion("alice", "pkg", "1.1.0", "latest", map[string]string{"evil\x1b[2J.js": "x"})
	if err := e.run("download", id); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(e.errOut.String(), "\x1b") || !strings.Contains(e.errOut.String(), `evil\x1b[2J.js`) {
		t.Errorf("stderr:\n%q", e.errOut)
	}
}
