package pkgspec

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// ManifestError explains why file (a package.json) could not be decoded
// into a JSON object, in words and with a line number, instead of Go's
// decoder messages.
func ManifestError(file string, data []byte, err error) error {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case len(bytes.TrimSpace(data)) == 0:
		return fmt.Errorf("%s is empty: it must hold a JSON object such as {\"name\": \"my-pkg\", \"version\": \"1.0.0\"}", file)
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF),
		errors.As(err, &syntax) && syntax.Offset >= int64(len(data)):
		return fmt.Errorf("%s is not valid JSON: it ends before the object is complete; fix the file", file)
	case errors.As(err, &syntax):
		line, col := position(data, syntax.Offset)
		return fmt.Errorf("%s is not valid JSON: %s at line %d, column %d; fix the file", file, syntax.Error(), line, col)
	case errors.As(err, &typ) && typ.Field == "":
		return fmt.Errorf("%s must hold a JSON object, not %s; fix the file", file, article(typ.Value))
	case errors.As(err, &typ):
		return fmt.Errorf("%q in %s must be a %s, not %s; fix the file", typ.Field, file, typ.Type.Kind(), article(typ.Value))
	}
	return fmt.Errorf("%s is not valid JSON: %v; fix the file", file, err)
}

// position turns a byte offset into a 1-based line and column.
func position(data []byte, offset int64) (line, col int) {
	if offset > int64(len(data)) {
		offset = int64(len(data))
	}
	before := data[:offset]
	line = bytes.Count(before, []byte("\n")) + 1
	col = int(offset) - bytes.LastIndexByte(before, '\n') - 1
	return line, col
}

func article(jsonType string) string {
	switch jsonType {
	case "array", "object":
		return "an " + jsonType
	case "":
		return "that"
	}
	return "a " + jsonType
}
