package sigstoretest

import (
	"bytes"
	stdcontext "context"
	"crypto"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/url"
	"time"

	"github.com/cyberphone/json-canonicalization/go/src/webpki.org/jsoncanonicalizer"
	"github.com/go-openapi/runtime"
	"github.com/sigstore/rekor/pkg/generated/models"
	"github.com/sigstore/rekor/pkg/types"
	_ "github.com/sigstore/rekor/pkg/types/dsse/v0.0.1" // the entry kind npm and gonpm write
	"github.com/sigstore/rekor/pkg/util"
	"github.com/sigstore/sigstore-go/pkg/tlog"
	"github.com/sigstore/sigstore/pkg/signature"
)

// treeID names the stand-in's log in its checkpoints.
const treeID = 1

// logID is the log's key ID: the SHA-256 of its public key.
func (s *Sigstore) logID() ([]byte, error) {
	der, err := x509.MarshalPKIXPublicKey(s.rekorKey.Public())
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(der)
	return sum[:], nil
}

// serveRekor answers POST /api/v1/log/entries as Rekor v1 does: the
// proposed entry is validated (for dsse, its signatures are verified
// against the given certificate) and canonicalised with Rekor's types,
// appended to the tree, and returned with its signed entry timestamp and
// an inclusion proof against a signed checkpoint.
func (s *Sigstore) serveRekor(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.URL.Path != "/api/v1/log/entries" {
		rekorError(w, http.StatusNotFound, "not found")
		return
	}
	pe, err := models.UnmarshalProposedEntry(http.MaxBytesReader(w, r.Body, 4<<20), runtime.JSONConsumer())
	if err != nil {
		rekorError(w, http.StatusBadRequest, err.Error())
		return
	}
	entry, err := types.CreateVersionedEntry(pe)
	if err != nil {
		rekorError(w, http.StatusBadRequest, err.Error())
		return
	}
	canon, err := types.CanonicalizeEntry(r.Context(), entry)
	if err != nil {
		rekorError(w, http.StatusBadRequest, err.Error())
		return
	}
	anon, uuid, err := s.append(canon)
	if err != nil {
		rekorError(w, http.StatusInternalServerError, err.Error())
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("ETag", uuid)
	w.Header().Set("Location", "/api/v1/log/entries/"+uuid)
	w.WriteHeader(http.StatusCreated)
	_ = json.NewEncoder(w).Encode(map[string]models.LogEntryAnon{uuid: *anon})
}

// append adds the canonical entry body to the log.
func (s *Sigstore) append(canon []byte) (*models.LogEntryAnon, string, error) {
	signer, err := signature.LoadECDSASignerVerifier(s.rekorKey, crypto.SHA256)
	if err != nil {
		return nil, "", err
	}
	rawID, err := s.logID()
	if err != nil {
		return nil, "", err
	}
	logID := hex.EncodeToString(rawID)

	s.mu.Lock()
	s.rekorRequests++
	s.tree.AppendData(canon)
	size := s.tree.Size()
	index := int64(size - 1)
	rootHash := s.tree.Hash()
	path, err := s.tree.InclusionProof(uint64(index), size)
	s.mu.Unlock()
	if err != nil {
		return nil, "", err
	}

	body := base64.StdEncoding.EncodeToString(canon)
	integrated := time.Now().Unix()
	// The signed entry timestamp signs the canonical JSON of these four.
	payload, err := json.Marshal(tlog.RekorPayload{Body: body, IntegratedTime: integrated, LogIndex: index, LogID: logID})
	if err != nil {
		return nil, "", err
	}
	canonical, err := jsoncanonicalizer.Transform(payload)
	if err != nil {
		return nil, "", err
	}
	set, err := signer.SignMessage(bytes.NewReader(canonical))
	if err != nil {
		return nil, "", err
	}
	host := "rekor.localhost"
	if u, err := url.Parse(s.RekorURL); err == nil && u.Host != "" {
		host = u.Host
	}
	checkpoint, err := util.CreateAndSignCheckpoint(stdcontext.Background(), host, treeID, size, rootHash, signer)
	if err != nil {
		return nil, "", err
	}
	hashes := make([]string, len(path))
	for i, h := range path {
		hashes[i] = hex.EncodeToString(h)
	}
	rootHex, treeSize, cp := hex.EncodeToString(rootHash), int64(size), string(checkpoint)
	proofIndex := index
	leaf := sha256.Sum256(append([]byte{0}, canon...))
	return &models.LogEntryAnon{
		Body:           body,
		IntegratedTime: &integrated,
		LogID:          &logID,
		LogIndex:       &index,
		Verification: &models.LogEntryAnonVerification{
			SignedEntryTimestamp: set,
			InclusionProof: &models.InclusionProof{
				LogIndex: &proofIndex, TreeSize: &treeSize, RootHash: &rootHex, Hashes: hashes, Checkpoint: &cp,
			},
		},
	}, hex.EncodeToString(leaf[:]), nil
}

func rekorError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"code": status, "message": msg})
}
