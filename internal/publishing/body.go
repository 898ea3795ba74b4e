package publishing

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
)

// Document is the publish request body of protocol-publish §2.3. Field
// order follows npm's.
type Document struct {
	ID          string                    `json:"_id"`
	Name        string                    `json:"name"`
	Description any                       `json:"description,omitempty"`
	DistTags    map[string]string         `json:"dist-tags"`
	Versions    map[string]map[string]any `json:"versions"`
	Access      *string                   `json:"access"`
	Attachments map[string]*Attachment    `json:"_attachments"`
}

// Attachment is the tarball inside the document, base64 encoded.
type Attachment struct {
	ContentType string `json:"content_type"`
	Data        string `json:"data"`
	Length      int64  `json:"length"`
}

// dataMarker stands in for the base64 data when the document is encoded
// around it; base64 and JSON never produce it.
const dataMarker = "\x00gonpm-attachment-data\x00"

// StreamedBody is a publish document whose tarball is read from a file
// and base64-encoded while the request is sent, so memory does not grow
// with the package.
type StreamedBody struct {
	prefix, suffix []byte
	tarball        string
	size           int64
}

// NewStreamedBody encodes doc around the tarball file of size bytes: the
// one attachment whose data is left out is the tarball (another, the
// provenance bundle, carries its data).
func NewStreamedBody(doc *Document, tarball string, size int64) (*StreamedBody, error) {
	var tgz []*Attachment
	for _, a := range doc.Attachments {
		if a.Data == "" {
			tgz = append(tgz, a)
		}
	}
	if len(tgz) != 1 {
		return nil, errors.New("a publish document carries exactly one tarball")
	}
	tgz[0].Data = dataMarker
	tgz[0].Length = size
	encoded, err := json.Marshal(doc)
	if err != nil {
		return nil, fmt.Errorf("encoding the publish document: %w", err)
	}
	// json.Marshal escapes the NULs of the marker.
	marker, _ := json.Marshal(dataMarker)
	marker = marker[1 : len(marker)-1]
	i := bytes.LastIndex(encoded, marker)
	if i < 0 {
		return nil, errors.New("encoding the publish document: attachment data not found")
	}
	return &StreamedBody{
		prefix:  encoded[:i],
		suffix:  encoded[i+len(marker):],
		tarball: tarball,
		size:    size,
	}, nil
}

// Len is the exact length of the encoded document.
func (b *StreamedBody) Len() int64 {
	return int64(len(b.prefix)) + int64(base64.StdEncoding.EncodedLen(int(b.size))) + int64(len(b.suffix))
}

// Reader returns a fresh reader of the whole document. The tarball file
// is opened on the first read and closed at its end or by Close.
func (b *StreamedBody) Reader() io.ReadCloser {
	return &bodyReader{body: b, pending: b.prefix}
}

// chunk is how much of the tarball is encoded at a time; a multiple of 3
// so only the last chunk gets base64 padding.
const chunk = 48 * 1024

type bodyReader struct {
	body    *StreamedBody
	stage   int // 0 prefix, 1 tarball, 2 suffix, 3 done
	pending []byte
	file    *os.File
	raw     []byte
	enc     []byte
}

func (r *bodyReader) Read(p []byte) (int, error) {
	for len(r.pending) == 0 {
		if err := r.advance(); err != nil {
			return 0, err
		}
	}
	n := copy(p, r.pending)
	r.pending = r.pending[n:]
	return n, nil
}

// advance fills pending with the next piece of the document.
func (r *bodyReader) advance() error {
	switch r.stage {
	case 0:
		r.stage = 1
		f, err := os.Open(r.body.tarball)
		if err != nil {
			return err
		}
		r.file = f
		r.raw = make([]byte, chunk)
		r.enc = make([]byte, base64.StdEncoding.EncodedLen(chunk))
		return nil
	case 1:
		n, err := io.ReadFull(r.file, r.raw)
		if n > 0 {
			base64.StdEncoding.Encode(r.enc, r.raw[:n])
			r.pending = r.enc[:base64.StdEncoding.EncodedLen(n)]
		}
		switch {
		case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
			r.stage = 2
			return r.Close()
		case err != nil:
			return err
		}
		return nil
	case 2:
		r.stage = 3
		r.pending = r.body.suffix
		return nil
	}
	return io.EOF
}

// Close closes the tarball file if it is open.
func (r *bodyReader) Close() error {
	if r.file == nil {
		return nil
	}
	err := r.file.Close()
	r.file = nil
	return err
}
