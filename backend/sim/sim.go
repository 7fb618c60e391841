package sim

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"

	"smsdesk/crm"
)

// Defaults for Config's zero values: quick enough for a live demo, slow
// enough to see "sent" before "delivered".
const (
	DefaultSentDelay      = 500 * time.Millisecond
	DefaultDeliveredDelay = 1500 * time.Millisecond
	DefaultReplyDelay     = 4 * time.Second
	DefaultRetryDelay     = 2 * time.Second
	DefaultMaxAttempts    = 5
)

// ErrClosed is returned by Send and Inject after Close.
var ErrClosed = errors.New("sim: provider closed")

// Config configures New.
type Config struct {
	// Receiver gets receipts and customers' messages. Required before the
	// first Send (the backend's Service, usually).
	Receiver crm.Receiver
	// After is the timer source; default time.After. Tests pass a
	// ManualClock's After.
	After func(d time.Duration) <-chan time.Time
	// Rand chooses provider ids and replies; default seeded from the time.
	Rand *rand.Rand
	// Delays from the send to "sent", from "sent" to the final receipt, and
	// from delivery to the customer's reply.
	SentDelay, DeliveredDelay, ReplyDelay time.Duration
	// Numbers sets the behaviour of customer numbers (E.164); others Deliver.
	Numbers map[string]Behavior
	// Script gives some customers fixed replies, used in order and then
	// cycled; others use Replies.
	Script map[string][]string
	// Replies chooses the other customers' answers; default DefaultReplies.
	Replies ReplyFunc
	// ReplySpacing keeps a customer's replies apart like a person typing:
	// a reply scheduled while the same customer's previous one is still
	// pending comes ReplySpacing plus up to ReplySpacing more after it,
	// rather than milliseconds apart. Zero: no spacing.
	ReplySpacing time.Duration
	// Chatter, if set, makes customers write on their own.
	Chatter *Chatter
	// A Receiver error is retried every RetryDelay, MaxAttempts times in all.
	RetryDelay  time.Duration
	MaxAttempts int
	Logger      *slog.Logger
}

// Provider is the simulator. It implements crm.Provider.
type Provider struct {
	cfg Config
	log *slog.Logger

	ctx    context.Context // cancelled by Close; bounds Receiver calls
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu        sync.Mutex // guards closed, rand, scriptPos, lastReply
	closed    bool
	rand      *rand.Rand
	scriptPos map[string]int
	// lastReply is, per customer, closed once that customer's latest
	// scheduled reply has been delivered (or abandoned).
	lastReply map[string]chan struct{}
}

var _ crm.Provider = (*Provider)(nil)

// New returns a running simulator. Close it to stop its goroutines.
func New(cfg Config) *Provider {
	if cfg.After == nil {
		cfg.After = time.After
	}
	if cfg.Rand == nil {
		now := uint64(time.Now().UnixNano())
		cfg.Rand = rand.New(rand.NewPCG(now, now>>17|1))
	}
	if cfg.SentDelay <= 0 {
		cfg.SentDelay = DefaultSentDelay
	}
	if cfg.DeliveredDelay <= 0 {
		cfg.DeliveredDelay = DefaultDeliveredDelay
	}
	if cfg.ReplyDelay <= 0 {
		cfg.ReplyDelay = DefaultReplyDelay
	}
	if cfg.Replies == nil {
		cfg.Replies = DefaultReplies
	}
	if cfg.RetryDelay <= 0 {
		cfg.RetryDelay = DefaultRetryDelay
	}
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = DefaultMaxAttempts
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	ctx, cancel := context.WithCancel(context.Background())
	p := &Provider{
		cfg: cfg, log: log.With("component", "sim"),
		ctx: ctx, cancel: cancel,
		rand: cfg.Rand, scriptPos: make(map[string]int), lastReply: make(map[string]chan struct{}),
	}
	if cfg.Chatter != nil {
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			p.chatter(*cfg.Chatter)
		}()
	}
	return p
}

// SetReceiver sets where receipts and replies go, for a Receiver built
// after the provider. Call it before the first Send.
func (p *Provider) SetReceiver(r crm.Receiver) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.cfg.Receiver = r
}

// Close stops every pending receipt and reply and waits for the goroutines
// to end. Calls after the first do nothing.
func (p *Provider) Close() error {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return nil
	}
	p.closed = true
	p.mu.Unlock()
	p.cancel()
	p.wg.Wait()
	return nil
}

