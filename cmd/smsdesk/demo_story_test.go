package main

import (
	"context"
	"log/slog"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"smsdesk/backend"
	"smsdesk/backend/sim"
	"smsdesk/cmd/smsdesk/demodata"
	"smsdesk/crm"
)

// inboundCounter counts the inbound messages the backend commits, by the
// customer who wrote them.
type inboundCounter struct {
	mu   sync.Mutex
	from map[string][]crm.Message
}

func countInbound(t *testing.T, svc *backend.Service) *inboundCounter {
	c := &inboundCounter{from: map[string][]crm.Message{}}
	t.Cleanup(svc.Subscribe(func(evs []crm.Event) {
		c.mu.Lock()
		defer c.mu.Unlock()
		for _, ev := range evs {
			if ev.Kind == crm.EventMessage && ev.Message != nil && ev.Message.Direction == crm.Inbound &&
				!slices.ContainsFunc(c.from[ev.Message.From], func(m crm.Message) bool { return m.ID == ev.Message.ID }) {
				c.from[ev.Message.From] = append(c.from[ev.Message.From], *ev.Message)
			}
		}
	}))
	return c
}

func (c *inboundCounter) count(from string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.from[from])
}

func (c *inboundCounter) all() []crm.Message {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []crm.Message
	for _, ms := range c.from {
		out = append(out, ms...)
	}
	return out
}

// playTimeline runs the whole demo timeline on a manual clock in dir and
// returns once its messages were handled; log receives the backend's log.
func playTimeline(t *testing.T, dir string, log *demoBuffer) (*demoServer, *inboundCounter) {
	t.Helper()
	clock := sim.NewManualClock(time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC))
	d, err := startDemoServer(demoServerConfig{Dir: dir, Addr: "127.0.0.1:0", Timeline: demodata.Timeline(), NoChatter: true,
		Sim: sim.Config{After: clock.After}, Logger: slog.New(slog.NewTextHandler(log, nil))})
	if err != nil {
		t.Fatal(err)
	}
	counter := countInbound(t, d.svc)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := clock.WaitForWaiters(ctx, len(demodata.Timeline())); err != nil {
		t.Fatal(err)
	}
	clock.Advance(time.Minute)
	return d, counter
}

// The defect 3: a demo started again on the same directory, without
// --fresh, continues its story. The stranger's message, Diego's question
// and Brian's STOP were received by the first run; the second run stores
// none of them again and notifies nobody again.
func TestDemoStartedAgainDoesNotReplayItsScript(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "server")
	scripted := []string{demodata.UnknownCustomer, demodata.RoutingCases()[2].Customer, demodata.StopCustomer}
	var log1 demoBuffer
	d, first := playTimeline(t, dir, &log1)
	eventually(t, 10*time.Second, "the first run did not receive the scripted messages", func() bool {
		return first.count(scripted[0]) == 1 && first.count(scripted[1]) == 1 && first.count(scripted[2]) == 1
	})
	notes := map[string]int{}
	for _, u := range []string{demodata.SellerID, demodata.ManagerID} {
		ns, err := d.svc.Notifications(context.Background(), u, 1000)
		if err != nil {
			t.Fatal(err)
		}
		notes[u] = len(ns)
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}

	var log2 demoBuffer
	d, second := playTimeline(t, dir, &log2)
	defer d.Close()
	replayed := func() int { return second.count(scripted[0]) + second.count(scripted[1]) + second.count(scripted[2]) }
	eventually(t, 10*time.Second, "the second run neither stored nor dropped the scripted messages", func() bool {
		return strings.Count(log2.String(), "duplicate inbound ignored") >= len(scripted) || replayed() > 0
	})
	if n := replayed(); n != 0 {
		t.Fatalf("the second run stored %d scripted messages again: %+v", n, second.all())
	}
	for u, before := range notes {
		ns, err := d.svc.Notifications(context.Background(), u, 1000)
		if err != nil {
			t.Fatal(err)
		}
		if len(ns) != before {
			t.Errorf("%s has %d notifications after the second run, %d after the first", u, len(ns), before)
		}
	}
}

