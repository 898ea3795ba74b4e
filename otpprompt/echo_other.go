//go:build !unix

package otpprompt

import "errors"

func disableEcho(fd int) (func(), error) {
	return nil, errors.New("masked input is not supported on this system; pass the value with a flag or environment variable")
}