// Send accepts m and answers at once, as Twilio does; receipts follow on
// the clock. A number that is not valid E.164, or one configured Invalid,
// is refused with 21211 (a failed result, not an error).
func (p *Provider) Send(ctx context.Context, m crm.OutboundSMS) (crm.SendResult, error) {
	if err := ctx.Err(); err != nil {
		return crm.SendResult{}, fmt.Errorf("sim send %s: %w", m.MessageID, err)
	}
	b := p.cfg.Numbers[m.To]
	if _, err := crm.NormalizePhone(m.To, ""); err != nil {
		b = Invalid
	}
	out := b.outcome()
	if out.refuse {
		p.log.Info("send refused", "message_id", m.MessageID, "to", m.To, "code", out.errorCode)
		return crm.SendResult{Status: out.final, ErrorCode: out.errorCode}, nil
	}
	id, err := p.start(func(id string) { p.lifecycle(m, id, out) })
	if err != nil {
		return crm.SendResult{}, fmt.Errorf("sim send %s: %w", m.MessageID, err)
	}
	return crm.SendResult{
		ProviderID: id,
		Status:     crm.StatusQueued,
		Segments:   max(crm.CountSegments(m.Body).Segments, 1),
	}, nil
}

// Inject makes from text to at once (an unknown number writing in, a
// customer sending STOP) and returns the Receiver's answer.
func (p *Provider) Inject(ctx context.Context, from, to, body string) error {
	p.mu.Lock()
	closed := p.closed
	id := p.newIDLocked()
	p.mu.Unlock()
	if closed {
		return ErrClosed
	}
	if err := p.receiver().ReceiveSMS(ctx, inbound(id, from, to, body)); err != nil {
		return fmt.Errorf("sim inject from %s: %w", from, err)
	}
	return nil
}

// InjectAfter makes from text to after d on the provider's clock, with
// retries like any other simulated message. Close cancels it.
func (p *Provider) InjectAfter(d time.Duration, from, to, body string) error {
	return p.InjectAfterAs(d, "", from, to, body)
}

// InjectAfterAs is InjectAfter with a fixed provider id (a Twilio-shaped
// MessageSid, see ScriptedID): a scripted message injected again, by a
// demo started a second time, is then the same message, and the backend's
// de-duplication on MessageSid stores it (and notifies) only once. An
// empty id draws a fresh one.
func (p *Provider) InjectAfterAs(d time.Duration, id, from, to, body string) error {
	_, err := p.start(func(fresh string) {
		if id == "" {
			id = fresh
		}
		if p.wait(d) {
			p.deliverSMS(inbound(id, from, to, body))
		}
	})
	return err
}

// start runs fn(id) on a tracked goroutine with a fresh provider id.
func (p *Provider) start(fn func(id string)) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return "", ErrClosed
	}
	id := p.newIDLocked()
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		fn(id)
	}()
	return id, nil
}

// lifecycle reports what happens to one accepted message, in order: sent,
// then the final receipt, then maybe the customer's reply.
func (p *Provider) lifecycle(m crm.OutboundSMS, id string, out outcome) {
	if !p.wait(p.cfg.SentDelay) || !p.deliverStatus(crm.StatusReport{ProviderID: id, Status: crm.StatusSent}) {
		return
	}
	if !p.wait(p.cfg.DeliveredDelay) ||
		!p.deliverStatus(crm.StatusReport{ProviderID: id, Status: out.final, ErrorCode: out.errorCode}) {
		return
	}
	if !out.reply {
		return
	}
	body, ok := p.reply(m.To, m.Body)
	if !ok {
		return
	}
	prev, done, spacing := p.queueReply(m.To)
	defer close(done)
	if !p.wait(p.cfg.ReplyDelay) {
		return
	}
	if prev != nil {
		// The customer is still answering an earlier message: this answer
		// comes after that one, and a moment later.
		select {
		case <-prev:
		case <-p.ctx.Done():
			return
		}
		if !p.wait(spacing) {
			return
		}
	}
	p.mu.Lock()
	replyID := p.newIDLocked()
	p.mu.Unlock()
	p.deliverSMS(inbound(replyID, m.To, m.From, body))
}

