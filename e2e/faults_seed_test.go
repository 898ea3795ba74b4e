package e2e

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gonpm/gonpm/internal/registrytest"
)

// faultUser is the account every fault-matrix command runs as: 2FA for
// writes on, logged in with a token.
const (
	faultUser     = "ann"
	faultPassword = "pw-ann"
)

// seeded is a test registry holding what every write command of the
// fault matrix needs, and a home folder logged in to it.
type seeded struct {
	srv    *registrytest.Server
	home   string
	env    []string
	token  string
	secret string
	// spareKey is the id of a second token of ann's, for token revoke.
	spareKey string
}

func (s *seeded) code() string { return s.srv.TOTP(s.secret, time.Now()) }

// seedFaultRegistry starts a registry with:
//   - users ann (2FA auth-and-writes), bob and carl;
//   - fpkg 1.0.0 and 1.0.1 (latest), dist-tag beta → 1.0.0, owners ann and carl;
//   - @fs/fpkg 1.0.0, public, owner ann;
//   - teams fs:devs (no packages) and fs:ops (read-write on @fs/fpkg);
//   - ann's login token and a second token named "spare";
//   - fpkg 1.0.0 deprecated ("old"), fpkg starred by ann, org fs with ann
//     as owner and bob as developer;
//   - a package folder pkg/ holding fpkg 1.1.0.
//
// Everything is set up through the API before 2FA is turned on.
func seedFaultRegistry(t *testing.T) *seeded {
	t.Helper()
	srv := registrytest.New(t)
	s := &seeded{srv: srv, home: t.TempDir()}
	s.token = srv.AddUser(faultUser, faultPassword, "ann@example.com")
	srv.AddUser("bob", "pw-bob", "bob@example.com")
	srv.AddUser("carl", "pw-carl", "carl@example.com")
	srv.AddPackage(faultUser, "fpkg", "1.0.0", "1.0.1")
	srv.AddPackage(faultUser, "@fs/fpkg", "1.0.0")
	srv.AddTeam("fs", "devs", faultUser)
	srv.AddTeam("fs", "ops", faultUser)

	s.api(t, "PUT", "-/package/fpkg/dist-tags/beta", "1.0.0")
	var doc struct {
		Rev string `json:"_rev"`
	}
	json.Unmarshal(s.api(t, "GET", "fpkg?write=true", nil), &doc)
	s.api(t, "PUT", "fpkg/-rev/"+doc.Rev, map[string]any{"maintainers": []map[string]string{{"name": faultUser}, {"name": "carl"}}})
	s.api(t, "PUT", "-/team/fs/ops/package", map[string]any{"package": "@fs/fpkg", "permissions": "read-write"})
	var spare struct {
		Key string `json:"key"`
	}
	json.Unmarshal(s.api(t, "POST", "-/npm/v1/tokens", map[string]any{"password": faultPassword, "name": "spare"}), &spare)
	s.spareKey = spare.Key
	// For deprecate, star, org and team: fpkg 1.0.0 deprecated, fpkg
	// starred by ann, org fs with ann as owner and bob as developer.
	srv.SetOrgMember("fs", faultUser, "owner")
	srv.SetOrgMember("fs", "bob", "developer")
	var packument map[string]any
	json.Unmarshal(s.api(t, "GET", "fpkg?write=true", nil), &packument)
	packument["versions"].(map[string]any)["1.0.0"].(map[string]any)["deprecated"] = "old"
	s.api(t, "PUT", "fpkg", packument)
	json.Unmarshal(s.api(t, "GET", "fpkg?write=true", nil), &doc)
	s.api(t, "PUT", "fpkg", map[string]any{"_id": "fpkg", "_rev": doc.Rev, "users": map[string]bool{faultUser: true}})
	s.secret, _ = srv.EnableTFA(faultUser, registrytest.ModeAuthAndWrites)
	srv.ResetLog() // the log shows only what the command sends

	host := strings.TrimSuffix(strings.TrimPrefix(srv.URL, "http://"), "/")
	writeFiles(t, s.home, map[string]string{
		".npmrc":           "//" + host + "/:_authToken=" + s.token + "\n",
		"pkg/package.json": `{"name": "fpkg", "version": "1.1.0"}`,
		"pkg/index.js":     "module.exports = 'fpkg 1.1.0';\n",
	})
	if err := os.Chmod(filepath.Join(s.home, ".npmrc"), 0o600); err != nil {
		t.Fatal(err)
	}
	s.env = []string{
		"HOME=" + s.home,
		"PATH=" + os.Getenv("PATH"),
		"TERM=xterm",
		"NPM_CONFIG_REGISTRY=" + srv.URL,
	}
	return s
}

// api sends one setup request as ann and fails the test unless it works.
func (s *seeded) api(t *testing.T, method, path string, body any) []byte {
	t.Helper()
	var r io.Reader
	if body != nil {
		data, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		r = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, s.srv.URL+path, r)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+s.token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("seeding %s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode >= 300 {
		t.Fatalf("seeding %s %s: status %d", method, path, resp.StatusCode)
	}
	return data
}
