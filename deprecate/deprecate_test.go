package deprecate

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/gonpm/gonpm/internal/cmdtest"
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/registrytest"
)

func TestNewCmdDeprecate(t *testing.T) {
	tests := []struct {
		args    []string
		want    *DeprecateOptions
		wantErr string
	}{
		{args: []string{"pk@<2", "use 2"}, want: &DeprecateOptions{Package: "pk@<2", Message: "use 2"}},
		{args: []string{"pk", ""}, want: &DeprecateOptions{Package: "pk", Message: ""}},
		{args: []string{"@s/pk@1.x", "old", "--dry-run"}, want: &DeprecateOptions{Package: "@s/pk@1.x", Message: "old", DryRun: true}},
		{args: []string{"pk@*", "gone", "-f"}, want: &DeprecateOptions{Package: "pk@*", Message: "gone", Force: true}},
		{args: []string{"pk", "gone", "--force"}, want: &DeprecateOptions{Package: "pk", Message: "gone", Force: true}},
		{args: []string{"pk"}, wantErr: "usage: gonpm deprecate <pkg>[@<range>] <message>"},
		{args: []string{}, wantErr: "usage: gonpm deprecate"},
		{args: []string{"pk", "a", "b"}, wantErr: "usage: gonpm deprecate"},
	}
	for _, tt := range tests {
		got, err := cmdtest.Parse(t, NewCmdDeprecate, tt.args...)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("%q: err = %v, want %q", tt.args, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%q: %v", tt.args, err)
		}
		got.IO, got.Config, got.RegistryClient, got.Logger = nil, nil, nil, nil
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%q: options %+v, want %+v", tt.args, got, tt.want)
		}
	}
}

func TestNewCmdUndeprecate(t *testing.T) {
	tests := []struct {
		args    []string
		want    *UndeprecateOptions
		wantErr string
	}{
		{args: []string{"pk@1.0.0"}, want: &UndeprecateOptions{Package: "pk@1.0.0"}},
		{args: []string{"pk", "--dry-run"}, want: &UndeprecateOptions{Package: "pk", DryRun: true}},
		{args: []string{}, wantErr: "usage: gonpm undeprecate <pkg>[@<range>]"},
		{args: []string{"pk", "msg"}, wantErr: "usage: gonpm undeprecate"},
	}
	for _, tt := range tests {
		got, err := cmdtest.Parse(t, NewCmdUndeprecate, tt.args...)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("%q: err = %v, want %q", tt.args, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%q: %v", tt.args, err)
		}
		got.IO, got.Config, got.RegistryClient, got.Logger = nil, nil, nil, nil
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%q: options %+v, want %+v", tt.args, got, tt.want)
		}
	}
}

// seeded is a registry where ann maintains pk (with a prerelease) and
// 1.1.0 is already deprecated.
func seeded(t *testing.T, env ...string) *cmdtest.Session {
	t.Helper()
	srv := registrytest.New(t)
	token := srv.AddUser("ann", "pw", "ann@example.com")
	srv.AddPackage("ann", "pk", "1.0.0", "1.1.0", "2.0.0-beta.1", "2.0.0")
	s := cmdtest.Login(t, srv, token, env...)
	if err := deprecateRun(context.Background(), &DeprecateOptions{IO: s.IO, Config: s.Config, RegistryClient: s.Client, Logger: s.Logger, Package: "pk@1.1.0", Message: "old"}); err != nil {
		t.Fatal(err)
	}
	s.Out.Reset()
	s.ErrOut.Reset()
	srv.ResetLog()
	return s
}

