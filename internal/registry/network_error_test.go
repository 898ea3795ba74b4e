package registry

import (
	"errors"
	"io"
	"strings"
	"testing"
)

func TestNetworkErrorWords(t *testing.T) {
	tests := []struct {
		method string
		err    error
		want   []string
		not    string
	}{
		{"GET", io.EOF, []string{"request to GET u failed: the connection closed before the registry answered"}, "may have made"},
		{"POST", io.ErrUnexpectedEOF, []string{"connection closed", "the registry may have made the change anyway"}, ""},
		{"PUT", timeoutErr{}, []string{"no answer within the fetch timeout (--fetch-timeout)", "may have made the change"}, ""},
		{"DELETE", errors.New("connection refused"), []string{"failed: connection refused", "may have made"}, ""},
	}
	for _, tt := range tests {
		got := (&NetworkError{Method: tt.method, URL: "u", Err: tt.err}).Error()
		for _, w := range tt.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s %v: %q lacks %q", tt.method, tt.err, got, w)
			}
		}
		if tt.not != "" && strings.Contains(got, tt.not) {
			t.Errorf("%s %v: %q says %q", tt.method, tt.err, got, tt.not)
		}
	}
}

type timeoutErr struct{}

func (timeoutErr) Error() string   { return "net/http: timeout awaiting response headers" }
func (timeoutErr) Timeout() bool   { return true }
func (timeoutErr) Temporary() bool { return true }
