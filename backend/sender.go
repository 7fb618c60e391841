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
// we know the call may have happened. "retry": the call failed with a
// passing error and is tried again at NextAttemptAt; the provider may have
// taken it anyway (a lost answer), so a provider that can look it up is
// asked first.
const (
	outboxQueued  = "queued"
	outboxSending = "sending"
	outboxRetry   = "retry"
)

type outboxEntry struct {
	State    string `json:"state"`
	Attempts int    `json:"attempts"`
	// SendingAt is when the latest provider call began.
	SendingAt time.Time `json:"sending_at,omitzero"`
	// FirstAttemptAt is when the first provider call began: GiveUpAfter
	// counts from it.
	FirstAttemptAt time.Time `json:"first_attempt_at,omitzero"`
	// NextAttemptAt and LastError are set in state "retry".
	NextAttemptAt time.Time `json:"next_attempt_at,omitzero"`
	LastError     string    `json:"last_error,omitempty"`
}

// SendLookup is implemented by a provider that can say whether it already
// accepted a message (backend/twilio's Client does, by listing messages with
// the same From, To and Body created since the call began). Before a
// message whose previous call got no answer is sent again (a crash between
// marking it "sending" and storing the answer, or a retry after a network
// error), the sender asks it: found means record that answer, not found
// means send. After a crash, a provider without it gets no second call: the
// message is marked failed (reason Unknown), so smsdesk sends at most once
// and the seller can resend. A retry after an error is sent again without
// asking: the provider said the call failed.
type SendLookup interface {
	Lookup(ctx context.Context, m crm.OutboundSMS, since time.Time) (crm.SendResult, bool, error)
}

// SendLookupExcept is a SendLookup that can pass over the provider ids
// known reports. The sender uses it when the provider has it, with the
// provider ids it recorded for other messages: an earlier message with the
// same numbers and text is not taken for the one being checked, and the
// search goes on past it. With a plain SendLookup, a match recorded for
// another message counts as not found.
type SendLookupExcept interface {
	LookupExcept(ctx context.Context, m crm.OutboundSMS, since time.Time, known func(providerID string) bool) (crm.SendResult, bool, error)
}

// lookupSkew widens the lookup window for clock differences between this
// server and the provider.
const lookupSkew = 2 * time.Minute

// sender calls the provider for queued messages, outside any transaction,
// from a few worker goroutines fed by an in-memory queue of message ids.
// The outbox bucket is the durable truth; the queue is rebuilt from it at
// open. A send waiting for its retry stays counted in inQueue, with a
// timer goroutine that puts it back in the queue when due.
//
// A store write that fails (a full disk) never drops a send from the
// queue: it is tried again after a backoff, on the same timers. When the
// write that failed was the recording of the provider's answer, that
// answer is held in memory (held) and the retry records it without calling
// the provider again. On shutdown a held answer is lost with the process,
// and the entry it leaves in state "sending" is settled at the next open by
// looking the provider up, as after a crash.
type sender struct {
	s        *Service
	workers  int
	timeout  time.Duration
	retry    RetryPolicy
	ctx      context.Context
	cancel   context.CancelFunc
	mu       sync.Mutex
	cond     *sync.Cond
	provider crm.Provider
	queue    []string
	inQueue  map[string]bool
	// held is the provider's answer for each send whose recording failed,
	// waiting for its next try; storeFails counts each send's store write
	// failures in a row, for the backoff.
	held       map[string]heldAnswer
	storeFails map[string]int
	started    bool
	stopping   bool
	wg         sync.WaitGroup
	timers     sync.WaitGroup // retry waits
}

func newSender(s *Service, workers int, timeout time.Duration, retry RetryPolicy) *sender {
	ctx, cancel := context.WithCancel(context.Background())
	sd := &sender{s: s, workers: workers, timeout: timeout, retry: retry.withDefaults(),
		ctx: ctx, cancel: cancel, inQueue: map[string]bool{},
		held: map[string]heldAnswer{}, storeFails: map[string]int{}}
	sd.cond = sync.NewCond(&sd.mu)
	return sd
}

