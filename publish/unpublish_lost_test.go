package publish

import (
	"context"
	"path/filepath"
	"slices"
	"testing"

	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/iostreams"
	"github.com/gonpm/gonpm/internal/registry"
	"github.com/gonpm/gonpm/internal/registrytest"
)

type tokenAuth string

func (a tokenAuth) AuthFor(string, string) *config.Auth { return &config.Auth{Token: string(a)} }

// Unpublishing a version writes the packument without it, then deletes
// its tarball. When the answer to either write is lost, the client's
// retry meets a stale _rev (409); the command looks again and finishes
// instead of failing halfway.
func TestUnpublishVersionWhoseAnswerWasLost(t *testing.T) {
	tests := []struct {
		name  string
		fault registrytest.Fault
	}{
		{"packument write", registrytest.Fault{Method: "PUT", Path: "/pkg/-rev/", Drop: registrytest.DropAfterApply}},
		{"tarball deletion", registrytest.Fault{Method: "DELETE", Path: "/pkg/-/", Drop: registrytest.DropAfterApply}},
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
			ios, _, stdout, _ := iostreams.Test()
			client := registry.New(registry.Options{Registry: srv.URL, Credentials: tokenAuth(token), Retries: 2})
			opts := &UnpublishOptions{
				IO: ios, Cwd: home, Spec: "pkg@1.1.0",
				Config:         func() (*config.Config, error) { return cfg, nil },
				RegistryClient: func() (*registry.Client, error) { return client, nil },
			}
			srv.Inject(tt.fault)
			if err := unpublishRun(context.Background(), opts); err != nil {
				t.Fatal(err)
			}
			if stdout.String() != "- pkg@1.1.0\n" {
				t.Errorf("stdout = %q", stdout.String())
			}
			got := srv.Snapshot().Packages["pkg"]
			if !slices.Equal(got.Versions, []string{"1.0.0"}) || !slices.Equal(got.Tarballs, []string{"1.0.0"}) || got.DistTags["latest"] != "1.0.0" {
				t.Errorf("after unpublish: %+v; want only 1.0.0 left, tarball included", got)
			}
		})
	}
}
