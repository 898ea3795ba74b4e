package staging

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/jsonobject"
	"github.com/gonpm/gonpm/internal/registry"
	"github.com/gonpm/gonpm/internal/registrytest"
)

func TestItemLines(t *testing.T) {
	tests := []struct {
		name string
		json string
		want string
	}{
		{"npm's order and labels, whatever the reply's order",
			`{"shasum":"abc","version":"1.0.0","actor":"ann","actorType":"user","id":"i","packageName":"p","tag":"latest","createdAt":"2026-01-01T00:00:00Z"}`,
			"id: i\npackage name: p\nversion: 1.0.0\ntag: latest\ndate staged: 2026-01-01T00:00:00Z\nstaged by: ann (user)\nshasum: abc"},
		{"no actor type, nulls left out, other fields after under their names",
			`{"id":"i","extra":[1,"a",null],"actor":"ann","tag":null,"obj":{"a":1},"n":1e21,"flag":false}`,
			"id: i\nstaged by: ann\nextra: 1,a,\nobj: [object Object]\nn: 1e+21\nflag: false"},
		{"control characters from the registry are shown escaped",
			`{"id":"i","packageName":"p\u001b[2Jx","note":"a\nb"}`,
			`id: i` + "\n" + `package name: p\x1b[2Jx` + "\n" + `note: a\nb`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, err := jsonobject.Parse([]byte(tt.json))
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(Item{o}.Lines(), "\n"); got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

func tgz(t *testing.T, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	for _, path := range sortedKeys(files) {
		tw.WriteHeader(&tar.Header{Name: "package/" + path, Mode: 0o644, Size: int64(len(files[path])), Typeflag: tar.TypeReg})
		tw.Write([]byte(files[path]))
	}
	tw.Close()
	gz.Close()
	return buf.Bytes()
}

func sortedKeys(m map[string]string) []string {
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	for i := range keys {
		for j := i + 1; j < len(keys); j++ {
			if keys[j] < keys[i] {
				keys[i], keys[j] = keys[j], keys[i]
			}
		}
	}
	return keys
}

func TestCompare(t *testing.T) {
	pj := `{"name":"p","version":"1.0.0"}`
	base, err := ReadTarball(tgz(t, map[string]string{"package.json": pj, "index.js": "a", "old.js": "gone", "same.txt": "s"}))
	if err != nil {
		t.Fatal(err)
	}
	staged, err := ReadTarball(tgz(t, map[string]string{"package.json": pj, "index.js": "b", "new.js": "fresh", "same.txt": "s"}))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		base *Tarball
		want string
	}{
		{"against latest", base, "index.js changed 1→1; new.js added 0→5; old.js removed 4→0; package.json unchanged 30→30; same.txt unchanged 1→1"},
		{"new package", nil, "index.js added 0→1; new.js added 0→5; package.json added 0→30; same.txt added 0→1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var parts []string
			for _, c := range Compare(tt.base, staged) {
				parts = append(parts, fmt.Sprintf("%s %s %d→%d", c.Path, c.Kind, c.OldSize, c.NewSize))
			}
			if got := strings.Join(parts, "; "); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestReadTarballNeedsPackageJSON(t *testing.T) {
	_, err := ReadTarball(tgz(t, map[string]string{"index.js": "x"}))
	if err == nil || err.Error() != "Could not read package.json from tarball" {
		t.Fatalf("err = %v, want npm's message", err)
	}
	if _, err := ReadTarball([]byte("not gzip")); err == nil {
		t.Fatal("a non-gzip download was accepted")
	}
}

func TestSmallHelpers(t *testing.T) {
	for _, tt := range []struct{ got, want string }{
		{DownloadFilename("@scope/pkg", "1.0.0", "id"), "scope-pkg-1.0.0-id.tgz"},
		{DownloadFilename("pkg", "2.0.0-rc.1", "id"), "pkg-2.0.0-rc.1-id.tgz"},
		{FormatSize(999), "999B"},
		{FormatSize(1234), "1.2kB"},
		{FormatSize(3_400_000), "3.4MB"},
		{fmt.Sprint(ValidID("0f3c2a1b-1234-4abc-8def-0123456789AB")), "true"},
		{fmt.Sprint(ValidID("0f3c2a1b-1234-4abc-8def-0123456789")), "false"},
		{fmt.Sprint(ValidID("../../-/whoami")), "false"},
	} {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

// clientFor logs user in on srv with token.
func clientFor(t *testing.T, srv *registrytest.Server, token string) *Client {
	t.Helper()
	return clientWithOTP(t, srv, token, "")
}

// clientWithOTP is clientFor with a one-time password given up front.
func clientWithOTP(t *testing.T, srv *registrytest.Server, token, otp string) *Client {
	t.Helper()
	home := t.TempDir()
	host := strings.TrimSuffix(strings.TrimPrefix(srv.URL, "http://"), "/")
	cfg, err := config.Load(config.LoadOptions{Cwd: home, Home: home, Env: []string{
		"HOME=" + home, "NPM_CONFIG_REGISTRY=" + srv.URL, "NPM_CONFIG_//" + host + "/:_authToken=" + token,
	}})
	if err != nil {
		t.Fatal(err)
	}
	reg, _ := cfg.Registry()
	return &Client{HTTP: registry.New(registry.Options{Registry: reg, Credentials: cfg, UserAgent: "test", OTP: otp})}
}

func TestListFollowsPages(t *testing.T) {
	srv := registrytest.New(t)
	token := srv.AddUser("ann", "ann-password", "ann@example.com")
	for i := 0; i < 2*PerPage+3; i++ {
		srv.StageVersion("ann", "p", fmt.Sprintf("1.0.%d", i), "latest", nil)
	}
	srv.StageVersion("ann", "q", "1.0.0", "latest", nil)
	c := clientFor(t, srv, token)
	all, err := c.List(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	only, err := c.List(context.Background(), "q")
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 2*PerPage+4 || len(only) != 1 || (Item{only[0]}).Package() != "q" {
		t.Fatalf("listed %d and %d items, want %d and 1", len(all), len(only), 2*PerPage+4)
	}
	pages := 0
	for _, r := range srv.Requests() {
		if strings.HasPrefix(r.Path, "/-/stage?") && !strings.Contains(r.Path, "package=") {
			pages++
		}
	}
	if pages != 3 {
		t.Errorf("fetched %d pages, want 3", pages)
	}
}

func TestReviewComparesWithLatest(t *testing.T) {
	srv := registrytest.New(t)
	token := srv.AddUser("ann", "ann-password", "ann@example.com")
	srv.AddPackage("ann", "p", "1.0.0")
	id := srv.StageVersion("ann", "p", "1.1.0", "next", map[string]string{"lib/new.js": "hello"})
	newID := srv.StageVersion("ann", "brand-new", "0.1.0", "latest", nil)
	c := clientFor(t, srv, token)

	r, err := c.Review(context.Background(), id, nil)
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	WriteReview(&out, r)
	for _, want := range []string{"Staged p@1.1.0 (id " + id + ")", "tag:       next", "staged by: ann (user) on ", "files compared with p@1.0.0 on latest:", "+ 5B        lib/new.js", "~ ", "index.js (was ", "1 added, 0 removed, 2 changed, 0 unchanged"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("review lacks %q:\n%s", want, out.String())
		}
	}
	r, err = c.Review(context.Background(), newID, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r.LatestVersion != "" || len(r.Changes) != 2 || r.Changes[0].Kind != Added {
		t.Errorf("review of a new package: latest %q, changes %+v", r.LatestVersion, r.Changes)
	}
}

// A packument whose latest tarball lives on another host is not followed:
// the review lists the staged files without comparing them.
func TestReviewDoesNotFollowTarballsElsewhere(t *testing.T) {
	id := "0f3c2a1b-1234-4abc-8def-0123456789ab"
	staged := tgz(t, map[string]string{"package.json": `{"name":"p","version":"1.1.0"}`, "index.js": "x"})
	var paths []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		paths = append(paths, r.URL.Path)
		switch r.URL.Path {
		case "/-/stage/" + id:
			fmt.Fprintf(w, `{"id":%q,"packageName":"p","version":"1.1.0","tag":"latest"}`, id)
		case "/-/stage/" + id + "/tarball":
			w.Write(staged)
		case "/p":
			fmt.Fprint(w, `{"dist-tags":{"latest":"1.0.0"},"versions":{"1.0.0":{"dist":{"tarball":"http://127.0.0.1:1/p/-/p-1.0.0.tgz"}}}}`)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	c := &Client{HTTP: registry.New(registry.Options{Registry: srv.URL + "/", UserAgent: "test", OTP: "123456"})}
	r, err := c.Review(context.Background(), id, nil)
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	WriteReview(&out, r)
	if r.NotCompared == "" || !strings.Contains(out.String(), "not compared with p@1.0.0 on latest") || !strings.Contains(out.String(), "1B        index.js") {
		t.Errorf("review:\n%s", out.String())
	}
	if len(paths) != 3 {
		t.Errorf("requests %v, want the record, the staged tarball and the packument only", paths)
	}
}

// An approval whose answer is lost is settled by reading the registry.
func TestApproveWithALostAnswer(t *testing.T) {
	tests := []struct {
		name    string
		fault   registrytest.Fault
		wantErr bool
	}{
		{"connection dropped after the registry published", registrytest.Fault{Drop: registrytest.DropAfterApply}, false},
		{"502 after the registry published", registrytest.Fault{Status: 502, ApplyFirst: true}, false},
		{"connection dropped before", registrytest.Fault{Drop: registrytest.DropBeforeResponse}, true},
		{"500 without publishing", registrytest.Fault{Status: 500}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := registrytest.New(t)
			token := srv.AddUser("ann", "ann-password", "ann@example.com")
			secret, _ := srv.EnableTFA("ann", registrytest.ModeAuthAndWrites)
			srv.AddPackage("ann", "p", "1.0.0")
			id := srv.StageVersion("ann", "p", "1.1.0", "latest", nil)
			f := tt.fault
			f.Method, f.Path = "POST", "/-/stage/"+id+"/approve"
			srv.Inject(f)
			err := clientWithOTP(t, srv, token, srv.TOTP(secret, time.Now())).Approve(context.Background(), id)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %t", err, tt.wantErr)
			}
			if published := srv.DistTags("p")["latest"] == "1.1.0"; published == tt.wantErr {
				t.Errorf("published = %t, but Approve said error=%v", published, err)
			}
		})
	}
}

// A rejection whose answer is lost is settled by reading the registry.
func TestRejectWithALostAnswer(t *testing.T) {
	tests := []struct {
		name    string
		fault   registrytest.Fault
		wantErr bool
	}{
		{"connection dropped after the registry deleted", registrytest.Fault{Drop: registrytest.DropAfterApply}, false},
		{"503 after the registry deleted", registrytest.Fault{Status: 503, ApplyFirst: true}, false},
		{"connection dropped before", registrytest.Fault{Drop: registrytest.DropBeforeResponse}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := registrytest.New(t)
			token := srv.AddUser("ann", "ann-password", "ann@example.com")
			secret, _ := srv.EnableTFA("ann", registrytest.ModeAuthAndWrites)
			srv.AddPackage("ann", "p", "1.0.0")
			id := srv.StageVersion("ann", "p", "1.1.0", "latest", nil)
			f := tt.fault
			f.Method, f.Path = "DELETE", "/-/stage/"+id
			srv.Inject(f)
			err := clientWithOTP(t, srv, token, srv.TOTP(secret, time.Now())).Reject(context.Background(), id)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %t", err, tt.wantErr)
			}
			if gone := len(srv.StagedVersions("p")) == 0; gone == tt.wantErr {
				t.Errorf("record gone = %t, but Reject said error=%v", gone, err)
			}
		})
	}
}