// recover queues every outbox entry left by a previous run; a retry not yet
// due waits for its time.
func (sd *sender) recover() error {
	now := sd.s.now()
	return sd.s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bOutbox).ForEach(func(k, v []byte) error {
			var e outboxEntry
			if err := json.Unmarshal(v, &e); err != nil {
				return fmt.Errorf("decode outbox entry %s: %w", k, err)
			}
			id := string(k)
			sd.inQueue[id] = true
			if e.State == outboxRetry && e.NextAttemptAt.After(now) {
				sd.later(id, e.NextAttemptAt.Sub(now))
				return nil
			}
			sd.queue = append(sd.queue, id)
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

// later puts id back in the queue after wait (it stays in inQueue, so an
// enqueue meanwhile does not queue it twice).
func (sd *sender) later(id string, wait time.Duration) {
	sd.mu.Lock()
	defer sd.mu.Unlock()
	if sd.stopping {
		return // the outbox entry stays; the next open picks it up
	}
	sd.timers.Add(1)
	go func() {
		defer sd.timers.Done()
		select {
		case <-sd.retry.After(wait):
		case <-sd.ctx.Done():
			return
		}
		sd.mu.Lock()
		if !sd.stopping {
			sd.queue = append(sd.queue, id)
			sd.cond.Signal()
		}
		sd.mu.Unlock()
	}()
}

// pending is how many sends wait for (or are in) a provider call, or wait
// for their provider's answer to be recorded.
func (sd *sender) pending() int {
	sd.mu.Lock()
	defer sd.mu.Unlock()
	return len(sd.inQueue)
}

// unrecorded is how many sends the provider answered whose answer the
// store failed to record so far (also counted in pending).
func (sd *sender) unrecorded() int {
	sd.mu.Lock()
	defer sd.mu.Unlock()
	return len(sd.held)
}

// stop lets in-flight provider calls finish for up to 5 s, then cancels
// them (an interrupted call stays "sending" and is resolved at next open).
// Retry waits end at once; their entries stay in the store.
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
	sd.timers.Wait()
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
		sd.mu.Unlock()

		wait, retry, err := sd.attempt(p, id)
		if err != nil {
			sd.s.log.Error("send failed", "message_id", id, "err", err)
		}
		if retry {
			sd.later(id, wait)
			continue
		}
		sd.mu.Lock()
		delete(sd.inQueue, id)
		delete(sd.storeFails, id)
		sd.mu.Unlock()
	}
}

// attempt is one turn of send id: recording a held answer if there is
// one, else taking it through the provider. A store failure (not a
// shutdown) is retried after a backoff instead of dropping the send.
func (sd *sender) attempt(p crm.Provider, id string) (time.Duration, bool, error) {
	sd.mu.Lock()
	h, isHeld := sd.held[id]
	sd.mu.Unlock()
	var wait time.Duration
	var retry bool
	var err error
	if isHeld {
		wait, retry, err = sd.recordHeld(id, h)
	} else {
		wait, retry, err = sd.send(p, id)
	}
	var se *storeError
	if retry || !errors.As(err, &se) || sd.ctx.Err() != nil || errors.Is(err, ErrClosed) {
		return wait, retry, err
	}
	sd.mu.Lock()
	sd.storeFails[id]++
	n := sd.storeFails[id]
	sd.mu.Unlock()
	wait = sd.retry.delay(n, sd.s.uniform())
	sd.s.log.Warn("store failed for a send; will try again", "message_id", id,
		"failures", n, "retry_in", wait, "holds_provider_answer", sd.isHeld(id), "err", err)
	return wait, true, nil
}

// heldAnswer is a provider's answer (or refusal) to a send that the store
// failed to record.
type heldAnswer struct {
	res     crm.SendResult
	sendErr error
}

func (sd *sender) isHeld(id string) bool {
	sd.mu.Lock()
	defer sd.mu.Unlock()
	_, ok := sd.held[id]
	return ok
}

// storeError marks a store read or write of the sender that failed: the
// send is tried again after a backoff (attempt), never dropped.
type storeError struct{ err error }

func (e *storeError) Error() string { return e.err.Error() }
func (e *storeError) Unwrap() error { return e.err }

// recordAnswer records the provider's answer to send id; when the store
// fails to, the answer is held for attempt to record later, and the
// returned error is a *storeError. A *providerIDTakenError is returned
// as is (nothing held).
func (sd *sender) recordAnswer(id string, res crm.SendResult, sendErr error) error {
	err := sd.record(id, res, sendErr)
	var taken *providerIDTakenError
	if err == nil || errors.As(err, &taken) {
		return err
	}
	sd.mu.Lock()
	sd.held[id] = heldAnswer{res: res, sendErr: sendErr}
	sd.mu.Unlock()
	return &storeError{fmt.Errorf("record the provider's answer to %s: %w", id, err)}
}

