//go:build !linux

package e2e

import "os"

// peakMemoryKiB is unknown here (macOS reports bytes, Windows nothing
// comparable): the memory check is skipped.
func peakMemoryKiB(*os.ProcessState) int64 { return 0 }

func ownPeakMemoryKiB() int64 { return 0 }