// queueReply puts a reply of customer's in line: prev is the channel of
// the reply before it if that one is still pending (nil otherwise), done
// the one to close once this reply is out, and spacing how long after the
// previous reply this one waits.
func (p *Provider) queueReply(customer string) (prev <-chan struct{}, done chan struct{}, spacing time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	done = make(chan struct{})
	if last, ok := p.lastReply[customer]; ok {
		select {
		case <-last:
		default:
			prev = last
		}
	}
	p.lastReply[customer] = done
	if p.cfg.ReplySpacing > 0 {
		spacing = p.cfg.ReplySpacing + time.Duration(p.rand.Int64N(int64(p.cfg.ReplySpacing)))
	}
	return prev, done, spacing
}

func (p *Provider) reply(customer, body string) (string, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if script := p.cfg.Script[customer]; len(script) > 0 {
		i := p.scriptPos[customer]
		p.scriptPos[customer] = i + 1
		return script[i%len(script)], true
	}
	return p.cfg.Replies(p.rand, customer, body)
}

// wait blocks for d on the injected clock; false when Close came first.
func (p *Provider) wait(d time.Duration) bool {
	select {
	case <-p.cfg.After(d):
		return true
	case <-p.ctx.Done():
		return false
	}
}

func (p *Provider) deliverStatus(r crm.StatusReport) bool {
	return p.retry("status "+string(r.Status)+" for "+r.ProviderID, func() error {
		return p.receiver().ReceiveStatus(p.ctx, r)
	})
}

func (p *Provider) deliverSMS(m crm.InboundSMS) bool {
	return p.retry("message "+m.ProviderID+" from "+m.From, func() error {
		return p.receiver().ReceiveSMS(p.ctx, m)
	})
}

// retry calls fn until it succeeds, MaxAttempts run out or Close. Like
// Twilio, the simulator keeps trying a webhook that is down for a moment
// (a backend restarting), but not forever.
func (p *Provider) retry(what string, fn func() error) bool {
	for attempt := 1; ; attempt++ {
		err := fn()
		if err == nil {
			return true
		}
		if p.ctx.Err() != nil {
			return false
		}
		if attempt >= p.cfg.MaxAttempts {
			p.log.Error("simulated report dropped", "what", what, "attempts", attempt, "err", err)
			return false
		}
		p.log.Warn("simulated report not taken, retrying", "what", what, "attempt", attempt, "err", err)
		if !p.wait(p.cfg.RetryDelay) {
			return false
		}
	}
}

func (p *Provider) receiver() crm.Receiver {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cfg.Receiver == nil {
		return noReceiver{}
	}
	return p.cfg.Receiver
}

// newIDLocked makes a Twilio-shaped message sid: "SM" and 32 hex digits.
func (p *Provider) newIDLocked() string {
	return fmt.Sprintf("SM%016x%016x", p.rand.Uint64(), p.rand.Uint64())
}

func inbound(id, from, to, body string) crm.InboundSMS {
	return crm.InboundSMS{
		ProviderID: id, From: from, To: to, Body: body,
		Segments: max(crm.CountSegments(body).Segments, 1),
		Extra:    map[string]string{"SmsStatus": "received", "Simulated": "true"},
	}
}

// noReceiver refuses everything, so a provider used before SetReceiver
// logs and retries instead of panicking.
type noReceiver struct{}

var errNoReceiver = errors.New("sim: no receiver set")

func (noReceiver) ReceiveSMS(context.Context, crm.InboundSMS) error      { return errNoReceiver }
func (noReceiver) ReceiveStatus(context.Context, crm.StatusReport) error { return errNoReceiver }

// Lookup answers the backend's question after a crash, "did this send
// reach the provider?" (backend.SendLookup): never. The simulator lives in
// the server's process, so a crash that interrupted a send also ended every
// receipt and reply it had scheduled; from the simulated customer's side
// nothing arrived, and sending again is right.
func (p *Provider) Lookup(ctx context.Context, _ crm.OutboundSMS, _ time.Time) (crm.SendResult, bool, error) {
	return crm.SendResult{}, false, ctx.Err()
}

// ScriptedID is the MessageSid of a scripted message named key: the same
// key gives the same Twilio-shaped sid ("SM" and 32 hex digits) on every
// run, so a script played twice is stored once.
func ScriptedID(key string) string {
	sum := sha256.Sum256([]byte("smsdesk sim scripted message\x00" + key))
	return "SM" + hex.EncodeToString(sum[:16])
}
