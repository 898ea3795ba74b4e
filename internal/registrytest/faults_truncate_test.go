package registrytest

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestFaultTruncateAppliesAndCutsTheReply(t *testing.T) {
	srv := New(t)
	tok := srv.AddUser("alice", "pw", "a@example.com")
	srv.AddPackage("alice", "pkg", "1.0.0")
	srv.Inject(Fault{Method: "PUT", Path: "/-/package/pkg/dist-tags/", Truncate: true})
	req, _ := http.NewRequest("PUT", srv.URL+"-/package/pkg/dist-tags/next", strings.NewReader(`"1.0.0"`))
	req.Header.Set("Authorization", "Bearer "+tok)
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("want the status line and headers, got %v", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/json" {
		t.Errorf("status %d, Content-Type %q; want the real answer's", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	got, err := io.ReadAll(resp.Body)
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("reading the body: %v; want it cut off (unexpected EOF)", err)
	}
	if len(got) == 0 || int64(len(got)) >= resp.ContentLength {
		t.Errorf("got %d of %d bytes; want some but not all", len(got), resp.ContentLength)
	}
	if srv.DistTags("pkg")["next"] != "1.0.0" {
		t.Error("the write was not applied before the reply was cut")
	}
}
