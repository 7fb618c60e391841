package backend

import (
	"fmt"
	"sync"
	"sync/atomic"

	bolt "go.etcd.io/bbolt"
)

// maxGroupCommit bounds how many changes share one transaction, so one
// commit's latency stays bounded under a flood.
const maxGroupCommit = 256

// committer is smsdesk's group commit. bbolt's own DB.Batch fires on a
// timer: under load a batch is cut after MaxBatchDelay while the previous
// one still holds the writer lock, so batches fragment into a few calls
// each (measured: 5.7 changes per commit from 64 concurrent writers, about
// 700 inbound messages/s). Here one goroutine commits: it takes every
// change that queued up while the previous commit was being written and
// runs them in one transaction, so the batch size adapts to the commit
// latency without any timer.
type committer struct {
	db       guardedDB
	reqs     chan *commitReq
	stopOnce sync.Once
	stopping chan struct{}
	stopped  chan struct{}
	// fault, when set, is asked before each commit with the group's
	// transaction; an error fails the whole commit as a full disk would
	// (every change of the group gets it, nothing is written). Tests set
	// it with injectFault; production never does.
	fault atomic.Pointer[commitFault]
}

// commitFault decides whether a group's commit fails; tx holds the
// group's changes, so it can pick the commit it fails by what it sees.
type commitFault func(tx *bolt.Tx) error

// injectFault makes commits fail while f returns an error (nil: never).
func (c *committer) injectFault(f commitFault) {
	if f == nil {
		c.fault.Store(nil)
		return
	}
	c.fault.Store(&f)
}

type commitReq struct {
	fn   func(*bolt.Tx) error
	done chan error
}

func newCommitter(db guardedDB) *committer {
	c := &committer{db: db, reqs: make(chan *commitReq, maxGroupCommit),
		stopping: make(chan struct{}), stopped: make(chan struct{})}
	go c.run()
	return c
}

// do runs fn in a shared transaction and returns once it is committed (or
// failed). fn may run more than once (when another change of the same
// group fails, the rest are run again in a fresh transaction), so it must
// only act through the transaction.
func (c *committer) do(fn func(*bolt.Tx) error) error {
	req := &commitReq{fn: fn, done: make(chan error, 1)}
	select {
	case c.reqs <- req:
	case <-c.stopping:
		return ErrClosed
	}
	// Once stopping, the send above may still succeed (the queue is
	// buffered and select picks at random) after run has drained the queue
	// for the last time: nobody would answer. run answers every change it
	// took before it ends, so after stopped an unanswered one was never
	// taken.
	select {
	case err := <-req.done:
		return err
	case <-c.stopped:
		select {
		case err := <-req.done:
			return err
		default:
			return ErrClosed
		}
	}
}

func (c *committer) run() {
	defer close(c.stopped)
	for {
		var first *commitReq
		select {
		case first = <-c.reqs:
		case <-c.stopping:
			// Answer whatever is still queued, then stop.
			for {
				select {
				case r := <-c.reqs:
					r.done <- ErrClosed
				default:
					return
				}
			}
		}
		group := []*commitReq{first}
	drain:
		for len(group) < maxGroupCommit {
			select {
			case r := <-c.reqs:
				group = append(group, r)
			default:
				break drain
			}
		}
		c.commit(group)
	}
}

// commit runs a group in one transaction. A change that fails is taken out
// and answered with its error; the others are run again without it.
func (c *committer) commit(group []*commitReq) {
	for len(group) > 0 {
		failed := -1
		var failErr error
		err := c.db.Update(func(tx *bolt.Tx) error {
			fillStreams(tx)
			for i, r := range group {
				if err := safeCall(r.fn, tx); err != nil {
					failed, failErr = i, err
					return err
				}
			}
			if f := c.fault.Load(); f != nil {
				return (*f)(tx)
			}
			return nil
		})
		if failed >= 0 {
			group[failed].done <- failErr
			group = append(group[:failed], group[failed+1:]...)
			continue
		}
		for _, r := range group {
			r.done <- err // nil, or a commit error every change shares
		}
		return
	}
}

// safeCall turns a panic in a change into an error for that change alone.
func safeCall(fn func(*bolt.Tx) error, tx *bolt.Tx) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic in write: %v", p)
		}
	}()
	return fn(tx)
}

// stop refuses new changes, commits nothing more, and waits for the
// committing goroutine to end.
func (c *committer) stop() {
	c.stopOnce.Do(func() { close(c.stopping) })
	<-c.stopped
}
