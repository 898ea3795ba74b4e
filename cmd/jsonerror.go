package cmd

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"syscall"

	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/registry"
)

// jsonError is npm's shape for an error under --json. npm prints it on
// stdout beside the error lines on stderr, so a script that parses stdout
// always gets JSON, success or failure.
type jsonError struct {
	Error struct {
		Code    *string `json:"code"`
		Summary string  `json:"summary"`
		Detail  string  `json:"detail"`
	} `json:"error"`
}

// printJSONError writes err as npm's {"error":{code,summary,detail}}
// object. summary and detail are the one-line message gonpm prints on
// stderr, split where the hint starts, with secrets already masked.
func printJSONError(w io.Writer, err error, summary, detail string) {
	var out jsonError
	out.Error.Code = errorCode(err)
	out.Error.Summary = summary
	out.Error.Detail = detail
	// npm prints "<" and ">" as they are (usage lines quote "<pkg>").
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	enc.Encode(out)
}

// errorCode is the code npm reports for the same failure, or nil when npm
// would have none.
func errorCode(err error) *string {
	code := ""
	var httpErr *registry.HTTPError
	var otpErr *registry.OTPError
	var needAuth *registry.NeedAuthError
	var flagErr *cmdutil.FlagError
	switch {
	case errors.As(err, &otpErr):
		code = "EOTP"
	case errors.As(err, &needAuth):
		code = "ENEEDAUTH"
	case errors.As(err, &flagErr) || isCobraUsage(err):
		code = "EUSAGE"
	case errors.As(err, &httpErr):
		code = httpErr.Code
		if code == "" || !strings.HasPrefix(code, "E") {
			code = fmt.Sprintf("E%d", httpErr.StatusCode)
		}
	case errors.Is(err, syscall.ECONNREFUSED):
		code = "ECONNREFUSED"
	case errors.Is(err, syscall.ECONNRESET):
		code = "ECONNRESET"
	default:
		return nil
	}
	return &code
}
