package demodata

import (
	"context"
	"time"

	"smsdesk/backend/sim"
)

// Delays of the demo's simulated network: "sent" half a second after the
// send, "delivered" a second later, and the customer's answer 2.5 s after
// that, so a reply shows up about four seconds after the seller pressed
// enter (the issue asks for one within ten).
const (
	SentDelay      = 500 * time.Millisecond
	DeliveredDelay = time.Second
	ReplyDelay     = 2500 * time.Millisecond
	// ReplySpacing keeps one customer's answers to a burst of messages 6
	// to 12 s apart, as a person types them.
	ReplySpacing = 6 * time.Second
	// ChatterMinGap and ChatterMaxGap space the messages customers write
	// on their own, for as long as the demo runs.
	ChatterMinGap = 20 * time.Second
	ChatterMaxGap = 90 * time.Second
)

// Scheduled is a message a customer sends on their own, After the demo
// started.
type Scheduled struct {
	// Key names the event for good: its message keeps the same MessageSid
	// (sim.ScriptedID) on every run, so a demo started again does not
	// play it a second time (the backend stores a MessageSid once).
	Key      string
	After    time.Duration
	From, To string
	Body     string
}

// Timeline is what happens without the seller doing anything: a stranger
// writes in (and becomes a new lead), a lead of the West team writes to
// the team's desk (routing rule 3; Greg, who only manages, is told he
// lacks the seller privilege), and a customer opts out.
func Timeline() []Scheduled {
	rc := RoutingCases()
	return []Scheduled{
		{Key: "stranger", After: 20 * time.Second, From: UnknownCustomer, To: NumberMaya,
			Body: "Hi, Sofia Rossi gave me your number. Do you deliver to Vancouver? We need 40 units by July."},
		{Key: "west-desk", After: 35 * time.Second, From: rc[2].Customer, To: rc[2].Business,
			Body: "Hello, is the West Coast showroom open on Saturday?"},
		{Key: "stop", After: 50 * time.Second, From: StopCustomer, To: NumberMaya, Body: "STOP"},
	}
}

// Behaviors are the customer numbers that do not simply receive.
func Behaviors() map[string]sim.Behavior {
	return map[string]sim.Behavior{
		InvalidCustomer:     sim.Invalid,
		UnreachableCustomer: sim.Unreachable,
		StopCustomer:        sim.Silent, // answers only with STOP, on the timeline
	}
}

// ScriptedID is the MessageSid of a timeline event, the same on every run.
func (s Scheduled) ScriptedID() string { return sim.ScriptedID("demo timeline/" + s.Key) }

// Quiet are the customers who never write on their own: the failing
// numbers (a handset that is off sends nothing) and the customer whose
// part is to opt out.
func Quiet(customer string) bool {
	switch customer {
	case InvalidCustomer, UnreachableCustomer, StopCustomer:
		return true
	}
	return false
}

// SimConfig completes cfg (Receiver, After, Rand and Logger are the
// caller's) with the demo's failing numbers, replies and delays, and, when
// who is not nil, customers who write on their own (who lists those who
// may: not the opted-out). Zero delays in cfg take the demo's; tests pass
// their own.
func SimConfig(cfg sim.Config, who func(ctx context.Context) ([]sim.Pair, error)) sim.Config {
	if cfg.SentDelay == 0 {
		cfg.SentDelay = SentDelay
	}
	if cfg.DeliveredDelay == 0 {
		cfg.DeliveredDelay = DeliveredDelay
	}
	if cfg.ReplyDelay == 0 {
		cfg.ReplyDelay = ReplyDelay
	}
	if cfg.ReplySpacing == 0 {
		cfg.ReplySpacing = ReplySpacing
	}
	cfg.Numbers = Behaviors()
	talker := NewTalker()
	cfg.Replies = talker.Reply
	if who != nil && cfg.Chatter == nil {
		cfg.Chatter = &sim.Chatter{MinGap: ChatterMinGap, MaxGap: ChatterMaxGap, Who: who, Say: talker.Open}
	}
	return cfg
}
