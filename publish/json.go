package publish

import (
	"encoding/json"
	"io"
)

// writeJSON prints v indented, as npm prints its --json reports.
func writeJSON(w io.Writer, v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(data, '\n'))
	return err
}