// The defect 8: customers keep writing on their own, one every 20
// to 90 s on the demo's clock, in their own language, each into one of
// the demo sellers' conversations, and never one who opted out.
func TestDemoCustomersWriteOnTheirOwn(t *testing.T) {
	clock := sim.NewManualClock(time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC))
	d, err := startDemoServer(demoServerConfig{Dir: t.TempDir(), Addr: "127.0.0.1:0",
		Sim: sim.Config{After: clock.After, Rand: rand.New(rand.NewPCG(3, 4))}})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	counter := countInbound(t, d.svc)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	// Brian opts out first: from then on he never writes.
	if err := d.sim.Inject(ctx, demodata.StopCustomer, demodata.NumberMaya, "STOP"); err != nil {
		t.Fatal(err)
	}
	// And so does one of the customers who may write.
	who, err := chattyCustomers(ctx, d.svc)
	if err != nil || len(who) < 10 {
		t.Fatalf("chatty customers %v, %v", who, err)
	}
	quitter := who[0].Customer
	if err := d.sim.Inject(ctx, quitter, who[0].Business, "STOP"); err != nil {
		t.Fatal(err)
	}
	if after, _ := chattyCustomers(ctx, d.svc); slices.ContainsFunc(after, func(p sim.Pair) bool { return p.Customer == quitter }) {
		t.Fatalf("%s opted out and may still write", quitter)
	}

	const turns = 25
	langs := map[string]int{}
	recent := []string{}
	for i := range turns {
		if err := clock.WaitForWaiters(ctx, 1); err != nil {
			t.Fatal(err)
		}
		deadlines := clock.Deadlines()
		if len(deadlines) != 1 {
			t.Fatalf("turn %d: %d pending timers, want the chatter's only", i, len(deadlines))
		}
		gap := deadlines[0].Sub(clock.Now())
		clock.Advance(gap)
		if gap < 20*time.Second || gap > 90*time.Second {
			t.Fatalf("turn %d: a customer wrote %v after the previous one, want 20 to 90 s", i, gap)
		}
		eventually(t, 10*time.Second, "the spontaneous message was not stored", func() bool { return len(counter.all()) == i+3 })
	}
	for _, m := range counter.all() {
		if m.Body == "STOP" {
			continue
		}
		if m.From == demodata.StopCustomer || m.From == quitter {
			t.Errorf("%s opted out and still wrote %q", m.From, m.Body)
		}
		if !slices.Contains(demodata.OpenerChoices(m.From), m.Body) {
			t.Errorf("%s wrote %q, not an opener in language %s", m.From, m.Body, demodata.Language(m.From))
		}
		if slices.Contains(recent, m.Body) {
			t.Errorf("%q written again within %d lines", m.Body, demodata.Memory)
		}
		langs[demodata.Language(m.From)]++
		recent = append(recent, m.Body)
	}
	if len(langs) < 2 {
		t.Errorf("languages of the spontaneous messages %v: only one", langs)
	}
}

// Two messages sent to one customer a moment apart are answered like a
// person answers, seconds apart on the demo's clock (the issue saw two
// replies 3 ms apart), each fitting what it answers.
func TestDemoRepliesAreSpacedAndFitWhatWasSent(t *testing.T) {
	clock := sim.NewManualClock(time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC))
	d := startTestDemo(t, sim.Config{After: clock.After}, nil)
	counter := countInbound(t, d.svc)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	customer, _ := frenchCustomer(t)
	conv := demoConversation(t, d.svc, customer)
	question, proposal := "Avez-vous bien reçu le catalogue ?", "Je vous propose mardi à 10 h."
	send(t, d.svc, conv, question)
	send(t, d.svc, conv, proposal)
	step := func(n int, d time.Duration) {
		t.Helper()
		if err := clock.WaitForWaiters(ctx, n); err != nil {
			t.Fatalf("waiting for %d timers: %v", n, err)
		}
		clock.Advance(d)
	}
	step(2, demodata.SentDelay)
	step(2, demodata.DeliveredDelay)
	step(2, demodata.ReplyDelay)
	// The first answer is out; the second either came with it (the
	// defect) or waits on the clock.
	eventually(t, 10*time.Second, "no answer", func() bool {
		return counter.count(customer) == 2 || (counter.count(customer) == 1 && clock.Waiters() == 1)
	})
	if counter.count(customer) == 2 {
		t.Fatalf("both answers came at the same instant: %+v", counter.all())
	}
	deadlines := clock.Deadlines()
	if len(deadlines) != 1 {
		t.Fatalf("%d pending timers, want the second answer's only", len(deadlines))
	}
	gap := deadlines[0].Sub(clock.Now())
	clock.Advance(gap)
	eventually(t, 10*time.Second, "the second answer was not stored", func() bool { return counter.count(customer) == 2 })
	if gap < demodata.ReplySpacing || gap > 2*demodata.ReplySpacing {
		t.Errorf("the two answers came %v apart, want %v to %v", gap, demodata.ReplySpacing, 2*demodata.ReplySpacing)
	}
	got := counter.all()
	answers := [][]string{demodata.ReplyChoices(customer, question), demodata.ReplyChoices(customer, proposal)}
	for _, m := range got {
		if !slices.Contains(answers[0], m.Body) && !slices.Contains(answers[1], m.Body) {
			t.Errorf("answer %q fits neither the question nor the proposal", m.Body)
		}
	}
}
