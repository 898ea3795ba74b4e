package trustpub

import (
	"fmt"
	"io"
	"strings"

	"github.com/gonpm/gonpm/internal/jsonobject"
	"github.com/gonpm/gonpm/internal/termsafe"
)

// Printer writes trust output exactly as npm 11.19 does (without colour):
// dialogue lines and blocks of "key: value" lines, or with JSON pretty
// objects (several documents, one per configuration, as npm prints them).
type Printer struct {
	Out  io.Writer
	JSON bool
}

// Dialogue writes a line of npm's conversation; JSON mode leaves it out.
func (p Printer) Dialogue(format string, args ...any) {
	if !p.JSON {
		fmt.Fprintf(p.Out, format+"\n", args...)
	}
}

// Request shows what is about to be created: a blank line, the values
// with their "(from package.json)" notes, the web pages, a blank line.
func (p Printer) Request(r *Request) error {
	fields, urls := r.Fields()
	if p.JSON {
		return p.object(fields, r.Permissions)
	}
	var b strings.Builder
	b.WriteString("\n")
	for _, f := range fields {
		b.WriteString(f.Key + ": " + display(f.Value))
		if f.Source != "" {
			b.WriteString(" (from " + f.Source + ")")
		}
		b.WriteString("\n")
	}
	if line := PermissionLabels(r.Permissions); line != "" {
		b.WriteString("permissions: " + line + "\n")
	}
	if len(urls) > 0 {
		b.WriteString("\n")
		for _, u := range urls {
			b.WriteString(safe(u) + "\n")
		}
	}
	b.WriteString("\n")
	_, err := io.WriteString(p.Out, b.String())
	return err
}

// Configs shows configurations the registry returned, or npm's line for
// none (which JSON mode leaves out).
func (p Printer) Configs(pkg string, configs []Config) error {
	if len(configs) == 0 {
		p.Dialogue("No trust configurations found for package (%s)", pkg)
		return nil
	}
	for _, c := range configs {
		fmt.Fprintln(p.Out)
		fields := c.Fields()
		if p.JSON {
			if err := p.object(fields, c.Permissions); err != nil {
				return err
			}
			continue
		}
		var b strings.Builder
		// npm puts type before id, whatever the order of the values.
		for _, key := range []string{"type", "id"} {
			for _, f := range fields {
				if f.Key == key {
					b.WriteString(key + ": " + display(f.Value) + "\n")
				}
			}
		}
		for _, f := range fields {
			if f.Key != "type" && f.Key != "id" {
				b.WriteString(f.Key + ": " + display(f.Value) + "\n")
			}
		}
		if line := PermissionLabels(c.Permissions); line != "" {
			b.WriteString("permissions: " + safe(line) + "\n")
		}
		if _, err := io.WriteString(p.Out, b.String()); err != nil {
			return err
		}
	}
	_, err := fmt.Fprintln(p.Out)
	return err
}

// object writes the fields and permissions as one pretty JSON object;
// permissions is left out when nil, as npm leaves out an absent one.
func (p Printer) object(fields []Field, permissions []string) error {
	var o jsonobject.Object
	for _, f := range fields {
		o.Set(f.Key, jsonobject.Raw(f.Value))
	}
	if permissions != nil {
		o.Set("permissions", jsonobject.Raw(permissions))
	}
	data, err := jsonobject.Indent(&o)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(p.Out, "%s\n", data)
	return err
}

// display is a value as npm prints it: lists joined with commas, as
// JavaScript turns an array into text; made terminal-safe.
func display(v any) string {
	switch v := v.(type) {
	case []string:
		return safe(strings.Join(v, ","))
	case string:
		return safe(v)
	}
	return safe(fmt.Sprint(v))
}

// safe is Safe, short for the printers here.
func safe(s string) string { return Safe(s) }

// Safe escapes control characters, so text from a registry or a project
// folder cannot move the cursor or recolour the terminal: termsafe.Line,
// the one helper every command uses.
func Safe(s string) string { return termsafe.Line(s) }