func Test_deprecateRun(t *testing.T) {
	tests := []struct {
		name     string
		env      []string
		pkg, msg string
		dryRun   bool
		force    bool
		wantOut  string
		wantErr  string // "" for success
		wantDep  map[string]string
		wantPuts int
	}{
		{
			name: "a range with a prerelease", pkg: "pk@<2.0.0", msg: "use 2",
			wantOut:  "deprecated pk@1.0.0\ndeprecated pk@1.1.0\ndeprecated pk@2.0.0-beta.1\nInstalls of these versions now print:\n  npm warn deprecated pk@1.0.0: use 2\n",
			wantDep:  map[string]string{"1.0.0": "use 2", "1.1.0": "use 2", "2.0.0-beta.1": "use 2"},
			wantPuts: 1,
		},
		{
			name: "only changed versions are listed", pkg: "pk@1.x", msg: "old",
			wantOut:  "deprecated pk@1.0.0\nInstalls of this version now print:\n  npm warn deprecated pk@1.0.0: old\n",
			wantDep:  map[string]string{"1.0.0": "old", "1.1.0": "old"},
			wantPuts: 1,
		},
		{
			name: "dry run writes nothing", pkg: "pk@2", msg: "x", dryRun: true,
			wantOut: "would deprecate pk@2.0.0-beta.1\nwould deprecate pk@2.0.0\nInstalls of these versions would print:\n  npm warn deprecated pk@2.0.0-beta.1: x\n",
			wantDep: map[string]string{"1.1.0": "old"},
		},
		{
			name: "no matching version", pkg: "pk@>=3", msg: "x",
			wantDep: map[string]string{"1.1.0": "old"},
		},
		{
			name: "nothing to change is not written", pkg: "pk@1.1.0", msg: "old",
			wantDep: map[string]string{"1.1.0": "old"},
		},
		{
			name: "every version by a bare name is refused", pkg: "pk", msg: "x",
			wantErr: "pk selects every version of pk (4): pass --force to deprecate them all, or write pk@*",
			wantDep: map[string]string{"1.1.0": "old"},
		},
		{
			name: "every version by a range is refused", pkg: "pk@>=0.0.0-0", msg: "x",
			wantErr: "pk@>=0.0.0-0 selects every version of pk (4)",
			wantDep: map[string]string{"1.1.0": "old"},
		},
		{
			name: "every version with --force", pkg: "pk", msg: "x", force: true,
			wantOut:  "deprecated pk@1.0.0\ndeprecated pk@1.1.0\ndeprecated pk@2.0.0-beta.1\ndeprecated pk@2.0.0\nInstalls of these versions now print:\n  npm warn deprecated pk@1.0.0: x\n",
			wantDep:  map[string]string{"1.0.0": "x", "1.1.0": "x", "2.0.0-beta.1": "x", "2.0.0": "x"},
			wantPuts: 1,
		},
		{
			name: "every version by an explicit star", pkg: "pk@*", msg: "x", env: []string{"NPM_CONFIG_PARSEABLE=true"},
			wantOut:  "pk\t1.0.0\tx\npk\t1.1.0\tx\npk\t2.0.0-beta.1\tx\npk\t2.0.0\tx\n",
			wantDep:  map[string]string{"1.0.0": "x", "1.1.0": "x", "2.0.0-beta.1": "x", "2.0.0": "x"},
			wantPuts: 1,
		},
		{
			name: "json", pkg: "pk@~1.0", msg: "x\x1b[2J", env: []string{"NPM_CONFIG_JSON=true"},
			wantOut:  "{\n  \"name\": \"pk\",\n  \"range\": \"~1.0\",\n  \"message\": \"x\\u001b[2J\",\n  \"dryRun\": false,\n  \"changed\": [\n    \"1.0.0\"\n  ],\n  \"unchanged\": []\n}\n",
			wantDep:  map[string]string{"1.0.0": "x\x1b[2J", "1.1.0": "old"},
			wantPuts: 1,
		},
		{
			name: "a message with control characters is shown escaped", pkg: "pk@2.0.0", msg: "bad\x1b]0;title\x07",
			wantOut:  "deprecated pk@2.0.0\nInstalls of this version now print:\n  npm warn deprecated pk@2.0.0: bad\\x1b]0;title\\x07\n",
			wantDep:  map[string]string{"1.1.0": "old", "2.0.0": "bad\x1b]0;title\x07"},
			wantPuts: 1,
		},
		{
			name: "an empty message undeprecates", pkg: "pk@1", msg: "",
			wantOut:  "undeprecated pk@1.1.0\n",
			wantDep:  map[string]string{},
			wantPuts: 1,
		},
		{name: "a dist-tag is not a range", pkg: "pk@latest", msg: "x", wantErr: "invalid version range: latest", wantDep: map[string]string{"1.1.0": "old"}},
		{name: "unknown package", pkg: "nope@1", msg: "x", wantErr: "could not get nope: ", wantDep: map[string]string{"1.1.0": "old"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := seeded(t, tt.env...)
			err := deprecateRun(context.Background(), &DeprecateOptions{IO: s.IO, Config: s.Config, RegistryClient: s.Client, Logger: s.Logger,
				Package: tt.pkg, Message: tt.msg, DryRun: tt.dryRun, Force: tt.force})
			if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Fatalf("err = %v, want %q", err, tt.wantErr)
			}
			if got := s.Out.String(); got != tt.wantOut {
				t.Errorf("stdout:\n%s\nwant:\n%s", got, tt.wantOut)
			}
			if got := s.Srv.Deprecations("pk"); !reflect.DeepEqual(got, tt.wantDep) {
				t.Errorf("deprecations = %v, want %v", got, tt.wantDep)
			}
			if got := len(cmdtest.Writes(s.Srv)); got != tt.wantPuts {
				t.Errorf("%d writes, want %d", got, tt.wantPuts)
			}
		})
	}
}

func TestDeprecateWarnsWhenNothingMatches(t *testing.T) {
	s := seeded(t)
	if err := deprecateRun(context.Background(), &DeprecateOptions{IO: s.IO, Config: s.Config, RegistryClient: s.Client, Logger: s.Logger, Package: "pk@>=3", Message: "x"}); err != nil {
		t.Fatal(err)
	}
	if got, want := s.ErrOut.String(), "gonpm warn deprecate No version of pk satisfies >=3; nothing was changed\n"; got != want {
		t.Errorf("stderr = %q, want %q", got, want)
	}
}

