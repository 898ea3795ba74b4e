//go:build !unix && !windows

package otpprompt

import (
	"errors"
	"io"
)

func maskedInput(int, io.Reader) (func() (string, error), func(), error) {
	return nil, nil, errors.New("masked input is not supported on this system; pass the value with a flag or environment variable")
}
