// Package backend is smsdesk's server side: the bbolt store, the service
// that applies commands, inbound messages and delivery receipts, the event
// log that sync ships to clients, the REST API and the dataset import.
package backend

import (
	"bytes"
	"crypto/rand"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"

	"smsdesk/crm"
)

// Config configures Open.
type Config struct {
	// Dir is the data directory; the store is Dir/smsdesk.db.
	Dir string
	// Provider sends SMS. It may be nil at Open and set later with
	// SetProvider (a provider such as the simulator needs the Service as
	// its Receiver first); queued sends wait for it.
	Provider crm.Provider
	// Now is the clock; default time.Now (always used in UTC).
	Now func() time.Time
	// Rand feeds ids; default crypto/rand.Reader. It is read under a mutex,
	// so a non-thread-safe test source is fine.
	Rand   io.Reader
	Logger *slog.Logger
	// OpenTimeout is the bbolt lock timeout; default 1 s.
	OpenTimeout time.Duration
	// MaxEvents bounds the event log; default DefaultMaxEvents.
	MaxEvents uint64
	// SendWorkers is how many provider calls may run at once; default 4.
	SendWorkers int
	// SendTimeout bounds one provider call; default 30 s.
	SendTimeout time.Duration
	// SendRetry says how sends failed by a passing provider error are
	// retried; zero values take its defaults.
	SendRetry RetryPolicy
	// scratch opens a throwaway store: no fsync at all (bbolt's NoSync and
	// NoGrowSync: a crash may lose or damage it) and bbolt's small default
	// mapping instead of initialMmap (unmapping 1 GiB on every close was
	// most of a small store's close). Only for tests that open stores by
	// the thousand, such as the dataset fuzzer; unexported, so no caller
	// outside this package (the server) can set it.
	scratch bool
}

// Service is the backend: it implements crm.Receiver for providers and the
// Backend interface sync uses, and the REST handlers call the same methods.
type Service struct {
	db        guardedDB
	log       *slog.Logger
	clock     func() time.Time
	randMu    sync.Mutex
	rand      io.Reader
	maxEvents uint64

	dir     atomic.Pointer[directory]
	records *recordIndex
	seed    maphash.Seed // for prepared changes' scan digests
	// preparedApplied and preparedRedone count prepared changes applied as
	// prepared or run again in the write transaction (a conflict).
	preparedApplied, preparedRedone atomic.Int64
	phones                          *phoneCache
	convs                           *convCache
	lastSeq                         atomic.Uint64
	epoch                           string // see epoch.go; set at Open
	disp                            *dispatcher
	sender                          *sender
	commits                         *committer
	// pruned is closed when the background prune that Open starts is
	// done; Close waits for it.
	pruned chan struct{}
	// hooks are the administration's callbacks (token revoked, provider
	// settings changed) and its cached provider settings; see admin_hooks.go.
	hooks adminHooks

	closeOnce sync.Once
	closeErr  error
}