func TestInvalidRangeIsAUsageErrorBeforeAnyRequest(t *testing.T) {
	s := seeded(t)
	for _, pkg := range []string{"pk@latest", "pk@>=1 <", "pk@1.2.3.4"} {
		err := deprecateRun(context.Background(), &DeprecateOptions{IO: s.IO, Config: s.Config, RegistryClient: s.Client, Logger: s.Logger, Package: pkg, Message: "x"})
		var flagErr *cmdutil.FlagError
		if !errors.As(err, &flagErr) || !strings.HasPrefix(err.Error(), "invalid version range: ") {
			t.Errorf("%s: err = %v, want a usage error", pkg, err)
		}
	}
	if n := len(s.Srv.Requests()); n != 0 {
		t.Errorf("%d requests sent for invalid ranges", n)
	}
}

func Test_undeprecateRun(t *testing.T) {
	s := seeded(t)
	if err := undeprecateRun(context.Background(), &UndeprecateOptions{IO: s.IO, Config: s.Config, RegistryClient: s.Client, Logger: s.Logger, Package: "pk"}); err != nil {
		t.Fatal(err)
	}
	if got := s.Out.String(); got != "undeprecated pk@1.1.0\n" {
		t.Errorf("stdout = %q", got)
	}
	if got := s.Srv.Deprecations("pk"); len(got) != 0 {
		t.Errorf("deprecations = %v", got)
	}
	// The PUT sends "deprecated": "" on every selected version, as npm does.
	puts := cmdtest.Writes(s.Srv)
	if len(puts) != 1 || strings.Count(string(puts[0].Body), `"deprecated":""`) != 4 {
		t.Errorf("writes = %v, body %s", puts, puts[0].Body)
	}
}

// TestOneCodeServesTheCommand: with 2FA on for writes, a code from the
// configuration goes on the GET and the PUT, as npm sends it.
func TestOneCodeServesTheCommand(t *testing.T) {
	srv := registrytest.New(t)
	token := srv.AddUser("ann", "pw", "ann@example.com")
	srv.AddPackage("ann", "pk", "1.0.0", "2.0.0")
	secret, _ := srv.EnableTFA("ann", registrytest.ModeAuthAndWrites)
	code := srv.TOTP(secret, time.Now())
	s := cmdtest.Login(t, srv, token, "NPM_CONFIG_OTP="+code)
	if err := deprecateRun(context.Background(), &DeprecateOptions{IO: s.IO, Config: s.Config, RegistryClient: s.Client, Logger: s.Logger, Package: "pk@1", Message: "x"}); err != nil {
		t.Fatal(err)
	}
	reqs := srv.Requests()
	if len(reqs) != 2 || reqs[0].Path != "/pk?write=true" || reqs[1].Method != "PUT" || reqs[1].Path != "/pk" {
		t.Fatalf("requests = %v", reqs)
	}
	for _, r := range reqs {
		if r.Header.Get("Npm-Otp") != code {
			t.Errorf("%s %s without the code", r.Method, r.Path)
		}
	}
	// Without a code and without a terminal the write fails as needing one.
	s = cmdtest.Login(t, srv, token)
	err := deprecateRun(context.Background(), &DeprecateOptions{IO: s.IO, Config: s.Config, RegistryClient: s.Client, Logger: s.Logger, Package: "pk@2", Message: "x"})
	if err == nil || !strings.Contains(err.Error(), "one-time password") {
		t.Errorf("err = %v, want a one-time password error", err)
	}
	if got := srv.Deprecations("pk"); !reflect.DeepEqual(got, map[string]string{"1.0.0": "x"}) {
		t.Errorf("deprecations = %v", got)
	}
}

func TestUnchangedVersionsAreOneNotice(t *testing.T) {
	s := seeded(t)
	if err := deprecateRun(context.Background(), &DeprecateOptions{IO: s.IO, Config: s.Config, RegistryClient: s.Client, Logger: s.Logger, Package: "pk@1", Message: "old"}); err != nil {
		t.Fatal(err)
	}
	if got, want := s.ErrOut.String(), "gonpm notice 1 of the 2 selected versions of pk already had this message: 1.1.0\n"; got != want {
		t.Errorf("stderr = %q, want %q", got, want)
	}
	s.ErrOut.Reset()
	if err := undeprecateRun(context.Background(), &UndeprecateOptions{IO: s.IO, Config: s.Config, RegistryClient: s.Client, Logger: s.Logger, Package: "pk"}); err != nil {
		t.Fatal(err)
	}
	if got, want := s.ErrOut.String(), "gonpm notice 2 of the 4 selected versions of pk were not deprecated: 2.0.0-beta.1, 2.0.0\n"; got != want {
		t.Errorf("stderr = %q, want %q", got, want)
	}
}
