package owner

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/iostreams"
	"github.com/gonpm/gonpm/internal/logger"
	"github.com/gonpm/gonpm/internal/registry"
	"github.com/gonpm/gonpm/internal/registrytest"
)

// When the answer to the maintainers write is lost, the client sends it
// again with the old _rev and gets 409; reading the package again shows
// the change made. The command reports it done, as it is, instead of
// warning that there was nothing to do.
func TestChangeWhoseAnswerWasLost(t *testing.T) {
	tests := []struct {
		coOwner    string // added before the change, when set
		args       []string
		change     change
		wantOut    string
		wantOwners []string
	}{
		{"", []string{"ben", "pkg"}, add, "+ ben (pkg)\n", []string{"ann", "ben"}},
		{"cat", []string{"cat", "pkg"}, remove, "- cat (pkg)\n", []string{"ann"}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			srv := registrytest.New(t)
			token := srv.AddUser("ann", "pw", "ann@example.com")
			srv.AddUser("ben", "pw", "ben@example.com")
			srv.AddUser("cat", "pw", "cat@example.com")
			srv.AddPackage("ann", "pkg", "1.0.0")
			home := t.TempDir()
			cfg, err := config.Load(config.LoadOptions{Cwd: home, Home: home, Env: []string{"NPM_CONFIG_REGISTRY=" + srv.URL, "NPM_CONFIG_GLOBALCONFIG=" + filepath.Join(home, "g")}})
			if err != nil {
				t.Fatal(err)
			}
			client := registry.New(registry.Options{Registry: srv.URL, Credentials: fixedToken(token), Retries: 2})
			ios, _, stdout, stderr := iostreams.Test()
			opts := &ChangeOptions{
				IO:             ios,
				Config:         func() (*config.Config, error) { return cfg, nil },
				RegistryClient: func() (*registry.Client, error) { return client, nil },
				Logger:         func() *logger.Logger { return logger.New(stderr, logger.Notice, nil) },
				Cwd:            home,
			}
			if tt.coOwner != "" {
				opts.Change, opts.User, opts.Package = add, tt.coOwner, "pkg"
				if err := changeRun(context.Background(), opts); err != nil {
					t.Fatal(err)
				}
				stdout.Reset()
			}
			opts.Change, opts.User, opts.Package = tt.change, tt.args[0], tt.args[1]
			srv.Inject(registrytest.Fault{Method: "PUT", Path: "/pkg/-rev/", Drop: registrytest.DropAfterApply})
			if err := changeRun(context.Background(), opts); err != nil {
				t.Fatal(err)
			}
			if stdout.String() != tt.wantOut {
				t.Errorf("stdout = %q, want %q", stdout.String(), tt.wantOut)
			}
			if strings.Contains(stderr.String(), "warn") {
				t.Errorf("stderr = %q, want no warning", stderr.String())
			}
			if got := srv.Maintainers("pkg"); !slices.Equal(got, tt.wantOwners) {
				t.Errorf("owners = %v, want %v", got, tt.wantOwners)
			}
		})
	}
}

type fixedToken string

func (f fixedToken) AuthFor(string, string) *config.Auth { return &config.Auth{Token: string(f)} }
