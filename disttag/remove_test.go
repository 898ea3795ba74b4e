package disttag

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/cmdtest"
	"github.com/gonpm/gonpm/internal/iostreams"
	"github.com/gonpm/gonpm/internal/registry"
	"github.com/gonpm/gonpm/internal/registrytest"
)

type tokenAuth string

func (a tokenAuth) AuthFor(string, string) *config.Auth { return &config.Auth{Token: string(a)} }

func Test_removeRun(t *testing.T) {
	tests := []struct {
		name    string
		fault   *registrytest.Fault
		tag     string
		wantErr string // "" for success
	}{
		{"removes the tag", nil, "beta", ""},
		// The client retries the DELETE whose answer was lost, and the
		// registry answers 404 because the first one worked.
		{"answer lost", &registrytest.Fault{Method: "DELETE", Path: "/-/package/pkg/dist-tags/beta", Drop: registrytest.DropAfterApply}, "beta", ""},
		// A 404 while the tag is still there stays an error.
		{"404 from a proxy", &registrytest.Fault{Method: "DELETE", Path: "/-/package/pkg/dist-tags/beta", Status: 404}, "beta", "404"},
		{"unknown tag", nil, "gamma", "gamma is not a dist-tag on pkg"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := registrytest.New(t)
			token := srv.AddUser("ann", "pw", "ann@example.com")
			srv.AddPackage("ann", "pkg", "1.0.0", "1.1.0")
			home := t.TempDir()
			cfg, err := config.Load(config.LoadOptions{Cwd: home, Home: home, Env: []string{"NPM_CONFIG_REGISTRY=" + srv.URL, "NPM_CONFIG_GLOBALCONFIG=" + filepath.Join(home, "g")}})
			if err != nil {
				t.Fatal(err)
			}
			client := registry.New(registry.Options{Registry: srv.URL, Credentials: tokenAuth(token), Retries: 2})
			if _, err := client.Do(context.Background(), &registry.Request{Method: "PUT", Path: tagsPath("pkg", "beta"), JSON: "1.0.0"}); err != nil {
				t.Fatal(err)
			}
			if tt.fault != nil {
				srv.Inject(*tt.fault)
			}
			ios, _, stdout, _ := iostreams.Test()
			opts := &RemoveOptions{
				IO:             ios,
				Config:         func() (*config.Config, error) { return cfg, nil },
				RegistryClient: func() (*registry.Client, error) { return client, nil },
				Package:        "pkg",
				Tag:            tt.tag,
			}
			err = removeRun(context.Background(), opts)
			_, tagged := srv.DistTags("pkg")["beta"]
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one with %q", err, tt.wantErr)
				}
				if !tagged {
					t.Error("beta was removed although the command failed")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if stdout.String() != "-beta: pkg@1.0.0\n" || tagged {
				t.Errorf("stdout %q, beta still there: %v", stdout.String(), tagged)
			}
		})
	}
}

func TestNewCmdRemove(t *testing.T) {
	tests := []struct {
		args    []string
		want    RemoveOptions
		wantErr string
	}{
		{args: []string{"pkg", "beta"}, want: RemoveOptions{Package: "pkg", Tag: "beta"}},
		{args: []string{"pkg"}, wantErr: "usage: gonpm dist-tag rm <pkg> <tag>"},
		{args: []string{"pkg", "beta", "x"}, wantErr: "usage: gonpm dist-tag rm <pkg> <tag>"},
	}
	for _, tt := range tests {
		got, err := cmdtest.Parse(t, NewCmdRemove, tt.args...)
		if tt.wantErr != "" {
			if err == nil || err.Error() != tt.wantErr || got != nil {
				t.Errorf("%q: err = %v, want %q before running", tt.args, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%q: %v", tt.args, err)
		}
		if got.Package != tt.want.Package || got.Tag != tt.want.Tag {
			t.Errorf("%q: got %+v, want %+v", tt.args, *got, tt.want)
		}
	}
}
