package registrytest

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// state is everything the registry knows. It is serialised as JSON when the
// server has a data directory, so every field is exported to encoding/json.
type state struct {
	// TrustConfigs are the trusted-publisher configurations by package.
	TrustConfigs map[string]*trustRecord `json:"trustConfigs,omitempty"`

	Users    map[string]*user  `json:"users"`
	Tokens   map[string]*token `json:"tokens"` // by full token value
	Packages map[string]*pkg   `json:"packages"`
	Orgs     map[string]*org   `json:"orgs"`
	// Trusted maps a package to the OIDC ID tokens allowed to publish it.
	Trusted map[string][]string `json:"trusted,omitempty"`
	// Staged holds staged versions by stage id (stage.go).
	Staged map[string]*stagedVersion `json:"staged,omitempty"`
}

func newState() *state {
	return &state{
		Users:    map[string]*user{},
		Tokens:   map[string]*token{},
		Packages: map[string]*pkg{},
		Orgs:     map[string]*org{},
	}
}

type user struct {
	Name          string    `json:"name"`
	Email         string    `json:"email"`
	EmailVerified bool      `json:"emailVerified"`
	PasswordSalt  string    `json:"passwordSalt"`
	PasswordHash  string    `json:"passwordHash"`
	Created       time.Time `json:"created"`
	Updated       time.Time `json:"updated"`
	Rev           int       `json:"rev"`
	Fullname      string    `json:"fullname,omitempty"`
	Homepage      string    `json:"homepage,omitempty"`
	Freenode      string    `json:"freenode,omitempty"`
	Twitter       string    `json:"twitter,omitempty"`
	Github        string    `json:"github,omitempty"`
	TFA           tfaState  `json:"tfa"`
}

// tfaState is a user's two-factor enrolment. Mode is empty when 2FA is off;
// while Pending the secret has been handed out but not confirmed.
type tfaState struct {
	Mode     string         `json:"mode,omitempty"`
	Pending  bool           `json:"pending,omitempty"`
	Secret   string         `json:"secret,omitempty"`
	Recovery []recoveryCode `json:"recovery,omitempty"`
}

type recoveryCode struct {
	Code string `json:"code"`
	Used bool   `json:"used"`
}

func (u *user) tfaEnabled() bool { return u.TFA.Mode != "" && !u.TFA.Pending }

func (u *user) tfaMode() string {
	switch {
	case u.TFA.Mode == "":
		return ""
	case u.TFA.Pending:
		return "pending"
	default:
		return u.TFA.Mode
	}
}

func (u *user) setPassword(password string) {
	u.PasswordSalt = randomHex(8)
	u.PasswordHash = hashPassword(u.PasswordSalt, password)
}

func (u *user) checkPassword(password string) bool {
	got := hashPassword(u.PasswordSalt, password)
	return subtle.ConstantTimeCompare([]byte(got), []byte(u.PasswordHash)) == 1
}

// couchRev is the CouchDB-style revision of the user document.
func (u *user) couchRev() string {
	sum := sha256.Sum256([]byte(fmt.Sprintf("%s\x00%d", u.Name, u.Rev)))
	return fmt.Sprintf("%d-%s", u.Rev+1, hex.EncodeToString(sum[:8]))
}

// hashPassword keeps plain passwords out of the saved state file.
func hashPassword(salt, password string) string {
	sum := sha256.Sum256([]byte(salt + "\x00" + password))
	return hex.EncodeToString(sum[:])
}

