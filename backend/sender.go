package backend

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"

	"smsdesk/crm"
)

// Outbox entry states. "queued": committed, the provider not yet called.
// "sending": marked durably just before the provider call, so after a crash
// we know the call may have happened.
const (
	outboxQueued  = "queued"
	outboxSending = "sending"
)

type outboxEntry struct {
	State    string `json:"state"`
	Attempts int    `json:"attempts"`
	// SendingAt is when the provider call began (state "sending").
	SendingAt time.Time `json:"sending_at,omitzero"`
}

// SendLookup is implemented by a provider that can say whether it already
// accepted a message (backend/twilio's Client does, by listing messages with
// the same From, To and Body created since the call began). After a crash
// between marking a send "sending" and storing the provider's answer, the
// sender asks it: found means record that answer, not found means send. A
// provider without it gets no second call: the message is marked failed
// (reason Unknown), so smsdesk sends at most once and the seller can resend.
type SendLookup interface {
	Lookup(ctx context.Context, m crm.OutboundSMS, since time.Time) (crm.SendResult, bool, error)
}

// lookupSkew widens the lookup window for clock differences between this
// server and the provider.
const lookupSkew = 2 * time.Minute

// sender calls the provider for queued messages, outside any transaction,
// from a few worker goroutines fed by an in-memory queue of message ids.
// The outbox bucket is the durable truth; the queue is rebuilt from it at
// open.
type sender struct {
	s           *Service
	workers     int
	timeout     time.Duration
	ctx         context.Context
	cancel      context.CancelFunc
	mu          sync.Mutex
	cond        *sync.Cond
	provider    crm.Provider
	queue       []string
	inQueue     map[string]bool
	interrupted map[string]bool // "sending" at open: a previous run may have sent them
	started     bool
	stopping    bool
	wg          sync.WaitGroup
}

func newSender(s *Service, workers int, timeout time.Duration) *sender {
	ctx, cancel := context.WithCancel(context.Background())
	sd := &sender{s: s, workers: workers, timeout: timeout, ctx: ctx, cancel: cancel,
		inQueue: map[string]bool{}, interrupted: map[string]bool{}}
	sd.cond = sync.NewCond(&sd.mu)
	return sd
}

// recover queues every outbox entry left by a previous run.
func (sd *sender) recover() error {
	return sd.s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bOutbox).ForEach(func(k, v []byte) error {
			var e outboxEntry
			if err := json.Unmarshal(v, &e); err != nil {
				return fmt.Errorf("decode outbox entry %s: %w", k, err)
			}
			id := string(k)
			if e.State == outboxSending {
				sd.interrupted[id] = true
			}
			sd.queue = append(sd.queue, id)
			sd.inQueue[id] = true
			return nil
		})
	})
}

func (sd *sender) setProvider(p crm.Provider) {
	sd.mu.Lock()
	defer sd.mu.Unlock()
	sd.provider = p
	if !sd.started && !sd.stopping {
		sd.started = true
		for range sd.workers {
			sd.wg.Add(1)
			go sd.work()
		}
	}
	sd.cond.Broadcast()
}

func (sd *sender) enqueue(id string) {
	sd.mu.Lock()
	if !sd.inQueue[id] {
		sd.inQueue[id] = true
		sd.queue = append(sd.queue, id)
		sd.cond.Signal()
	}
	sd.mu.Unlock()
}

// pending is how many sends wait for (or are in) a provider call.
func (sd *sender) pending() int {
	sd.mu.Lock()
	defer sd.mu.Unlock()
	return len(sd.inQueue)
}

// stop lets in-flight provider calls finish for up to 5 s, then cancels
// them (an interrupted call stays "sending" and is resolved at next open).
func (sd *sender) stop() {
	sd.mu.Lock()
	sd.stopping = true
	sd.cond.Broadcast()
	sd.mu.Unlock()
	done := make(chan struct{})
	go func() { sd.wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		sd.cancel()
		<-done
	}
	sd.cancel()
}

func (sd *sender) work() {
	defer sd.wg.Done()
	for {
		sd.mu.Lock()
		for len(sd.queue) == 0 && !sd.stopping {
			sd.cond.Wait()
		}
		if sd.stopping {
			sd.mu.Unlock()
			return
		}
		id := sd.queue[0]
		sd.queue = sd.queue[1:]
		p := sd.provider
		interrupted := sd.interrupted[id]
		delete(sd.interrupted, id)
		sd.mu.Unlock()

		if err := sd.send(p, id, interrupted); err != nil {
			sd.s.log.Error("send failed", "message_id", id, "err", err)
		}
		sd.mu.Lock()
		delete(sd.inQueue, id)
		sd.mu.Unlock()
	}
}

