package provenance

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"

	"github.com/gonpm/gonpm/internal/sigstoretest"
	"github.com/sigstore/sigstore-go/pkg/root"
)

const digestHex = "313c0f1bd1e94b7d2fc2d0d8c1cd1f8f1c4ecbf1e6d83b8a3d62d2a8a1b51d0a313c0f1bd1e94b7d2fc2d0d8c1cd1f8f1c4ecbf1e6d83b8a3d62d2a8a1b51d0a"

// signed returns a bundle gonpm made for @scope/pkg@1.2.0 through the
// stand-ins, and the trusted root that verifies it.
func signed(t *testing.T) ([]byte, root.TrustedMaterial, *sigstoretest.Sigstore) {
	t.Helper()
	ss := startedSigstore(t)
	bundle := ss.sign(t)
	tr, err := ss.settings.LoadTrustedRoot()
	if err != nil {
		t.Fatal(err)
	}
	return bundle, tr, ss.Sigstore
}

type testSigstore struct {
	*sigstoretest.Sigstore
	rootPath string
	settings Settings
}

func startedSigstore(t *testing.T) *testSigstore {
	t.Helper()
	ss := sigstoretest.Start(t)
	path, err := ss.WriteTrustedRoot(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return &testSigstore{ss, path, Settings{FulcioURL: ss.FulcioURL, RekorURL: ss.RekorURL, TrustedRoot: path}}
}

// sign signs the A.2 statement for @scope/pkg@1.2.0.
func (ss *testSigstore) sign(t *testing.T) []byte {
	t.Helper()
	stmt, err := Statement(GitHubActions, getenvFrom(githubEnv), "@scope/pkg", "1.2.0", digestHex)
	if err != nil {
		t.Fatal(err)
	}
	s, err := Sign(context.Background(), ss.settings, stmt, sigstoretest.IDToken(githubClaims))
	if err != nil {
		t.Fatal(err)
	}
	return s.Bundle
}

func TestSignThenVerify(t *testing.T) {
	bundle, tr, ss := signed(t)
	if f, r := ss.Requests(); f != 1 || r != 1 {
		t.Errorf("Fulcio and Rekor requests: %d, %d; want 1 each", f, r)
	}
	var shape struct {
		MediaType            string `json:"mediaType"`
		VerificationMaterial struct {
			Certificate *struct{ RawBytes string } `json:"certificate"`
			TlogEntries []struct {
				KindVersion struct{ Kind, Version string } `json:"kindVersion"`
				LogIndex    string                         `json:"logIndex"`
			} `json:"tlogEntries"`
		} `json:"verificationMaterial"`
		DSSEEnvelope struct {
			PayloadType string `json:"payloadType"`
			Signatures  []map[string]string
		} `json:"dsseEnvelope"`
	}
	if err := json.Unmarshal(bundle, &shape); err != nil {
		t.Fatal(err)
	}
	vm := shape.VerificationMaterial
	if shape.MediaType != BundleMediaType || vm.Certificate == nil || len(vm.TlogEntries) != 1 ||
		vm.TlogEntries[0].KindVersion.Kind != "dsse" || vm.TlogEntries[0].KindVersion.Version != "0.0.1" ||
		shape.DSSEEnvelope.PayloadType != PayloadType || len(shape.DSSEEnvelope.Signatures) != 1 {
		t.Errorf("bundle is not shaped like npm's: %s", bundle)
	}
	if _, ok := shape.DSSEEnvelope.Signatures[0]["keyid"]; ok {
		t.Errorf("signature has a keyid; npm's has none")
	}

	a, err := Verify(bundle, tr, Expect{Name: "@scope/pkg", Version: "1.2.0", SHA512Hex: digestHex})
	if err != nil {
		t.Fatal(err)
	}
	want := Attestation{
		PredicateType: SLSAv1, Subject: "pkg:npm/%40scope/pkg@1.2.0", Repository: "https://github.com/octo/repo",
		Commit: "deadbeef", Ref: "refs/heads/main", Workflow: ".github/workflows/publish.yml",
		Builder: "https://github.com/actions/runner/github-hosted", Invocation: "https://github.com/octo/repo/actions/runs/42/attempts/1",
		Issuer: "https://token.actions.githubusercontent.com", Identity: "https://github.com/octo/repo/.github/workflows/publish.yml@refs/heads/main",
		LogIndex: a.LogIndex, SignedAt: a.SignedAt,
	}
	if *a != want {
		t.Errorf("attestation\n got %+v\nwant %+v", *a, want)
	}
	if a.LogIndex != 0 || a.SignedAt.IsZero() { // the first entry of a new log
		t.Errorf("log entry not recorded: %+v", a)
	}
}

func TestVerifyRefuses(t *testing.T) {
	bundle, tr, _ := signed(t)
	other := sigstoretest.Start(t)
	otherPath, _ := other.WriteTrustedRoot(t.TempDir())
	otherRoot, err := Settings{TrustedRoot: otherPath}.LoadTrustedRoot()
	if err != nil {
		t.Fatal(err)
	}
	// A statement whose payload was swapped after signing.
	var raw map[string]any
	_ = json.Unmarshal(bundle, &raw)
	env := raw["dsseEnvelope"].(map[string]any)
	payload, _ := base64.StdEncoding.DecodeString(env["payload"].(string))
	env["payload"] = base64.StdEncoding.EncodeToString([]byte(strings.Replace(string(payload), "deadbeef", "deadbeee", 1)))
	tampered, _ := json.Marshal(raw)

	good := Expect{Name: "@scope/pkg", Version: "1.2.0", SHA512Hex: digestHex}
	for _, tc := range []struct {
		name   string
		bundle []byte
		root   root.TrustedMaterial
		expect Expect
		want   string
	}{
		{"another package", bundle, tr, Expect{Name: "@scope/other", Version: "1.2.0", SHA512Hex: digestHex}, "Provenance subject pkg:npm/%40scope/pkg@1.2.0 does not match the package: pkg:npm/%40scope/other@1.2.0"},
		{"another version", bundle, tr, Expect{Name: "@scope/pkg", Version: "1.2.1", SHA512Hex: digestHex}, "does not match the package: pkg:npm/%40scope/pkg@1.2.1"},
		{"another tarball", bundle, tr, Expect{Name: "@scope/pkg", Version: "1.2.0", SHA512Hex: strings.Repeat("0", 128)}, "Provenance subject digest does not match the package"},
		{"another trusted root", bundle, otherRoot, good, "does not verify"},
		{"payload changed after signing", tampered, tr, good, "does not verify"},
		{"not JSON", []byte("{"), tr, good, "Invalid provenance provided"},
		{"no envelope", []byte(`{"mediaType":"x"}`), tr, good, "No dsseEnvelope with payload found in sigstore bundle"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Verify(tc.bundle, tc.root, tc.expect)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want it to contain %q", err, tc.want)
			}
		})
	}
}
