package sim_test

import (
	"testing"
	"time"

	"smsdesk/backend/sim"
)

func TestManualClockFiresOnlyWhenDue(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	c := sim.NewManualClock(start)
	a, b := c.After(2*time.Second), c.After(5*time.Second)
	select {
	case <-c.After(0):
	default:
		t.Error("After(0) did not fire at once")
	}
	c.Advance(time.Second)
	select {
	case <-a:
		t.Fatal("fired early")
	default:
	}
	c.Advance(time.Second)
	if got := <-a; !got.Equal(start.Add(2 * time.Second)) {
		t.Errorf("fired at %v", got)
	}
	if c.Waiters() != 1 {
		t.Errorf("waiters %d, want 1", c.Waiters())
	}
	c.Advance(10 * time.Second)
	<-b
	if c.Waiters() != 0 || !c.Now().Equal(start.Add(12*time.Second)) {
		t.Errorf("waiters %d now %v", c.Waiters(), c.Now())
	}
}
