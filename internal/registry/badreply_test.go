package registry

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestBadReplyMessages(t *testing.T) {
	type whoami struct {
		Username string `json:"username"`
	}
	tests := []struct {
		name, body string
		into       func() any
		want       string
	}{
		{"html", "\n<!DOCTYPE html><html></html>", func() any { return &map[string]string{} }, "an HTML page instead of JSON"},
		{"cut short", `{"latest": "1.0.`, func() any { return &map[string]string{} }, "reply was cut short"},
		{"array for object", `["latest"]`, func() any { return &map[string]string{} }, "the reply is an array, want an object"},
		{"number for string", `{"username": 42}`, func() any { return &whoami{} }, `"username" in the reply is a number, want a string`},
		{"garbage", `{"a" 1}`, func() any { return &map[string]any{} }, "not valid JSON"},
	}
	for _, tt := range tests {
		err := json.Unmarshal([]byte(tt.body), tt.into())
		if err == nil {
			t.Fatalf("%s: decoded", tt.name)
		}
		got := BadReply("http://127.0.0.1/x", []byte(tt.body), err).Error()
		if !strings.Contains(got, tt.want) || strings.Contains(got, "Go ") {
			t.Errorf("%s: %q, want it to say %q", tt.name, got, tt.want)
		}
	}
}
