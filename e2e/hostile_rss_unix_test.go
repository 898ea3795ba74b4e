//go:build linux

package e2e

import (
	"os"
	"syscall"
)

// peakMemoryKiB is the process's peak resident memory (Linux reports
// KiB).
func peakMemoryKiB(ps *os.ProcessState) int64 {
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		return int64(ru.Maxrss)
	}
	return 0
}
