package registry

import (
	"fmt"
	"io"
	"net/http"
	"strings"
)

// Reply bodies are read into memory, so each kind has a cap: a registry
// that sends more is cut off with TooLargeError (an error reply is cut
// short instead, keeping its status). The caps are generous for what a
// registry really sends; packuments of packages with thousands of
// versions reach tens of MiB, so they get the largest.
const (
	MaxErrorBody     int64 = 1 << 20   // error replies (status >= 400)
	MaxWhoamiBody    int64 = 64 << 10  // GET -/whoami
	MaxJSONBody      int64 = 32 << 20  // any other document
	MaxPackumentBody int64 = 256 << 20 // GET <package>: a packument
)

// TooLargeError is a reply body over its cap.
type TooLargeError struct {
	Method, URL string
	Kind        string
	Limit       int64
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("the reply to %s %s is larger than %s, the most gonpm reads for %s: the registry is misbehaving, or the URL is not a registry",
		e.Method, e.URL, formatBytes(e.Limit), e.Kind)
}

// replyLimit is the cap for the reply to r and what it is called.
func replyLimit(r *Request) (int64, string) {
	path := strings.TrimLeft(r.Path, "/")
	absolute := strings.HasPrefix(r.Path, "http://") || strings.HasPrefix(r.Path, "https://")
	switch {
	case r.MaxBody > 0:
		return r.MaxBody, "this reply"
	case !absolute && strings.HasPrefix(path, "-/whoami"):
		return MaxWhoamiBody, "a whoami reply"
	case !absolute && isRead(r.Method) && path != "" && !strings.HasPrefix(path, "-/"):
		return MaxPackumentBody, "a packument"
	}
	return MaxJSONBody, "a registry document"
}

// readCapped reads at most limit bytes of body. over is set when the body
// holds more; memory never exceeds limit plus one read's worth.
func readCapped(resp *http.Response, limit int64) (data []byte, over bool, err error) {
	if resp.ContentLength > limit {
		return nil, true, nil
	}
	data, err = io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if int64(len(data)) > limit {
		return data[:limit], true, nil
	}
	return data, false, err
}

func formatBytes(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
