package cmdutil

import (
	"fmt"
	"io"

	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/jsonobject"
)

// OutputFormat is how a command prints its result, as npm decides it from
// the json, parseable and loglevel settings.
type OutputFormat int

const (
	FormatHuman OutputFormat = iota
	FormatParseable
	FormatJSON
	// FormatSilent prints no result (--loglevel=silent), as npm.
	FormatSilent
)

// OutputFormatOf reads the format from the configuration: --json wins
// over --parseable, and both over --loglevel=silent.
func OutputFormatOf(cfg *config.Config) OutputFormat {
	switch {
	case cfg.Bool("json"):
		return FormatJSON
	case cfg.Bool("parseable"):
		return FormatParseable
	case cfg.Get("loglevel") == "silent":
		return FormatSilent
	}
	return FormatHuman
}

// PrintJSON prints v as npm's JSON.stringify(v, null, 2) and a newline.
func PrintJSON(w io.Writer, v any) error {
	data, err := jsonobject.Indent(v)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", data)
	return err
}
