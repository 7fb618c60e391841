package backend

import (
	"encoding/binary"
	"errors"
	"io"
	"time"
)

// RetryPolicy says how a send whose provider call failed with a passing
// error (network, 5xx, 429: a Go error from Provider.Send) is retried. The
// outbox entry stays in the store meanwhile, with its attempt count and
// next attempt time, so a retry survives a restart. A provider's own
// refusal of the message (a failed SendResult with an error code) is final
// and never retried, and so is an error that says Permanent() == true.
type RetryPolicy struct {
	// Base is the wait before the first retry; each retry doubles it.
	// Default 2 s.
	Base time.Duration
	// Max caps one wait. Default 10 min.
	Max time.Duration
	// GiveUpAfter is how long after the first attempt the send is marked
	// failed instead of retried. Default 24 h.
	GiveUpAfter time.Duration
	// MaxAttempts is how many provider calls (and lookups) are made at most.
	// Default 200 (GiveUpAfter ends it first with the default waits).
	MaxAttempts int
	// After waits for d; default time.After. Tests inject one that fires at
	// once (and records d) so retries need no real waiting.
	After func(d time.Duration) <-chan time.Time
}

func (p RetryPolicy) withDefaults() RetryPolicy {
	if p.Base <= 0 {
		p.Base = 2 * time.Second
	}
	if p.Max <= 0 {
		p.Max = 10 * time.Minute
	}
	if p.Max < p.Base {
		p.Max = p.Base
	}
	if p.GiveUpAfter <= 0 {
		p.GiveUpAfter = 24 * time.Hour
	}
	if p.MaxAttempts <= 0 {
		p.MaxAttempts = 200
	}
	if p.After == nil {
		p.After = time.After
	}
	return p
}

// delay is the wait after the attempt-th failed attempt (1-based):
// exponential, capped, with "equal jitter" (half fixed, half random) so
// that sends failed by one outage do not all come back at the same moment,
// yet never retry sooner than half the nominal wait. u is uniform in [0, 1).
func (p RetryPolicy) delay(attempt int, u float64) time.Duration {
	d := p.Base
	for i := 1; i < attempt && d < p.Max; i++ {
		d *= 2
	}
	d = min(d, p.Max)
	half := d / 2
	return half + time.Duration(u*float64(d-half))
}

// giveUp reports whether a send first tried at first, tried attempts times,
// is to be failed rather than retried at now.
func (p RetryPolicy) giveUp(attempts int, first, now time.Time) bool {
	return attempts >= p.MaxAttempts || (!first.IsZero() && now.Sub(first) >= p.GiveUpAfter)
}

// permanent reports whether err says retrying cannot help (an error in its
// chain with Permanent() == true).
func permanent(err error) bool {
	var p interface{ Permanent() bool }
	return errors.As(err, &p) && p.Permanent()
}

// uniform is a number in [0, 1) from the service's injected random source.
func (s *Service) uniform() float64 {
	var b [8]byte
	s.randMu.Lock()
	_, err := io.ReadFull(s.rand, b[:])
	s.randMu.Unlock()
	if err != nil {
		return 0.5
	}
	return float64(binary.BigEndian.Uint64(b[:])>>11) / (1 << 53)
}
