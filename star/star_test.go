package star

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/gonpm/gonpm/internal/cmdtest"
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/registry"
	"github.com/gonpm/gonpm/internal/registrytest"
)

func TestNewCmdStar(t *testing.T) {
	tests := []struct {
		args    []string
		want    []string
		wantErr string
	}{
		{args: []string{"a"}, want: []string{"a"}},
		{args: []string{"a", "@s/b", "c@1"}, want: []string{"a", "@s/b", "c@1"}},
		{args: []string{}, wantErr: "usage: gonpm star <pkg>..."},
	}
	for _, tt := range tests {
		got, err := cmdtest.Parse(t, NewCmdStar, tt.args...)
		if tt.wantErr != "" {
			if err == nil || err.Error() != tt.wantErr {
				t.Errorf("%q: err = %v, want %q", tt.args, err, tt.wantErr)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got.Packages, tt.want) {
			t.Errorf("%q: %+v %v", tt.args, got, err)
		}
	}
}

func TestNewCmdUnstar(t *testing.T) {
	tests := []struct {
		args    []string
		want    []string
		wantErr string
	}{
		{args: []string{"a", "b"}, want: []string{"a", "b"}},
		{args: []string{}, wantErr: "usage: gonpm unstar <pkg>..."},
	}
	for _, tt := range tests {
		got, err := cmdtest.Parse(t, NewCmdUnstar, tt.args...)
		if tt.wantErr != "" {
			if err == nil || err.Error() != tt.wantErr {
				t.Errorf("%q: err = %v, want %q", tt.args, err, tt.wantErr)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got.Packages, tt.want) {
			t.Errorf("%q: %+v %v", tt.args, got, err)
		}
	}
}

func TestNewCmdStars(t *testing.T) {
	tests := []struct {
		args    []string
		want    string
		wantErr string
	}{
		{args: []string{}, want: ""},
		{args: []string{"bob"}, want: "bob"},
		{args: []string{"bob", "carol"}, wantErr: "usage: gonpm stars [<user>]"},
	}
	for _, tt := range tests {
		got, err := cmdtest.Parse(t, NewCmdStars, tt.args...)
		if tt.wantErr != "" {
			if err == nil || err.Error() != tt.wantErr {
				t.Errorf("%q: err = %v, want %q", tt.args, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got.User != tt.want {
			t.Errorf("%q: %+v %v", tt.args, got, err)
		}
	}
}

func starSession(t *testing.T, env ...string) *cmdtest.Session {
	t.Helper()
	srv := registrytest.New(t)
	token := srv.AddUser("ann", "pw", "ann@example.com")
	srv.AddPackage("ann", "one", "1.0.0")
	srv.AddPackage("ann", "@s/two", "1.0.0")
	srv.AddPackage("ann", "three", "1.0.0")
	return cmdtest.Login(t, srv, token, env...)
}

func TestStarEveryPackageThenUnstar(t *testing.T) {
	s := starSession(t, "NPM_CONFIG_UNICODE=true")
	if err := starRun(context.Background(), &StarOptions{IO: s.IO, Config: s.Config, RegistryClient: s.Client, Logger: s.Logger, Packages: []string{"one", "@s/two", "three@1"}}); err != nil {
		t.Fatal(err)
	}
	if got, want := s.Out.String(), "\u2605  one\n\u2605  @s/two\n\u2605  three\n"; got != want {
		t.Errorf("stdout %q, want %q", got, want)
	}
	for _, name := range []string{"one", "@s/two", "three"} {
		if got := s.Srv.Stars(name); !reflect.DeepEqual(got, []string{"ann"}) {
			t.Errorf("%s stars = %v", name, got)
		}
	}
	// The PUT body is npm's: _id, _rev and users only.
	for _, r := range cmdtest.Writes(s.Srv) {
		if !strings.HasPrefix(string(r.Body), `{"_id":`) || !strings.HasSuffix(string(r.Body), `"users":{"ann":true}}`) {
			t.Errorf("%s %s body %s", r.Method, r.Path, r.Body)
		}
	}
	s.Out.Reset()
	if err := starsRun(context.Background(), &StarsOptions{IO: s.IO, Config: s.Config, RegistryClient: s.Client, Logger: s.Logger}); err != nil {
		t.Fatal(err)
	}
	if got := s.Out.String(); got != "@s/two\none\nthree\n" {
		t.Errorf("stars: %q", got)
	}
	s.Out.Reset()
	if err := unstarRun(context.Background(), &UnstarOptions{IO: s.IO, Config: s.Config, RegistryClient: s.Client, Logger: s.Logger, Packages: []string{"one", "three"}}); err != nil {
		t.Fatal(err)
	}
	if got, want := s.Out.String(), "\u2606  one\n\u2606  three\n"; got != want {
		t.Errorf("stdout %q, want %q", got, want)
	}
	if len(s.Srv.Stars("one")) != 0 || len(s.Srv.Stars("three")) != 0 || len(s.Srv.Stars("@s/two")) != 1 {
		t.Errorf("stars after unstar: %v %v %v", s.Srv.Stars("one"), s.Srv.Stars("@s/two"), s.Srv.Stars("three"))
	}
}

func TestStarGoesOnAfterAFailure(t *testing.T) {
	s := starSession(t)
	err := starRun(context.Background(), &StarOptions{IO: s.IO, Config: s.Config, RegistryClient: s.Client, Logger: s.Logger, Packages: []string{"nope", "one"}})
	var partial *cmdutil.PartialError
	if !errors.As(err, &partial) || partial.Failed != 1 || partial.Total != 2 {
		t.Fatalf("err = %v, want 1 of 2 failed", err)
	}
	if got := s.Out.String(); got != "(*) one\n" {
		t.Errorf("stdout %q", got)
	}
	if got := s.ErrOut.String(); !strings.HasPrefix(got, "gonpm error could not star nope: 404 Not Found - GET ") {
		t.Errorf("stderr %q", got)
	}
	// One package that fails is that failure, not a partial one.
	err = starRun(context.Background(), &StarOptions{IO: s.IO, Config: s.Config, RegistryClient: s.Client, Logger: s.Logger, Packages: []string{"nope"}})
	if !registry.IsNotFound(err) {
		t.Errorf("err = %v, want the 404", err)
	}
}

func TestStarAlreadyStarredWritesNothing(t *testing.T) {
	s := starSession(t)
	opts := &StarOptions{IO: s.IO, Config: s.Config, RegistryClient: s.Client, Logger: s.Logger, Packages: []string{"one"}}
	if err := starRun(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	s.Srv.ResetLog()
	if err := starRun(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	if w := cmdtest.Writes(s.Srv); len(w) != 0 {
		t.Errorf("writes for a package already starred: %v", w)
	}
	if got := s.Out.String(); got != "(*) one\n(*) one\n" {
		t.Errorf("stdout %q", got)
	}
}

func TestStarUnder2FA(t *testing.T) {
	srv := registrytest.New(t)
	token := srv.AddUser("ann", "pw", "ann@example.com")
	srv.AddPackage("ann", "one", "1.0.0")
	secret, _ := srv.EnableTFA("ann", registrytest.ModeAuthAndWrites)
	s := cmdtest.Login(t, srv, token)
	err := starRun(context.Background(), &StarOptions{IO: s.IO, Config: s.Config, RegistryClient: s.Client, Logger: s.Logger, Packages: []string{"one"}})
	var otpErr *registry.OTPError
	if !errors.As(err, &otpErr) {
		t.Fatalf("err = %v, want an OTP error", err)
	}
	s = cmdtest.Login(t, srv, token, "NPM_CONFIG_OTP="+srv.TOTP(secret, time.Now()))
	if err := starRun(context.Background(), &StarOptions{IO: s.IO, Config: s.Config, RegistryClient: s.Client, Logger: s.Logger, Packages: []string{"one"}}); err != nil {
		t.Fatal(err)
	}
	if got := srv.Stars("one"); len(got) != 1 {
		t.Errorf("stars = %v", got)
	}
}

func TestStarsOfAnotherUserAndNone(t *testing.T) {
	s := starSession(t)
	if err := starsRun(context.Background(), &StarsOptions{IO: s.IO, Config: s.Config, RegistryClient: s.Client, Logger: s.Logger, User: "bob"}); err != nil {
		t.Fatal(err)
	}
	if s.Out.String() != "" || s.ErrOut.String() != "gonpm warn stars user has not starred any packages\n" {
		t.Errorf("stdout %q stderr %q", s.Out.String(), s.ErrOut.String())
	}
	reqs := s.Srv.Requests()
	if len(reqs) != 1 || reqs[0].Path != "/-/_view/starredByUser?key=%22bob%22" {
		t.Errorf("requests %v", reqs)
	}
}

func TestUnicodeFollowsTheLocale(t *testing.T) {
	s := starSession(t)
	cfg, _ := s.Config()
	for _, tt := range []struct {
		env  map[string]string
		want bool
	}{
		{map[string]string{"LANG": "en_US.UTF-8"}, true},
		{map[string]string{"LANG": "C"}, false},
		{map[string]string{"LC_ALL": "C", "LANG": "en_US.utf8"}, false},
		{map[string]string{"LC_CTYPE": "de_DE.UTF8"}, true},
		{nil, false},
	} {
		if got := unicode(cfg, func(k string) string { return tt.env[k] }); got != tt.want {
			t.Errorf("%v: unicode %v", tt.env, got)
		}
	}
}
