package backend

import (
	"errors"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// A change handed to the committer after it stopped is ErrClosed, never a
// wait for ever: the sim provider posts delivery receipts after the demo
// closed its store, and TestDemoKeepsDataUntilFresh hung in Close about one
// run in 30 on a write that went into the queue after its last drain.
func TestWriteAfterStopIsErrClosed(t *testing.T) {
	db, err := bolt.Open(filepath.Join(t.TempDir(), "c.db"), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	c := newCommitter(guardedDB{db})
	c.stop()
	for i := range 200 {
		done := make(chan error, 1)
		go func() { done <- c.do(func(*bolt.Tx) error { return nil }) }()
		select {
		case err := <-done:
			if !errors.Is(err, ErrClosed) {
				t.Fatalf("write %d after stop: %v, want ErrClosed", i, err)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("write %d after stop never answered", i)
		}
	}
}
