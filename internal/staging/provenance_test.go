package staging

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/gonpm/gonpm/internal/provenance"
	"github.com/gonpm/gonpm/internal/registry"
	"github.com/gonpm/gonpm/internal/registrytest"
	"github.com/gonpm/gonpm/internal/sigstoretest"
	"github.com/sigstore/sigstore-go/pkg/root"
)

// githubJob and githubClaims are a simulated GitHub Actions job.
var githubJob = map[string]string{
	"GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "octo/repo", "GITHUB_SHA": "deadbeef",
	"GITHUB_REF": "refs/heads/main", "GITHUB_WORKFLOW_REF": "octo/repo/.github/workflows/release.yml@refs/heads/main",
	"RUNNER_ENVIRONMENT": "github-hosted", "GITHUB_RUN_ID": "7", "GITHUB_RUN_ATTEMPT": "1",
}

var githubClaims = map[string]any{
	"iss": "https://token.actions.githubusercontent.com", "sub": "repo:octo/repo:ref:refs/heads/main",
	"repository": "octo/repo", "job_workflow_ref": "octo/repo/.github/workflows/release.yml@refs/heads/main",
	"sha": "deadbeef", "ref": "refs/heads/main",
}

// signer signs name@version's statement with the Sigstore stand-ins ss;
// digest overrides the tarball's sha512 when not "".
func signer(ss *sigstoretest.Sigstore, name, version, digest string) func(string) ([]byte, error) {
	return func(sha512Hex string) ([]byte, error) {
		if digest != "" {
			sha512Hex = digest
		}
		stmt, err := provenance.Statement(provenance.GitHubActions, func(k string) string { return githubJob[k] }, name, version, sha512Hex)
		if err != nil {
			return nil, err
		}
		s, err := provenance.Sign(context.Background(), provenance.Settings{FulcioURL: ss.FulcioURL, RekorURL: ss.RekorURL}, stmt, sigstoretest.IDToken(githubClaims))
		if err != nil {
			return nil, err
		}
		return s.Bundle, nil
	}
}

// verifierFor trusts ss's root and counts how often it was loaded.
func verifierFor(t *testing.T, ss *sigstoretest.Sigstore, loads *int) *Verifier {
	t.Helper()
	path, err := ss.WriteTrustedRoot(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return &Verifier{
		Name: "the trusted root " + path,
		Root: sync.OnceValues(func() (root.TrustedMaterial, error) {
			*loads++
			return root.NewTrustedRootFromPath(path)
		}),
	}
}

// The review verifies a staged version's provenance against the trusted
// root, for the staged tarball: verified (and what it attests), none, or
// not verified and why, in one line.
func TestReviewShowsProvenance(t *testing.T) {
	ss, other := sigstoretest.Start(t), sigstoretest.Start(t)
	srv := registrytest.New(t)
	token := srv.AddUser("ann", "ann-password", "ann@example.com")
	srv.AddPackage("ann", "p", "1.0.0")
	stage := func(version string, sign func(string) ([]byte, error)) string {
		id, err := srv.StageVersionWithProvenance("ann", "p", version, "latest", sign)
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	tests := []struct {
		name     string
		id       string
		present  bool
		verified bool
		lines    []string
	}{
		{"verified", stage("1.1.0", signer(ss, "p", "1.1.0", "")), true, true, []string{
			"  provenance: verified against the trusted root ",
			"    source repository: https://github.com/octo/repo\n",
			"    commit:            deadbeef\n",
			"    workflow:          .github/workflows/release.yml (refs/heads/main)\n",
			"    builder:           https://github.com/actions/runner/github-hosted\n",
		}},
		{"none", srv.StageVersion("ann", "p", "1.2.0", "latest", nil), false, false, []string{
			"  provenance: no provenance (nothing signed says where this version was built)\n",
		}},
		{"signed by another Sigstore", stage("1.3.0", signer(other, "p", "1.3.0", "")), true, false, []string{
			"  provenance: NOT VERIFIED against the trusted root ",
			": the provenance bundle does not verify: ",
		}},
		{"for another tarball", stage("1.4.0", signer(ss, "p", "1.4.0", strings.Repeat("ab", 64))), true, false, []string{
			": Provenance subject digest does not match the package\n",
		}},
		{"for another version", stage("1.5.0", signer(ss, "p", "9.9.9", "")), true, false, []string{
			": Provenance subject pkg:npm/p@9.9.9 does not match the package: pkg:npm/p@1.5.0\n",
		}},
	}
	c := clientFor(t, srv, token)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			loads := 0
			r, err := c.Review(context.Background(), tt.id, verifierFor(t, ss, &loads))
			if err != nil {
				t.Fatal(err)
			}
			p := r.Provenance
			if p == nil || p.Present != tt.present || p.Verified != tt.verified || (tt.verified && len(p.Attestations) != 1) || (tt.present && !tt.verified && p.Error == "") {
				t.Fatalf("provenance = %+v, want present %t verified %t", p, tt.present, tt.verified)
			}
			if wantLoads := map[bool]int{true: 1, false: 0}[tt.present]; loads != wantLoads {
				t.Errorf("trusted root loaded %d times, want %d", loads, wantLoads)
			}
			var out strings.Builder
			WriteReview(&out, r)
			for _, want := range tt.lines {
				if !strings.Contains(out.String(), want) {
					t.Errorf("review lacks %q:\n%s", want, out.String())
				}
			}
			if n := strings.Count(out.String(), "provenance:"); n != 1 {
				t.Errorf("%d provenance lines:\n%s", n, out.String())
			}
		})
	}
}

// The attestations URL is the registry's text: only its path is used, on
// the registry (as npm reads dist.attestations.url), so the request and
// its credentials never go to another host.
func TestProvenanceURLStaysOnTheRegistry(t *testing.T) {
	id := "0f3c2a1b-1234-4abc-8def-0123456789ab"
	staged := tgz(t, map[string]string{"package.json": `{"name":"p","version":"1.1.0"}`, "index.js": "x"})
	var paths []string
	var mu sync.Mutex
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		paths = append(paths, r.URL.Path)
		mu.Unlock()
		switch r.URL.Path {
		case "/-/stage/" + id:
			fmt.Fprintf(w, `{"id":%q,"packageName":"p","version":"1.1.0","attestations":{"url":"http://elsewhere.invalid/steal/this"}}`, id)
		case "/-/stage/" + id + "/tarball":
			w.Write(staged)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	c := &Client{HTTP: registry.New(registry.Options{Registry: srv.URL + "/", UserAgent: "test"})}
	rec, err := c.View(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	loads := 0
	p := c.Provenance(context.Background(), Item{rec}, verifierFor(t, sigstoretest.Start(t), &loads))
	if !p.Present || p.Verified || !strings.Contains(p.Error, "404") {
		t.Errorf("provenance = %+v, want present, not verified, the registry's 404", p)
	}
	if last := paths[len(paths)-1]; last != "/steal/this" {
		t.Errorf("requests %v, want the attestations path asked of the registry", paths)
	}
}
