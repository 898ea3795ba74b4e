// Package browser opens web pages for approval flows.
package browser

import (
	"fmt"
	"os/exec"
	"runtime"
	"strings"
)

// Browser opens a URL for the user.
type Browser interface {
	Browse(url string) error
}

// System opens URLs with $BROWSER, or the platform's opener.
type System struct {
	Getenv func(string) string
}

// Browse starts the browser without waiting for it.
func (s System) Browse(url string) error {
	var cmd *exec.Cmd
	if b := s.Getenv("BROWSER"); b != "" {
		args := strings.Fields(b)
		cmd = exec.Command(args[0], append(args[1:], url)...)
	} else {
		switch runtime.GOOS {
		case "darwin":
			cmd = exec.Command("open", url)
		case "windows":
			cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
		default:
			cmd = exec.Command("xdg-open", url)
		}
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("opening a browser: %w", err)
	}
	go func() { _ = cmd.Wait() }()
	return nil
}
