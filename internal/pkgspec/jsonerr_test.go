package pkgspec

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestManifestError(t *testing.T) {
	tests := []struct{ data, want string }{
		{`{"name":"x",`, "ends before the object is complete"},
		{"{\n  \"name\": \"x\"\n  \"version\": \"1.0.0\"\n}", "at line 3, column 3"},
		{`[1, 2]`, "must hold a JSON object, not an array"},
		{`"pkg"`, "must hold a JSON object, not a string"},
		{"  \n", "is empty"},
	}
	for _, tt := range tests {
		var m map[string]any
		err := json.Unmarshal([]byte(tt.data), &m)
		if err == nil {
			t.Fatalf("%q decoded", tt.data)
		}
		got := ManifestError("package.json", []byte(tt.data), err).Error()
		if !strings.Contains(got, tt.want) || strings.Contains(got, "Go value") || strings.Contains(got, "\n") {
			t.Errorf("%q: %q, want it to say %q", tt.data, got, tt.want)
		}
	}
}
