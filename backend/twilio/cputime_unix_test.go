//go:build unix

package twilio_test

import (
	"syscall"
	"time"
)

// processCPU is the user+system CPU time this process has used. Benchmarks
// report CPU per message next to wall-clock throughput because the latter
// swings with whatever else runs on a shared 2-core machine.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
