package cmd

import (
	"encoding/json"
	"runtime"
	"runtime/debug"
	"strings"
)

// Version, Commit and BuildDate describe the build. scripts/release.sh sets
// them with -ldflags "-X github.com/gonpm/gonpm/cmd.Version=1.2.3 ..."; a
// plain go build leaves them empty and currentBuild falls back to what the
// Go toolchain recorded.
var (
	Version   string
	Commit    string
	BuildDate string
)

// devVersion is the version of a build that knows nothing better.
const devVersion = "0.0.0-dev"

// buildInfo is what `gonpm --version --json` prints.
type buildInfo struct {
	Version   string `json:"version"`
	Commit    string `json:"commit,omitempty"`
	BuildDate string `json:"buildDate,omitempty"`
	GoVersion string `json:"goVersion"`
	Platform  string `json:"platform"`
}

// currentBuild returns the stamped version, else the module version and VCS
// settings the toolchain records (go install module@v1.2.3 records v1.2.3,
// a build in a checkout a pseudo-version from the commit), else devVersion.
func currentBuild() buildInfo {
	b := buildInfo{
		Version:   Version,
		Commit:    Commit,
		BuildDate: BuildDate,
		GoVersion: runtime.Version(),
		Platform:  runtime.GOOS + "/" + runtime.GOARCH,
	}
	if info, ok := debug.ReadBuildInfo(); ok {
		if b.Version == "" && info.Main.Version != "" && info.Main.Version != "(devel)" {
			b.Version = strings.TrimPrefix(info.Main.Version, "v")
		}
		for _, s := range info.Settings {
			switch {
			case s.Key == "vcs.revision" && b.Commit == "":
				b.Commit = s.Value
			case s.Key == "vcs.time" && b.BuildDate == "":
				b.BuildDate = s.Value
			}
		}
	}
	if b.Version == "" {
		b.Version = devVersion
	}
	return b
}

// versionTemplate prints the version alone, or the build as JSON with
// --json; the JSON text is kept in the root command's annotations.
const versionTemplate = `{{if eq (.Flags.Lookup "json").Value.String "true"}}{{index .Annotations "versionJSON"}}{{else}}{{.Version}}{{end}}
`

func versionJSON(b buildInfo) string {
	raw, _ := json.MarshalIndent(b, "", "  ")
	return string(raw)
}