// Open opens (or creates) the store in cfg.Dir and returns a ready Service:
// indexes built, the event dispatcher running and, when a provider is set,
// the sends that were queued before a restart on their way.
func Open(cfg Config) (*Service, error) {
	if cfg.Dir == "" {
		return nil, errors.New("backend: data directory is required")
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Rand == nil {
		cfg.Rand = rand.Reader
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.OpenTimeout <= 0 {
		cfg.OpenTimeout = time.Second
	}
	if cfg.MaxEvents == 0 {
		cfg.MaxEvents = DefaultMaxEvents
	}
	if cfg.SendWorkers <= 0 {
		cfg.SendWorkers = 4
	}
	if cfg.SendTimeout <= 0 {
		cfg.SendTimeout = 30 * time.Second
	}
	db, err := openDB(cfg.Dir, cfg.OpenTimeout, cfg.scratch)
	if err != nil {
		return nil, err
	}
	s := &Service{
		db:        guardedDB{db},
		log:       cfg.Logger.With("component", "backend"),
		clock:     cfg.Now,
		rand:      cfg.Rand,
		maxEvents: cfg.MaxEvents,
		phones:    newPhoneCache(50_000), // two generations: at most 100,000 numbers
		convs:     newConvCache(20_000),
		seed:      maphash.MakeSeed(),
	}
	if err := s.load(); err != nil {
		db.Close()
		return nil, err
	}
	if err := s.loadEpoch(); err != nil {
		db.Close()
		return nil, err
	}
	s.disp = newDispatcher(s.lastSeq.Load() + 1)
	s.commits = newCommitter(s.db)
	s.sender = newSender(s, cfg.SendWorkers, cfg.SendTimeout, cfg.SendRetry)
	if err := s.sender.recover(); err != nil {
		s.commits.stop()
		s.disp.stop()
		db.Close()
		return nil, err
	}
	if cfg.Provider != nil {
		s.SetProvider(cfg.Provider)
	}
	// Pruning reads every notification: after start, not before it, so a
	// large store is serving at once. Expired notifications are already
	// hidden from every listing, so nothing waits on it.
	s.pruned = make(chan struct{})
	go func() {
		defer close(s.pruned)
		if err := s.prune(); err != nil {
			s.log.Error("prune expired notifications and orphan status reports", "err", err)
		}
	}()
	return s, nil
}

// load builds the in-memory directory and record index from the store.
func (s *Service) load() error {
	return s.db.View(func(tx *bolt.Tx) error {
		d, err := loadDirectory(tx)
		if err != nil {
			return fmt.Errorf("load directory: %w", err)
		}
		s.dir.Store(d)
		rb := tx.Bucket(bRecords)
		s.records = newRecordIndex(rb.Stats().KeyN)
		if err := forEachJSON(rb, func(r *crm.Record) { s.records.put(*r) }); err != nil {
			return fmt.Errorf("build phone index: %w", err)
		}
		s.lastSeq.Store(tx.Bucket(bEvents).Sequence())
		return nil
	})
}

// orphanTTL is how long a status report for an unknown provider id is kept
// waiting for the send result that names it.
const orphanTTL = 24 * time.Hour

// prune deletes, once after open, expired notifications (clients already hide
// them) and status reports that never found their message.
func (s *Service) prune() error {
	now := s.now()
	return s.db.Update(func(tx *bolt.Tx) error {
		var dead [][]byte
		err := tx.Bucket(bNotifications).ForEach(func(k, v []byte) error {
			var n struct {
				ExpiresAt time.Time `json:"expires_at"`
			}
			if err := json.Unmarshal(v, &n); err != nil {
				return fmt.Errorf("decode notification %s: %w", k, err)
			}
			if !now.Before(n.ExpiresAt) {
				dead = append(dead, bytes.Clone(k))
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, k := range dead {
			if err := tx.Bucket(bNotifications).Delete(k); err != nil {
				return err
			}
		}
		dead = dead[:0]
		err = tx.Bucket(bOrphanStatus).ForEach(func(k, v []byte) error {
			var o orphanStatus
			if err := json.Unmarshal(v, &o); err != nil {
				return fmt.Errorf("decode orphan status %s: %w", k, err)
			}
			if now.Sub(o.At) > orphanTTL {
				dead = append(dead, bytes.Clone(k))
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, k := range dead {
			if err := tx.Bucket(bOrphanStatus).Delete(k); err != nil {
				return err
			}
		}
		return nil
	})
}

// SetProvider sets (or replaces) the provider and starts sending whatever is
// queued.
func (s *Service) SetProvider(p crm.Provider) { s.sender.setProvider(p) }

// PendingSends is how many sends have not reached a final state in the
// store: waiting for, or in, a provider call, or answered by the provider
// with the answer not recorded yet (UnrecordedSends).
func (s *Service) PendingSends() int { return s.sender.pending() }

// UnrecordedSends is how many sends the provider answered whose answer the
// store failed to record so far; the sender keeps trying (see sender).
func (s *Service) UnrecordedSends() int { return s.sender.unrecorded() }

// Close stops the sender (letting in-flight provider calls finish for a
// moment), the dispatcher, and closes the store. Safe to call twice.
func (s *Service) Close() error {
	s.closeOnce.Do(func() {
		<-s.pruned
		s.sender.stop()
		s.commits.stop()
		s.disp.stop()
		if err := s.db.Close(); err != nil {
			s.closeErr = fmt.Errorf("close store: %w", err)
		}
	})
	return s.closeErr
}

// Authenticate maps a bearer token to its user; ErrUnauthorized otherwise.
func (s *Service) Authenticate(token string) (crm.User, error) {
	u, ok := s.dir.Load().authenticate(token)
	if !ok {
		return crm.User{}, ErrUnauthorized
	}
	return u, nil
}

func (s *Service) now() time.Time { return s.clock().UTC() }

func (s *Service) newID(prefix string) string {
	s.randMu.Lock()
	defer s.randMu.Unlock()
	return crm.NewID(prefix, s.rand)
}

// newTimeID is newID with the creation time (fixed-width hex nanoseconds)
// between the prefix and the random part, so ids made one after another
// sort one after another. Keys built from them land on the last page of
// their bucket instead of a random one: a group commit of 64 inbound
// messages then dirties one index page, not 64.
func (s *Service) newTimeID(prefix string, t time.Time) string {
	// Built by hand: fmt.Sprintf here was 1% of an inbound message's CPU
	// (three ids per message).
	const hexDigits = "0123456789abcdef"
	b := make([]byte, len(prefix)+17)
	copy(b, prefix)
	b[len(prefix)] = '_'
	ns := uint64(t.UnixNano())
	for i := len(b) - 1; i > len(prefix); i-- {
		b[i] = hexDigits[ns&0xf]
		ns >>= 4
	}
	return s.newID(string(b))
}

// writeTx is one change being made inside a bbolt transaction: the events
// it appends and what to update in memory once it is committed.
type writeTx struct {
	// tx is the bbolt write transaction; nil while a change is being
	// prepared outside it (prepare.go), when kv buffers the writes.
	tx     *bolt.Tx
	kv     kv
	s      *Service
	now    time.Time
	events []crm.Event
	after  []func()
	dir    *directory
	// encoded holds, while preparing, each event's stored JSON (Seq 0: the
	// Seq is its key, assigned when the change is applied).
	encoded [][]byte
}

// emit appends an event to the log in this transaction.
func (w *writeTx) emit(ev crm.Event) error { return w.emitWith(ev, eventRaw{}) }

// emitWith is emit reusing payload bytes already encoded (see eventRaw).
func (w *writeTx) emitWith(ev crm.Event, raw eventRaw) error {
	ev.At = w.now
	if w.tx == nil {
		body, err := encodeEvent(ev, raw)
		if err != nil {
			return err
		}
		w.encoded = append(w.encoded, body)
		w.events = append(w.events, ev)
		return nil
	}
	if err := appendEvent(w.tx, &ev, w.s.maxEvents, raw); err != nil {
		return err
	}
	w.events = append(w.events, ev)
	return nil
}

// onCommit runs fn after the transaction committed (in-memory indexes).
func (w *writeTx) onCommit(fn func()) { w.after = append(w.after, fn) }

// write runs fn in a group commit (see committer): concurrent writers share
// one fsync. fn may run more than once (when another change of the group
// fails, the rest are re-run), so fn must only touch the transaction and
// its writeTx; everything else happens after the commit, from the writeTx
// of the run that was committed. Returns once the change is durable.
func (s *Service) write(fn func(w *writeTx) error) error {
	var committed *writeTx
	err := s.commits.do(func(tx *bolt.Tx) error {
		w := &writeTx{tx: tx, kv: txKV{tx}, s: s, now: s.now(), dir: s.dir.Load()}
		if err := fn(w); err != nil {
			return err
		}
		committed = w
		return nil
	})
	if err != nil {
		return err
	}
	s.afterCommit(committed)
	return nil
}

func (s *Service) afterCommit(w *writeTx) {
	for _, fn := range w.after {
		fn()
	}
	if n := len(w.events); n > 0 {
		last := w.events[n-1].Seq
		for {
			cur := s.lastSeq.Load()
			if cur >= last || s.lastSeq.CompareAndSwap(cur, last) {
				break
			}
		}
		s.disp.publish(w.events)
	}
}

// reloadDirectory rebuilds the in-memory directory after a commit that
// changed users, teams, numbers or the org (administration, issue 8, calls
// it from its onCommit hook; prepared changes see the new pointer and redo).
func (s *Service) reloadDirectory() error {
	return s.db.View(func(tx *bolt.Tx) error {
		d, err := loadDirectory(tx)
		if err != nil {
			return fmt.Errorf("reload directory: %w", err)
		}
		s.dir.Store(d)
		return nil
	})
}

// timeBytes encodes t for ordered keys.
func timeBytes(t time.Time) []byte { return binary.BigEndian.AppendUint64(nil, uint64(t.UnixNano())) }
