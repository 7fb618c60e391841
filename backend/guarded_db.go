package backend

import (
	"fmt"
	"runtime/debug"

	bolt "go.etcd.io/bbolt"
)

// guardedDB is the store as the service uses it: every transaction runs
// under a fault guard. Open no longer reads every page (it reads the meta
// pages, the free list and the bucket roots), so a damaged page elsewhere
// is first met by whichever transaction reads it; there it becomes an
// ErrCorruptStore naming the file and the recovery, never a crash. bbolt
// rolls the transaction back while the panic unwinds.
type guardedDB struct {
	*bolt.DB
}

// View is bolt.DB.View under the guard.
func (g guardedDB) View(fn func(*bolt.Tx) error) error {
	return g.guard(func() error { return g.DB.View(fn) })
}

// Update is bolt.DB.Update under the guard.
func (g guardedDB) Update(fn func(*bolt.Tx) error) error {
	return g.guard(func() error { return g.DB.Update(fn) })
}

// guard is guardFault with the file named, as Open's errors name it.
func (g guardedDB) guard(fn func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("store %s: %w: bbolt: %v", g.DB.Path(), ErrCorruptStore, r)
		}
	}()
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	return fn()
}
