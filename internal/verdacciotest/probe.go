package verdacciotest

import (
	"context"
	"crypto/rand"
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
)

// probeUser is a user written into each instance's htpasswd file before it
// starts. Asking the server who it is proves that the process answering on
// the port is this instance and not another one that won the same port.
type probeUser struct {
	name     string
	password string
}

func newProbeUser() probeUser {
	return probeUser{name: "verdacciotest-probe-" + randomHex(6), password: randomHex(16)}
}

// htpasswdLine uses the {SHA} scheme: Verdaccio accepts it and, unlike
// bcrypt, checking it costs nothing.
func (p probeUser) htpasswdLine() string {
	sum := sha1.Sum([]byte(p.password))
	return fmt.Sprintf("%s:{SHA}%s:autocreated by verdacciotest\n", p.name, base64.StdEncoding.EncodeToString(sum[:]))
}

// isServedBy reports whether the registry at baseURL knows the probe user.
func (p probeUser) isServedBy(ctx context.Context, client *http.Client, baseURL string) (bool, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, baseURL+"-/whoami", nil)
	if err != nil {
		return false, err
	}
	req.SetBasicAuth(p.name, p.password)
	resp, err := client.Do(req)
	if err != nil {
		return false, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return false, nil
	}
	var who struct {
		Username string `json:"username"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&who); err != nil {
		return false, fmt.Errorf("decoding whoami: %w", err)
	}
	return who.Username == p.name, nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	return hex.EncodeToString(b)
}