// send takes one outbox entry through the provider.
func (sd *sender) send(p crm.Provider, id string, interrupted bool) error {
	s := sd.s
	ctx, cancel := context.WithTimeout(sd.ctx, sd.timeout)
	defer cancel()

	if interrupted {
		if lk, ok := p.(SendLookup); ok {
			out, e, found, err := sd.pendingSend(id)
			if err != nil || !found {
				return err
			}
			res, accepted, err := lk.Lookup(ctx, out, e.SendingAt.Add(-lookupSkew))
			if err != nil {
				// Could not ask: do not risk a duplicate.
				return sd.record(id, crm.SendResult{}, fmt.Errorf("interrupted send, provider lookup failed: %w", err))
			}
			if accepted {
				return sd.record(id, res, nil)
			}
			// The provider never got it: send it now.
		} else {
			// The provider may or may not have it: refuse to risk a second
			// SMS; the seller sees the failure and can send again.
			return sd.record(id, crm.SendResult{}, errors.New("interrupted by a server restart; not retried to avoid a duplicate"))
		}
	}

	var out crm.OutboundSMS
	skip := false
	err := s.write(func(w *writeTx) error {
		skip = false
		var e outboxEntry
		ok, err := getJSON(w.tx.Bucket(bOutbox), id, &e)
		if err != nil {
			return err
		}
		m, found, err := getMessage(w.kv, id)
		if err != nil {
			return err
		}
		if !ok || !found || m.Status != crm.StatusQueued {
			skip = true
			if ok {
				return w.tx.Bucket(bOutbox).Delete([]byte(id))
			}
			return nil
		}
		e.State = outboxSending
		e.Attempts++
		e.SendingAt = w.now
		out = crm.OutboundSMS{MessageID: m.ID, From: m.From, To: m.To, Body: m.Body}
		return putJSON(w.tx.Bucket(bOutbox), []byte(id), e)
	})
	if err != nil || skip {
		return err
	}
	res, sendErr := p.Send(ctx, out)
	if sendErr != nil && sd.ctx.Err() != nil {
		// Shutting down mid-call: leave it "sending" for the next open.
		return fmt.Errorf("send %s interrupted by shutdown: %w", id, sendErr)
	}
	return sd.record(id, res, sendErr)
}

// record stores the provider's answer: provider id, status, segments; a
// send error or a failed status marks the message failed with its reason.
// A status callback that arrived before this answer is applied now.
func (sd *sender) record(id string, res crm.SendResult, sendErr error) error {
	s := sd.s
	return s.write(func(w *writeTx) error {
		if err := w.tx.Bucket(bOutbox).Delete([]byte(id)); err != nil {
			return err
		}
		m, ok, err := getMessage(w.kv, id)
		if err != nil || !ok {
			return err
		}
		if sendErr != nil {
			s.log.Warn("provider refused send", "message_id", id, "err", sendErr)
			return w.applyStatus(m, crm.StatusFailed, res.ErrorCode)
		}
		if res.ProviderID != "" {
			m.ProviderID = res.ProviderID
		}
		if res.Segments > 0 {
			m.Segments = res.Segments
		}
		st := res.Status
		if st == "" {
			st = crm.StatusSent
		}
		if statusRank(st) > statusRank(m.Status) {
			m.Status = st
			m.StatusAt = w.now
			if isFailure(st) {
				m.ErrorCode = res.ErrorCode
				m.FailureReason = crm.ReasonForTwilioCode(res.ErrorCode)
				if m.FailureReason == "" {
					m.FailureReason = crm.ReasonUnknown
				}
			}
		}
		if err := w.storeMessageUpdate(m); err != nil {
			return err
		}
		if m.ProviderID == "" {
			return nil
		}
		ob := w.tx.Bucket(bOrphanStatus)
		var o orphanStatus
		found, err := getJSON(ob, m.ProviderID, &o)
		if err != nil || !found {
			return err
		}
		if err := ob.Delete([]byte(m.ProviderID)); err != nil {
			return err
		}
		return w.applyStatus(m, o.Status, o.ErrorCode)
	})
}

// pendingSend reads an outbox entry and the message it sends.
func (sd *sender) pendingSend(id string) (crm.OutboundSMS, outboxEntry, bool, error) {
	var out crm.OutboundSMS
	var e outboxEntry
	var found bool
	err := sd.s.db.View(func(tx *bolt.Tx) error {
		ok, err := getJSON(tx.Bucket(bOutbox), id, &e)
		if err != nil || !ok {
			return err
		}
		m, ok, err := getMessage(txKV{tx}, id)
		if err != nil || !ok {
			return err
		}
		found = true
		out = crm.OutboundSMS{MessageID: m.ID, From: m.From, To: m.To, Body: m.Body}
		return nil
	})
	return out, e, found, err
}