type token struct {
	Token       string     `json:"token"`
	Key         string     `json:"key"`
	User        string     `json:"user"`
	Created     time.Time  `json:"created"`
	Expires     *time.Time `json:"expires,omitempty"`
	Readonly    bool       `json:"readonly"`
	CIDR        []string   `json:"cidrWhitelist,omitempty"`
	Name        string     `json:"name,omitempty"`
	Description string     `json:"description,omitempty"`
	Bypass2FA   bool       `json:"bypass2fa,omitempty"`
	// TrustedPublishing marks a short-lived token from an OIDC exchange:
	// it may publish its one package without a second factor.
	TrustedPublishing bool     `json:"trustedPublishing,omitempty"`
	Packages          []string `json:"packages,omitempty"`
	PackagesAll       bool     `json:"packagesAll,omitempty"`
	Scopes            []string `json:"scopes,omitempty"`
	Orgs              []string `json:"orgs,omitempty"`
	// PackagesPermission is "read-only", "read-write" or "no-access"; empty
	// means a classic (non-granular) token.
	PackagesPermission string `json:"packagesPermission,omitempty"`
	OrgsPermission     string `json:"orgsPermission,omitempty"`
}

type pkg struct {
	Name        string                    `json:"name"`
	RevN        int                       `json:"revN"`
	Rev         string                    `json:"rev"`
	DistTags    map[string]string         `json:"distTags"`
	Versions    map[string]map[string]any `json:"versions"`
	Time        map[string]string         `json:"time"`
	Maintainers []string                  `json:"maintainers"`
	// Access is "public" or "restricted".
	Access                 string            `json:"access"`
	PublishRequiresTFA     bool              `json:"publishRequiresTfa,omitempty"`
	AutomationOverridesTFA bool              `json:"automationOverridesTfa,omitempty"`
	Tarballs               map[string][]byte `json:"tarballs"` // by version
	// Published remembers every version ever published: the registry never
	// accepts a version number twice, even after an unpublish.
	Published map[string]bool `json:"published"`
	// Meta holds the package-level fields taken from the latest publish
	// (description, readme, …).
	Meta map[string]any `json:"meta,omitempty"`
	// Attestations are the provenance bundles, by version.
	Attestations map[string]*attestation `json:"attestations,omitempty"`
	// Stars is who starred the package (the packument's users).
	Stars map[string]bool `json:"stars,omitempty"`
}

func (p *pkg) bumpRev() {
	p.RevN++
	p.Rev = fmt.Sprintf("%d-%s", p.RevN, randomHex(16))
}

func (p *pkg) isMaintainer(name string) bool {
	for _, m := range p.Maintainers {
		if m == name {
			return true
		}
	}
	return false
}

type org struct {
	Name  string           `json:"name"`
	Teams map[string]*team `json:"teams"`
	// Members maps a user to their role: owner, admin or developer.
	Members map[string]string `json:"members,omitempty"`
}

type team struct {
	Name    string   `json:"name"`
	Members []string `json:"members"`
	// Packages maps a package name to "read" or "write".
	Packages map[string]string `json:"packages"`
}

func (t *team) hasMember(name string) bool {
	for _, m := range t.Members {
		if m == name {
			return true
		}
	}
	return false
}

const stateFile = "registry-state.json"

func loadState(dir string) (*state, error) {
	data, err := os.ReadFile(filepath.Join(dir, stateFile))
	if os.IsNotExist(err) {
		return newState(), nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading registry state: %w", err)
	}
	st := newState()
	if err := json.Unmarshal(data, st); err != nil {
		return nil, fmt.Errorf("parsing registry state: %w", err)
	}
	return st, nil
}

// save writes the state atomically (temp file + rename) with owner-only
// permissions, because it holds TOTP secrets and tokens.
func (st *state) save(dir string) error {
	data, err := json.Marshal(st)
	if err != nil {
		return fmt.Errorf("encoding registry state: %w", err)
	}
	tmp, err := os.CreateTemp(dir, stateFile+".*")
	if err != nil {
		return fmt.Errorf("saving registry state: %w", err)
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return fmt.Errorf("saving registry state: %w", err)
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("saving registry state: %w", err)
	}
	if err := os.Rename(tmp.Name(), filepath.Join(dir, stateFile)); err != nil {
		return fmt.Errorf("saving registry state: %w", err)
	}
	return nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return hex.EncodeToString(b)
}
