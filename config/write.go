package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/gofrs/flock"
)

// Set writes key=value into the file of a layer (user, project or global),
// keeping every other line and comment. The value is written as given, so
// a ${VAR} reference stays a reference. An empty value deletes the key, as
// in npm.
//
// The file is changed under an exclusive lock on "<file>.lock" and re-read
// under that lock, so concurrent gonpm processes never lose each other's
// changes; it is replaced atomically. The user file is always mode 0600; a
// new project or global file is 0600 too, an existing one keeps its mode.
func (c *Config) Set(layerName, key, value string) error {
	if value == "" {
		return c.Delete(layerName, key)
	}
	return c.edit(layerName, func(lines []string) []string {
		return setLine(lines, key, value)
	})
}

// SetAll sets several keys in one locked write, so either all of them
// are written or none is; an empty value deletes its key.
func (c *Config) SetAll(layerName string, pairs [][2]string) error {
	return c.edit(layerName, func(lines []string) []string {
		for _, kv := range pairs {
			if kv[1] == "" {
				lines = deleteLines(lines, kv[0])
			} else {
				lines = setLine(lines, kv[0], kv[1])
			}
		}
		return lines
	})
}

// Delete removes every line setting key (also key[]= lines) from the file
// of a layer. Deleting a key that is not there is not an error.
func (c *Config) Delete(layerName, key string) error {
	return c.edit(layerName, func(lines []string) []string {
		return deleteLines(lines, key)
	})
}

// SetCredential stores one credential (for example "_authToken") under the
// nerf dart of registryURL.
func (c *Config) SetCredential(layerName, registryURL, name, value string) error {
	nerf := NerfDart(registryURL)
	if nerf == "" {
		return fmt.Errorf("invalid registry URL %q", registryURL)
	}
	return c.Set(layerName, nerf+":"+name, value)
}

// DeleteCredentials removes every credential key stored under the nerf
// dart of registryURL from a layer's file, in one locked write.
func (c *Config) DeleteCredentials(layerName, registryURL string) error {
	nerf := NerfDart(registryURL)
	if nerf == "" {
		return fmt.Errorf("invalid registry URL %q", registryURL)
	}
	return c.edit(layerName, func(lines []string) []string {
		for _, k := range credentialKeys {
			lines = deleteLines(lines, nerf+":"+k)
		}
		return lines
	})
}

// edit runs one locked read-modify-write of a layer's file and reloads the
// layer from what was written.
func (c *Config) edit(layerName string, change func([]string) []string) error {
	l := c.layer(layerName)
	if l == nil || !isFileLayer(layerName) {
		return fmt.Errorf("cannot write %q config: only user, project and global can be written", layerName)
	}
	if l.file == "" {
		return fmt.Errorf("no %s config file to write (set `prefix` or `globalconfig`)", layerName)
	}
	if err := os.MkdirAll(filepath.Dir(l.file), 0o755); err != nil {
		return fmt.Errorf("creating folder for %s config: %w", layerName, err)
	}
	// Write through a symlink (dotfile managers use them) instead of
	// replacing it, and lock what is written: every path to one file
	// shares one lock.
	target := l.file
	if real, err := filepath.EvalSymlinks(target); err == nil {
		target = real
	}
	unlock, err := lockFile(target + ".lock")
	if err != nil {
		return err
	}
	defer unlock()
	removeStaleTemps(target)
	data, mode, err := readForEdit(target, layerName)
	if err != nil {
		return err
	}
	lines := change(splitLines(data))
	out := strings.Join(trimTrailingBlank(lines), "\n")
	if strings.TrimSpace(out) == "" {
		if err := os.Remove(target); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("removing empty %s config: %w", layerName, err)
		}
	} else if err := writeAtomic(target, []byte(out+"\n"), mode, c.beforeRename); err != nil {
		return fmt.Errorf("writing %s config: %w", layerName, err)
	}
	if err := c.readLayer(l); err != nil {
		return err
	}
	if l.name == LayerProject {
		c.ignored = dropUntrusted(l)
	}
	c.rebuild()
	return nil
}