// recordHeld tries again to record a held answer. The provider is not
// called. An answer whose provider id another message took meanwhile is
// dropped and the send retried like one whose answer was lost.
func (sd *sender) recordHeld(id string, h heldAnswer) (time.Duration, bool, error) {
	err := sd.s.write(func(w *writeTx) error {
		if w.tx.Bucket(bOutbox).Get([]byte(id)) == nil {
			return nil // settled already: a failed commit that was written after all
		}
		return sd.recordTx(w, id, h.res, h.sendErr)
	})
	var taken *providerIDTakenError
	switch {
	case err == nil:
		sd.mu.Lock()
		delete(sd.held, id)
		sd.mu.Unlock()
		sd.s.log.Info("held provider answer recorded", "message_id", id, "provider_id", h.res.ProviderID)
		return 0, false, nil
	case errors.As(err, &taken):
		sd.mu.Lock()
		delete(sd.held, id)
		sd.mu.Unlock()
		return sd.retryLater(id, err)
	}
	return 0, false, &storeError{fmt.Errorf("record the held answer to %s: %w", id, err)}
}

// send takes one outbox entry through the provider. retry means it failed
// with a passing error and is to be tried again after wait (the entry says
// so in the store already).
func (sd *sender) send(p crm.Provider, id string) (wait time.Duration, retry bool, err error) {
	s := sd.s
	ctx, cancel := context.WithTimeout(sd.ctx, sd.timeout)
	defer cancel()

	out, e, found, err := sd.pendingSend(id)
	if err != nil {
		return 0, false, &storeError{fmt.Errorf("read outbox entry %s: %w", id, err)}
	}
	if found && (e.State == outboxSending || e.State == outboxRetry) {
		// A previous call may have reached the provider without its answer
		// reaching us.
		if lk, ok := p.(SendLookup); ok {
			res, accepted, err := sd.lookup(ctx, lk, id, out, e.SendingAt.Add(-lookupSkew))
			if err != nil {
				if sd.ctx.Err() != nil {
					return 0, false, fmt.Errorf("lookup %s interrupted by shutdown: %w", id, err)
				}
				// Could not ask: do not risk a duplicate, ask again later.
				return sd.retryLater(id, fmt.Errorf("provider lookup before sending again: %w", err))
			}
			if accepted {
				other, err := sd.providerIDOwner(res.ProviderID)
				if err != nil {
					return sd.retryLater(id, fmt.Errorf("check the provider's answer to the lookup: %w", err))
				}
				if other == "" || other == id {
					err := sd.recordAnswer(id, res, nil)
					var taken *providerIDTakenError
					if !errors.As(err, &taken) {
						return 0, false, err
					}
					// Another message took that provider id between the
					// check and the record: not found, as below.
					other = taken.owner
				}
				// The provider matched an earlier message with the same
				// numbers and text, already recorded: not this one, which
				// the provider never got.
				s.log.Info("lookup matched another message; sending", "message_id", id,
					"provider_id", res.ProviderID, "matched_message_id", other)
			}
			// The provider never got it: send it now.
		} else if e.State == outboxSending {
			// The provider may or may not have it: refuse to risk a second
			// SMS; the seller sees the failure and can send again.
			return 0, false, sd.recordAnswer(id, crm.SendResult{}, errors.New("interrupted by a server restart; not retried to avoid a duplicate"))
		}
	}

	skip := false
	err = s.write(func(w *writeTx) error {
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
		if e.FirstAttemptAt.IsZero() {
			e.FirstAttemptAt = w.now
		}
		e.NextAttemptAt, e.LastError = time.Time{}, ""
		out = crm.OutboundSMS{MessageID: m.ID, From: m.From, To: m.To, Body: m.Body}
		return putJSON(w.tx.Bucket(bOutbox), []byte(id), e)
	})
	if err != nil {
		return 0, false, &storeError{fmt.Errorf("mark %s sending: %w", id, err)}
	}
	if skip {
		return 0, false, nil
	}
	res, sendErr := p.Send(ctx, out)
	switch {
	case sendErr == nil:
		err := sd.recordAnswer(id, res, nil)
		var taken *providerIDTakenError
		if errors.As(err, &taken) {
			// The answer names a message we already have: it cannot be
			// this one's. Not recorded; the send is tried again like
			// one whose answer was lost.
			s.log.Error("provider answered with an id recorded for another message; not recorded, will retry",
				"message_id", id, "provider_id", res.ProviderID, "recorded_message_id", taken.owner)
			return sd.retryLater(id, err)
		}
		return 0, false, err
	case sd.ctx.Err() != nil:
		// Shutting down mid-call: leave it "sending" for the next open.
		return 0, false, fmt.Errorf("send %s interrupted by shutdown: %w", id, sendErr)
	case permanent(sendErr):
		return 0, false, sd.recordAnswer(id, res, sendErr)
	}
	return sd.retryLater(id, sendErr)
}

