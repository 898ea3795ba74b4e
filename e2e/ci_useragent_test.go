package e2e

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"regexp"
	"sync"
	"testing"

	"github.com/gonpm/gonpm/internal/verdacciotest"
)

// uaRecorder is a registry that answers dist-tag reads and remembers the
// user agent of every request.
type uaRecorder struct {
	*httptest.Server
	mu     sync.Mutex
	agents []string
}

func newUARecorder(t *testing.T) *uaRecorder {
	r := &uaRecorder{}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		r.mu.Lock()
		r.agents = append(r.agents, req.Header.Get("User-Agent"))
		r.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"latest":"1.0.0"}`))
	}))
	t.Cleanup(r.Close)
	return r
}

// last returns the user agent of the latest request and forgets them all.
func (r *uaRecorder) last(t *testing.T) string {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.agents) == 0 {
		t.Fatal("no request reached the registry")
	}
	ua := r.agents[len(r.agents)-1]
	r.agents = nil
	return ua
}

// ciToken is the " ci/…" part of a user agent, or "" without one.
var ciToken = regexp.MustCompile(` (ci/\S+)$`)

func ciPart(ua string) string {
	if m := ciToken.FindStringSubmatch(ua); m != nil {
		return m[1]
	}
	return ""
}

// TestUserAgentNamesTheCIAsNpmDoes: the same environment, the same
// request, through npm and gonpm; the "ci/<name>" each sends must match.
func TestUserAgentNamesTheCIAsNpmDoes(t *testing.T) {
	verdacciotest.NpmPath(t) // skips without npm
	reg := newUARecorder(t)
	envs := []struct {
		name string
		env  []string
		want string // what npm is expected to send, to catch both drifting together
	}{
		{"GitHub-hosted runner", []string{"GITHUB_ACTIONS=true", "GITHUB_SERVER_URL=https://github.com", "RUNNER_ENVIRONMENT=github-hosted"}, "ci/github-actions/dotcom-hosted"},
		{"GitHub Enterprise Server", []string{"GITHUB_ACTIONS=true", "GITHUB_SERVER_URL=https://git.example.test"}, "ci/github-actions/ghes"},
		{"GitLab", []string{"GITLAB_CI=true", "CI=true"}, "ci/gitlab-ci"},
		{"a name with three words", []string{"EAS_BUILD=1"}, "ci/expo-application-services"},
		{"Jenkins", []string{"JENKINS_URL=http://127.0.0.1:1/", "BUILD_ID=9"}, "ci/jenkins"},
		{"Codeship by CI_NAME", []string{"CI_NAME=codeship"}, "ci/codeship"},
		{"Vercel", []string{"VERCEL=1"}, "ci/vercel"},
		{"CI=true alone", []string{"CI=true"}, ""},
		{"CI=false wins", []string{"CI=false", "GITHUB_ACTIONS=true"}, ""},
	}
	for _, tc := range envs {
		t.Run(tc.name, func(t *testing.T) {
			home := t.TempDir()
			npmEnvironment := append(npmEnv(t, home, reg.URL), tc.env...)
			if _, stderr, err := verdacciotest.RunNpm(t, npmEnvironment, home, "dist-tag", "ls", "some-pkg", "--registry", reg.URL); err != nil {
				t.Fatalf("npm dist-tag ls: %v\n%s", err, stderr)
			}
			npmCI := ciPart(reg.last(t))

			ctx, cancel := context.WithTimeout(context.Background(), writeHangGuard)
			defer cancel()
			cmd := exec.CommandContext(ctx, gonpmBinary(t), "dist-tag", "ls", "some-pkg", "--registry", reg.URL)
			cmd.Env, cmd.Dir = append(scopingEnv(home), tc.env...), home
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("gonpm dist-tag ls: %v\n%s", err, out)
			}
			gonpmCI := ciPart(reg.last(t))

			if gonpmCI != npmCI {
				t.Errorf("npm sent %q, gonpm sent %q", npmCI, gonpmCI)
			}
			if npmCI != tc.want {
				t.Errorf("npm sent %q, the test expected %q", npmCI, tc.want)
			}
		})
	}
}
