package localdb

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

const defaultTimeout = time.Second

// Open opens (creating if needed) the cache file at path. A file locked by
// another instance fails with ErrLocked within opts.Timeout; a file that is
// not a bbolt file or is damaged fails with ErrCorrupt; a file of another
// schema fails with ErrSchema. Each is wrapped with the path and a hint.
func Open(path string, opts Options) (*DB, error) {
	if opts.Timeout <= 0 {
		opts.Timeout = defaultTimeout
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("open cache %s: %w", path, err)
	}
	if opts.Reset {
		if err := reset(path, opts.Timeout); err != nil {
			return nil, err
		}
	}
	bdb, err := openBolt(path, opts.Timeout)
	if err != nil {
		return nil, err
	}
	if err := verify(bdb, path); err != nil {
		_ = bdb.Close()
		return nil, err
	}
	return &DB{bolt: bdb, path: path, now: opts.Now, subs: map[*subscriber]struct{}{}}, nil
}

// reset deletes the file, but only after taking its lock: a cache in use by
// another instance must not vanish under it.
func reset(path string, timeout time.Duration) error {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	bdb, err := openBolt(path, timeout)
	switch {
	case err == nil:
		_ = bdb.Close()
	case errors.Is(err, ErrLocked):
		return err
	}
	// Corrupt or fine, it goes: a new file (a new inode) also sheds any lock
	// a panicking open may have leaked on the old one.
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("reset cache %s: %w", path, err)
	}
	return nil
}

// openBolt opens the file with bbolt and classifies its errors. bbolt may
// panic, or fault on a mapped page past the end of a truncated file, while
// reading a damaged file: both become ErrCorrupt here instead of killing
// the process.
func openBolt(path string, timeout time.Duration) (bdb *bolt.DB, err error) {
	var file *os.File
	defer func() {
		if r := recover(); r != nil {
			// bbolt did not get to close the file: do it, which releases
			// the flock it holds.
			if file != nil {
				_ = file.Close()
			}
			bdb, err = nil, corrupt(path, fmt.Errorf("bbolt: %v", r))
		}
	}()
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	bdb, err = bolt.Open(path, 0o600, &bolt.Options{
		Timeout: timeout,
		OpenFile: func(name string, flag int, perm os.FileMode) (*os.File, error) {
			f, err := os.OpenFile(name, flag, perm)
			file = f
			return f, err
		},
	})
	switch {
	case err == nil:
		return bdb, nil
	case errors.Is(err, berrors.ErrTimeout):
		return nil, fmt.Errorf("open cache %s: %w (%s)", path, ErrLocked, hintLocked)
	case errors.Is(err, fs.ErrPermission), errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("open cache %s: %w", path, err)
	default:
		// ErrInvalid, ErrVersionMismatch, ErrChecksum, "file size too
		// small", an mmap failure on a bogus page size…
		return nil, corrupt(path, err)
	}
}

func corrupt(path string, cause error) error {
	return fmt.Errorf("open cache %s: %w: %v (%s)", path, ErrCorrupt, cause, hintReset)
}

// verify runs the first write transaction: it checks the file is not
// shorter than bbolt believes (a truncated copy), stamps or checks the
// schema and touches every bucket's first key so a damaged page shows up
// now, as ErrCorrupt, rather than as a panic in the middle of the TUI.
func verify(bdb *bolt.DB, path string) error {
	info, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("open cache %s: %w", path, err)
	}
	err = safely(func() error {
		return bdb.Update(func(tx *bolt.Tx) error {
			if tx.Size() > info.Size() {
				return fmt.Errorf("%w: file is %d bytes, its pages need %d (truncated)", ErrCorrupt, info.Size(), tx.Size())
			}
			if err := ensureSchema(tx); err != nil {
				return err
			}
			for _, name := range allBuckets {
				c := tx.Bucket(name).Cursor()
				c.First()
				c.Last()
			}
			return nil
		})
	})
	switch {
	case err == nil:
		return nil
	case errors.Is(err, ErrCorrupt), errors.Is(err, ErrSchema):
		return fmt.Errorf("open cache %s: %w (%s)", path, err, hintReset)
	default:
		return fmt.Errorf("open cache %s: %w", path, err)
	}
}

// safely runs fn, turning a bbolt panic or a fault on the mapped file (a
// damaged page) into ErrCorrupt. bbolt rolls the transaction back while the
// panic unwinds, so the handle stays usable.
func safely(fn func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: bbolt: %v", ErrCorrupt, r)
		}
	}()
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	return fn()
}