// readForEdit reads a file to change and decides the mode to write it with.
func readForEdit(file, layerName string) (string, os.FileMode, error) {
	mode := os.FileMode(0o600)
	data, err := os.ReadFile(file)
	if errors.Is(err, os.ErrNotExist) {
		return "", mode, nil
	}
	if err != nil {
		return "", 0, fmt.Errorf("reading %s config: %w", layerName, err)
	}
	if layerName != LayerUser {
		if st, err := os.Stat(file); err == nil {
			mode = st.Mode().Perm()
		}
	}
	return string(data), mode, nil
}

func trimTrailingBlank(lines []string) []string {
	for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

// setLine replaces the first top-level line setting key and drops later
// ones (they would win over it), or adds the line before any [section],
// where it would no longer be top-level.
func setLine(lines []string, key, value string) []string {
	newLine := quoteIni(key) + "=" + quoteIni(value)
	parsed := parseLines(strings.Join(lines, "\n"))
	out := make([]string, 0, len(lines)+1)
	done := false
	insertAt := -1
	for i, pl := range parsed {
		if pl.section && insertAt < 0 {
			insertAt = len(out)
		}
		if pl.ok && !pl.inSect && pl.Key == key {
			if !done {
				out = append(out, newLine)
				done = true
			}
			continue
		}
		out = append(out, lines[i])
	}
	if done {
		return out
	}
	if insertAt < 0 {
		return append(trimTrailingBlank(out), newLine)
	}
	out = append(out[:insertAt], append([]string{newLine}, out[insertAt:]...)...)
	return out
}

// deleteLines drops every top-level line setting key.
func deleteLines(lines []string, key string) []string {
	parsed := parseLines(strings.Join(lines, "\n"))
	out := make([]string, 0, len(lines))
	for i, pl := range parsed {
		if pl.ok && !pl.inSect && pl.Key == key {
			continue
		}
		out = append(out, lines[i])
	}
	return out
}

// lockFile takes an exclusive advisory lock on path, creating it, and
// returns the function that releases it. gofrs/flock locks with flock(2)
// on Unix and LockFileEx on Windows. The lock file is left in place:
// removing it would let two processes lock different files.
func lockFile(path string) (func(), error) {
	lock := flock.New(path, flock.SetPermissions(0o600))
	var err error
	for {
		err = lock.Lock()
		// A signal arriving while flock(2) waits interrupts it; wait again.
		if !errors.Is(err, syscall.EINTR) {
			break
		}
	}
	if err != nil {
		return nil, fmt.Errorf("locking config: %w", err)
	}
	return func() { _ = lock.Unlock() }, nil
}

// removeStaleTemps deletes temporary files a killed writer left behind.
// Temporary files are only made under the lock, which the caller holds, so
// any that exist belong to no live process.
func removeStaleTemps(path string) {
	entries, _ := os.ReadDir(filepath.Dir(path))
	prefix := strings.TrimSuffix(tempPattern(path), "*")
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), prefix) && e.Type().IsRegular() {
			_ = os.Remove(filepath.Join(filepath.Dir(path), e.Name()))
		}
	}
}

// tempPattern names writeAtomic's temporary files for path.
func tempPattern(path string) string { return "." + filepath.Base(path) + ".tmp-*" }

// writeAtomic replaces path with data: a temporary file in the same folder
// is written, synced and given its mode, then renamed over path, and the
// folder is synced so the rename survives a crash. beforeRename is called
// with the complete temporary file (tests stop there).
func writeAtomic(path string, data []byte, mode os.FileMode, beforeRename func(tmp string)) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, tempPattern(path))
	if err != nil {
		return err
	}
	committed := false
	defer func() {
		if !committed {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err := tmp.Write(data); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Chmod(mode); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	beforeRename(tmp.Name())
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	committed = true
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
