package registry

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
)

// BadReplyError is a registry answer gonpm could not read: an HTML page,
// a cut-off body, or JSON of the wrong shape. Its message says which, in
// words, instead of the JSON decoder's.
type BadReplyError struct {
	URL  string
	Err  error
	html bool
}

// BadReply wraps the error of decoding body, the reply from url.
func BadReply(url string, body []byte, err error) error {
	trimmed := bytes.TrimSpace(body)
	return &BadReplyError{URL: url, Err: err, html: len(trimmed) > 0 && trimmed[0] == '<'}
}

func (e *BadReplyError) Error() string {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case e.html:
		return fmt.Sprintf("the registry sent an HTML page instead of JSON (%s): check the registry URL; a proxy or a login page may be answering instead of the registry", e.URL)
	case errors.Is(e.Err, io.ErrUnexpectedEOF), errors.As(e.Err, &syntax) && syntax.Error() == "unexpected end of JSON input":
		return fmt.Sprintf("the registry's reply was cut short (%s): run the command again", e.URL)
	case errors.As(e.Err, &typ):
		where := "the reply"
		if typ.Field != "" {
			where = fmt.Sprintf("%q in the reply", typ.Field)
		}
		return fmt.Sprintf("the registry's reply has the wrong shape (%s): %s is %s, want %s; check that the registry URL points at an npm registry", e.URL, where, withArticle(typ.Value), withArticle(jsonKind(typ.Type)))
	}
	return fmt.Sprintf("the registry sent a reply that is not valid JSON (%s): %v; check the registry URL", e.URL, e.Err)
}

func (e *BadReplyError) Unwrap() error { return e.Err }

func jsonKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Map, reflect.Struct:
		return "object"
	case reflect.Slice, reflect.Array:
		return "array"
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return "number"
	}
	return t.String()
}

func withArticle(kind string) string {
	switch kind {
	case "array", "object":
		return "an " + kind
	}
	return "a " + kind
}