// retryLater stores that the send failed with a passing error: state
// "retry" and the next attempt's time, or, past the policy's limits, the
// message failed (reason Unknown) with the cause in the log.
func (sd *sender) retryLater(id string, cause error) (time.Duration, bool, error) {
	s := sd.s
	u := s.uniform() // outside the transaction function, which may run twice
	var wait time.Duration
	var gaveUp bool
	var attempts int
	var first time.Time
	err := s.write(func(w *writeTx) error {
		wait, gaveUp = 0, false
		var e outboxEntry
		ok, err := getJSON(w.tx.Bucket(bOutbox), id, &e)
		if err != nil || !ok {
			return err
		}
		if e.State == outboxRetry {
			e.Attempts++ // a failed lookup counts as an attempt too
		}
		if e.FirstAttemptAt.IsZero() {
			e.FirstAttemptAt = w.now
		}
		attempts, first = e.Attempts, e.FirstAttemptAt
		if sd.retry.giveUp(e.Attempts, e.FirstAttemptAt, w.now) {
			gaveUp = true
			return sd.recordTx(w, id, crm.SendResult{}, cause)
		}
		wait = sd.retry.delay(e.Attempts, u)
		e.State = outboxRetry
		e.NextAttemptAt = w.now.Add(wait)
		e.LastError = cause.Error()
		return putJSON(w.tx.Bucket(bOutbox), []byte(id), e)
	})
	if err != nil {
		// The entry is still in the store as it was; attempt tries again
		// after a backoff (and the next open would).
		return 0, false, &storeError{fmt.Errorf("schedule retry of %s after %v: %w", id, cause, err)}
	}
	if gaveUp {
		s.log.Error("send given up: the provider kept failing", "message_id", id,
			"attempts", attempts, "since", first, "last_error", cause)
		return 0, false, nil
	}
	s.log.Warn("send failed, will retry", "message_id", id, "attempt", attempts, "retry_in", wait, "err", cause)
	return wait, true, nil
}

// record stores the provider's answer: provider id, status, segments; a
// send error or a failed status marks the message failed with its reason.
// A status callback that arrived before this answer is applied now.
func (sd *sender) record(id string, res crm.SendResult, sendErr error) error {
	return sd.s.write(func(w *writeTx) error { return sd.recordTx(w, id, res, sendErr) })
}

// providerIDTakenError is recordTx's refusal of a send result whose
// provider id the store already maps to another message: one provider id
// is never moved from one message to another (its status callbacks would
// follow it). Nothing of the result is stored.
type providerIDTakenError struct {
	providerID, owner string
}

func (e *providerIDTakenError) Error() string {
	return fmt.Sprintf("provider id %s is already recorded for message %s", e.providerID, e.owner)
}

// recordTx is record inside a write transaction. A successful result whose
// provider id is already mapped to a different message is refused with a
// *providerIDTakenError, and the transaction's change is then dropped.
func (sd *sender) recordTx(w *writeTx, id string, res crm.SendResult, sendErr error) error {
	s := sd.s
	if sendErr == nil && res.ProviderID != "" {
		if owner := w.tx.Bucket(bMsgByProvider).Get([]byte(res.ProviderID)); owner != nil && string(owner) != id {
			return &providerIDTakenError{providerID: res.ProviderID, owner: string(owner)}
		}
	}
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
	if crm.StatusRank(st) > crm.StatusRank(m.Status) {
		m.Status = st
		m.StatusAt = w.now
		if crm.IsFailure(st) {
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
}

// lookup asks lk whether the provider already accepted message id (out),
// passing over provider ids recorded for other messages when lk can.
func (sd *sender) lookup(ctx context.Context, lk SendLookup, id string, out crm.OutboundSMS, since time.Time) (crm.SendResult, bool, error) {
	lx, ok := lk.(SendLookupExcept)
	if !ok {
		return lk.Lookup(ctx, out, since)
	}
	var storeErr error
	known := func(providerID string) bool {
		owner, err := sd.providerIDOwner(providerID)
		if err != nil {
			storeErr = err
			return true
		}
		return owner != "" && owner != id
	}
	res, found, err := lx.LookupExcept(ctx, out, since, known)
	if err == nil && storeErr != nil {
		err = fmt.Errorf("read recorded provider ids: %w", storeErr)
	}
	return res, found, err
}

// providerIDOwner is the id of the message the store records providerID
// for, "" for none.
func (sd *sender) providerIDOwner(providerID string) (string, error) {
	if providerID == "" {
		return "", nil
	}
	var owner string
	err := sd.s.db.View(func(tx *bolt.Tx) error {
		owner = string(tx.Bucket(bMsgByProvider).Get([]byte(providerID)))
		return nil
	})
	return owner, err
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
