package disttag

import (
	"context"
	"errors"
	"io"
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

// setup logs a user in on a fresh test registry and returns a factory for
// running dist-tag subcommands as that user.
func setup(t *testing.T, otp string) (*registrytest.Server, *cmdutil.Factory, func() (string, string)) {
	t.Helper()
	srv := registrytest.New(t)
	srv.AddPackage("ann", "tagged", "1.0.0", "1.1.0", "2.0.0-beta.1")
	return setupOn(t, srv, otp)
}

// setupOn logs ann in (with a new token) on srv.
func setupOn(t *testing.T, srv *registrytest.Server, otp string) (*registrytest.Server, *cmdutil.Factory, func() (string, string)) {
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
	f := &cmdutil.Factory{
		IOStreams:      io,
		Config:         func() (*config.Config, error) { return cfg, nil },
		RegistryClient: func() (*registry.Client, error) { return client, nil },
		Cwd:            home,
	}
	return srv, f, func() (string, string) { return out.String(), errOut.String() }
}

// run runs `gonpm dist-tag <args>` with the factory's dependencies.
func run(f *cmdutil.Factory, args ...string) error {
	cmd := NewCmdDistTag(f)
	cmd.SetArgs(args)
	cmd.SetOut(io.Discard)
	cmd.SetErr(io.Discard)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	return cmd.ExecuteContext(context.Background())
}

func TestAddListRemove(t *testing.T) {
	srv, f, output := setup(t, "")

	if err := run(f, "add", "tagged@1.1.0", "stable"); err != nil {
		t.Fatal(err)
	}
	if got := srv.DistTags("tagged")["stable"]; got != "1.1.0" {
		t.Errorf("stable = %q", got)
	}
	if err := run(f, "ls", "tagged"); err != nil {
		t.Fatal(err)
	}
	if err := run(f, "rm", "tagged", "stable"); err != nil {
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
	srv, f, output := setup(t, "")
	srv.ResetLog()
	if err := run(f, "add", "tagged@2.0.0-beta.1", "latest"); err != nil {
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
		args []string
		want string
	}{
		{[]string{"add", "tagged@1.0.0", "1.x"}, "must not be a valid SemVer range"},
		{[]string{"add", "tagged@1.0.0", "v2"}, "must not be a valid SemVer range"},
		{[]string{"add", "tagged"}, "must provide a spec with a name and version"},
		{[]string{"add", "tagged@latest", "next"}, "is not a version"},
		{[]string{"add", "bad name@1.0.0", "next"}, "not allowed in URLs"},
		{[]string{"add"}, "usage"},
		{[]string{"rm", "tagged"}, "usage"},
		{[]string{"ls", "a", "b"}, "too many arguments"},
	}
	for _, tt := range tests {
		srv, f, _ := setup(t, "")
		srv.ResetLog()
		err := run(f, tt.args...)
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
	_, f, _ := setup(t, "")
	err := run(f, "rm", "tagged", "nope")
	if err == nil || err.Error() != "nope is not a dist-tag on tagged" {
		t.Errorf("err = %v", err)
	}
}

func TestOTPFromConfigIsSentOnEveryRequest(t *testing.T) {
	srv, _, _ := setup(t, "")
	secret, _ := srv.EnableTFA("ann", registrytest.ModeAuthAndWrites)
	code := srv.TOTP(secret, time.Now())
	_, f, _ := setupOn(t, srv, code)
	srv.ResetLog()
	if err := run(f, "add", "tagged@1.0.0", "old"); err != nil {
		t.Fatal(err)
	}
	for _, r := range srv.Requests() {
		if r.Header.Get("Npm-Otp") != code || r.Header.Get("Npm-Auth-Type") != "legacy" {
			t.Errorf("%s %s: npm-otp %q, npm-auth-type %q", r.Method, r.Path, r.Header.Get("Npm-Otp"), r.Header.Get("Npm-Auth-Type"))
		}
	}
}
