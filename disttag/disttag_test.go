package disttag

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/iostreams"
	"github.com/gonpm/gonpm/internal/registry"
	"github.com/gonpm/gonpm/internal/registrytest"
)

// setup logs a user in on a fresh test registry and returns options for
// running dist-tag subcommands as that user.
func setup(t *testing.T, otp string) (*registrytest.Server, *Options, func() (string, string)) {
	t.Helper()
	srv := registrytest.New(t)
	srv.AddPackage("ann", "tagged", "1.0.0", "1.1.0", "2.0.0-beta.1")
	return setupOn(t, srv, otp)
}

// setupOn logs ann in (with a new token) on srv.
func setupOn(t *testing.T, srv *registrytest.Server, otp string) (*registrytest.Server, *Options, func() (string, string)) {
	t.Helper()
	token := srv.AddUser("ann", "ann-password", "ann@example.com")
	home := t.TempDir()
	host := strings.TrimSuffix(strings.TrimPrefix(srv.URL, "http://"), "/")
	if err := os.WriteFile(filepath.Join(home, ".npmrc"), []byte("//"+host+"/:_authToken="+token+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := []string{"HOME=" + home, "NPM_CONFIG_REGISTRY=" + srv.URL}
	if otp != "" {
		env = append(env, "NPM_CONFIG_OTP="+otp)
	}
	cfg, err := config.Load(config.LoadOptions{Cwd: home, Env: env, Home: home})
	if err != nil {
		t.Fatal(err)
	}
	reg, _ := cfg.Registry()
	io, _, out, errOut := iostreams.Test()
	client := registry.New(registry.Options{Registry: reg, Credentials: cfg, UserAgent: "test", OTP: cfg.Get("otp"), AuthType: cfg.Get("auth-type")})
	opts := &Options{IO: io, Client: client, Config: cfg, Cwd: home}
	return srv, opts, func() (string, string) { return out.String(), errOut.String() }
}

func TestAddListRemove(t *testing.T) {
	srv, opts, output := setup(t, "")
	ctx := context.Background()

	opts.Args = []string{"tagged@1.1.0", "stable"}
	if err := runAdd(ctx, opts); err != nil {
		t.Fatal(err)
	}
	if got := srv.DistTags("tagged")["stable"]; got != "1.1.0" {
		t.Errorf("stable = %q", got)
	}
	opts.Args = []string{"tagged"}
	if err := runList(ctx, opts); err != nil {
		t.Fatal(err)
	}
	opts.Args = []string{"tagged", "stable"}
	if err := runRemove(ctx, opts); err != nil {
		t.Fatal(err)
	}
	out, _ := output()
	want := "+stable: tagged@1.1.0\nlatest: 2.0.0-beta.1\nstable: 1.1.0\n-stable: tagged@1.1.0\n"
	if out != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", out, want)
	}
	if _, ok := srv.DistTags("tagged")["stable"]; ok {
		t.Error("stable still set")
	}
}

func TestAddSameVersionWarnsAndSendsNothing(t *testing.T) {
	srv, opts, output := setup(t, "")
	srv.ResetLog()
	opts.Args = []string{"tagged@2.0.0-beta.1", "latest"}
	if err := runAdd(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	_, errOut := output()
	if !strings.Contains(errOut, "already set to version 2.0.0-beta.1") {
		t.Errorf("stderr = %q", errOut)
	}
	for _, r := range srv.Requests() {
		if r.Method == "PUT" {
			t.Errorf("unexpected PUT %s", r.Path)
		}
	}
}

func TestValidationBeforeAnyRequest(t *testing.T) {
	tests := []struct {
		run  func(context.Context, *Options) error
		args []string
		want string
	}{
		{runAdd, []string{"tagged@1.0.0", "1.x"}, "must not be a valid SemVer range"},
		{runAdd, []string{"tagged@1.0.0", "v2"}, "must not be a valid SemVer range"},
		{runAdd, []string{"tagged"}, "must provide a spec with a name and version"},
		{runAdd, []string{"tagged@latest", "next"}, "is not a version"},
		{runAdd, []string{"bad name@1.0.0", "next"}, "not allowed in URLs"},
		{runAdd, []string{}, "usage"},
		{runRemove, []string{"tagged"}, "usage"},
		{runList, []string{"a", "b"}, "too many arguments"},
	}
	for _, tt := range tests {
		srv, opts, _ := setup(t, "")
		srv.ResetLog()
		opts.Args = tt.args
		err := tt.run(context.Background(), opts)
		var flagErr *cmdutil.FlagError
		if !errors.As(err, &flagErr) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%v: err = %v, want a usage error containing %q", tt.args, err, tt.want)
		}
		if n := len(srv.Requests()); n != 0 {
			t.Errorf("%v: %d requests sent before refusing", tt.args, n)
		}
	}
}

func TestRemoveUnknownTag(t *testing.T) {
	_, opts, _ := setup(t, "")
	opts.Args = []string{"tagged", "nope"}
	err := runRemove(context.Background(), opts)
	if err == nil || err.Error() != "nope is not a dist-tag on tagged" {
		t.Errorf("err = %v", err)
	}
}

func TestOTPFromConfigIsSentOnEveryRequest(t *testing.T) {
	srv, _, _ := setup(t, "")
	secret, _ := srv.EnableTFA("ann", registrytest.ModeAuthAndWrites)
	code := srv.TOTP(secret, time.Now())
	_, opts, _ := setupOn(t, srv, code)
	srv.ResetLog()
	opts.Args = []string{"tagged@1.0.0", "old"}
	if err := runAdd(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	for _, r := range srv.Requests() {
		if r.Header.Get("Npm-Otp") != code || r.Header.Get("Npm-Auth-Type") != "legacy" {
			t.Errorf("%s %s: npm-otp %q, npm-auth-type %q", r.Method, r.Path, r.Header.Get("Npm-Otp"), r.Header.Get("Npm-Auth-Type"))
		}
	}
}
