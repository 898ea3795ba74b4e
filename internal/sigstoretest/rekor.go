package sigstoretest

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"time"

	"github.com/go-openapi/runtime"
	"github.com/sigstore/rekor/pkg/generated/models"
	"github.com/sigstore/rekor/pkg/types"
	_ "github.com/sigstore/rekor/pkg/types/dsse/v0.0.1" // the entry kind npm and gonpm write
	"github.com/sigstore/sigstore-go/pkg/tlog"
)

// serveRekor answers POST /api/v1/log/entries as Rekor v1 does: the
// proposed entry is validated (for dsse, its signatures are verified
// against the given certificate), canonicalised, and returned with a
// signed entry timestamp and an inclusion proof in a one-leaf tree.
func (s *Sigstore) serveRekor(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.URL.Path != "/api/v1/log/entries" {
		rekorError(w, http.StatusNotFound, "not found")
		return
	}
	s.mu.Lock()
	s.rekorRequests++
	s.mu.Unlock()
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
	logID, err := s.virtual.RekorLogID()
	if err != nil {
		rekorError(w, http.StatusInternalServerError, err.Error())
		return
	}
	s.mu.Lock()
	index := s.logIndex
	s.logIndex++
	s.mu.Unlock()
	body := base64.StdEncoding.EncodeToString(canon)
	integrated := time.Now().Unix()
	set, err := s.virtual.RekorSignPayload(tlog.RekorPayload{Body: body, IntegratedTime: integrated, LogIndex: index, LogID: logID})
	if err != nil {
		rekorError(w, http.StatusInternalServerError, err.Error())
		return
	}
	proof, err := s.virtual.GetInclusionProof(canon)
	if err != nil {
		rekorError(w, http.StatusInternalServerError, err.Error())
		return
	}
	leaf := sha256.Sum256(append([]byte{0}, canon...))
	uuid := hex.EncodeToString(leaf[:])
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("ETag", uuid)
	w.Header().Set("Location", "/api/v1/log/entries/"+uuid)
	w.WriteHeader(http.StatusCreated)
	_ = json.NewEncoder(w).Encode(map[string]models.LogEntryAnon{uuid: {
		Body:           body,
		IntegratedTime: &integrated,
		LogID:          &logID,
		LogIndex:       &index,
		Verification:   &models.LogEntryAnonVerification{SignedEntryTimestamp: set, InclusionProof: proof},
	}})
}

func rekorError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"code": status, "message": msg})
}
