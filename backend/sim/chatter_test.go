package sim_test

import (
	"context"
	"math/rand/v2"
	"testing"
	"time"

	"smsdesk/backend/sim"
)

// untilNext waits for the one pending timer and returns how far ahead of
// the clock it fires.
func untilNext(t *testing.T, f *fixture) time.Duration {
	t.Helper()
	f.advance(t, 1, 0)
	d := f.clock.Deadlines()
	if len(d) != 1 {
		t.Fatalf("%d pending timers, want 1", len(d))
	}
	return d[0].Sub(f.clock.Now())
}

// Customers write on their own, one every MinGap to MaxGap on the clock,
// for as long as the provider runs, each to the business number Who gave.
func TestChatterWritesOnItsOwnWithinItsGaps(t *testing.T) {
	pairs := []sim.Pair{{Customer: customer, Business: biz}, {Customer: silent, Business: biz}}
	f := newFixture(t, func(c *sim.Config) {
		c.Chatter = &sim.Chatter{
			MinGap: 20 * time.Second, MaxGap: 90 * time.Second,
			Who: func(context.Context) ([]sim.Pair, error) { return pairs, nil },
			Say: func(r *rand.Rand, cust, business string) string { return "hello from " + cust },
		}
	})
	gaps := map[time.Duration]bool{}
	from := map[string]int{}
	for range 30 {
		gap := untilNext(t, f)
		f.clock.Advance(gap)
		if gap < 20*time.Second || gap > 90*time.Second {
			t.Fatalf("a spontaneous message came %v after the previous one, want 20 to 90 s", gap)
		}
		gaps[gap] = true
		e := f.rec.next(t)
		if e.sms == nil || e.sms.To != biz || e.sms.Body != "hello from "+e.sms.From || !sidPattern.MatchString(e.sms.ProviderID) {
			t.Fatalf("spontaneous message %+v", e)
		}
		from[e.sms.From]++
	}
	if len(gaps) < 5 || from[customer] == 0 || from[silent] == 0 {
		t.Errorf("gaps %v and senders %v: the chatter is not random", gaps, from)
	}
}

// Nobody may write (all opted out, say): the chatter skips its turn and
// keeps going.
func TestChatterSkipsATurnWithNobodyToWrite(t *testing.T) {
	calls := 0
	f := newFixture(t, func(c *sim.Config) {
		c.Chatter = &sim.Chatter{
			MinGap: 30 * time.Second, MaxGap: 30 * time.Second,
			Who: func(context.Context) ([]sim.Pair, error) {
				calls++
				if calls == 1 {
					return nil, nil
				}
				return []sim.Pair{{Customer: customer, Business: biz}}, nil
			},
			Say: func(*rand.Rand, string, string) string { return "back again" },
		}
	})
	f.advance(t, 1, 30*time.Second)
	f.advance(t, 1, 30*time.Second)
	if e := f.rec.next(t); e.sms == nil || e.sms.Body != "back again" {
		t.Fatalf("second turn %+v", e)
	}
}

// Two messages sent to one customer milliseconds apart are not answered
// milliseconds apart: the second answer waits for the first and comes
// ReplySpacing to twice that after it, on the clock.
func TestRepliesOfOneCustomerAreSpacedLikeAPerson(t *testing.T) {
	f := newFixture(t, func(c *sim.Config) { c.ReplySpacing = 4 * time.Second })
	f.send(t, customer, "first")
	f.send(t, customer, "second")
	f.advance(t, 2, time.Second)
	f.rec.nextStatus(t)
	f.rec.nextStatus(t)
	f.advance(t, 2, 2*time.Second)
	f.rec.nextStatus(t)
	f.rec.nextStatus(t)
	f.advance(t, 2, 5*time.Second)
	if e := f.rec.next(t); e.sms == nil {
		t.Fatalf("want the first answer, got %+v", e)
	}
	gap := untilNext(t, f)
	f.clock.Advance(gap)
	if e := f.rec.next(t); e.sms == nil {
		t.Fatalf("want the second answer, got %+v", e)
	}
	if gap < 4*time.Second || gap > 8*time.Second {
		t.Errorf("second answer %v after the first, want 4 to 8 s", gap)
	}
}

// A scripted message keeps its MessageSid from run to run, so the
// backend's de-duplication drops a replay.
func TestScriptedMessagesKeepTheirID(t *testing.T) {
	id := sim.ScriptedID("demo/stop")
	if id != sim.ScriptedID("demo/stop") || id == sim.ScriptedID("demo/stranger") || !sidPattern.MatchString(id) {
		t.Fatalf("ScriptedID %q is not a stable Twilio-shaped sid per key", id)
	}
	f := newFixture(t, nil)
	if err := f.p.InjectAfterAs(time.Second, id, customer, biz, "STOP"); err != nil {
		t.Fatal(err)
	}
	f.advance(t, 1, time.Second)
	if e := f.rec.next(t); e.sms == nil || e.sms.ProviderID != id {
		t.Errorf("injected %+v, want provider id %s", e.sms, id)
	}
}
