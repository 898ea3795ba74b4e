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

// ownPeakMemoryKiB is the test process's own peak resident memory. Linux
// starts a child by vfork, and the child's reported peak keeps the parent's
// high-water mark from before exec: under -race the test binary's 150+ MiB
// then shows up as the child's peak, whatever the child did.
func ownPeakMemoryKiB() int64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return int64(ru.Maxrss)
}
