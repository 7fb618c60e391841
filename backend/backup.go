package backend

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"path/filepath"

	bolt "go.etcd.io/bbolt"

	"smsdesk/crm"
)

// backupTempPattern names the snapshot a backup writes in the data
// directory before sending it (os.CreateTemp makes it 0600).
const backupTempPattern = ".smsdesk-backup-*.tmp"

// Backup writes a consistent copy of the whole store to w while the server
// keeps running: bbolt's Tx.WriteTo inside one read transaction copies the
// file exactly as of its start to a temporary file in the data directory
// (local disk, so the transaction stays short), and the copy is sent to w
// after the transaction has ended. A client that reads slowly, or not at
// all, therefore never pins a read transaction: freed pages stay reusable
// and a remap never waits for it. The temporary file is removed when
// Backup returns, whatever happened. size is called with the copy's length
// (e.g. for Content-Length) before anything is written to w. The copy is a
// valid smsdesk.db: stop a server, put it in DIR/smsdesk.db, and start it
// with --data DIR.
func (s *Service) Backup(ctx context.Context, actor crm.User, w io.Writer, size func(int64)) error {
	if err := checkAdmin(actor, ActBackup); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(s.db.Path()), backupTempPattern)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer func() {
		f.Close()
		if err := os.Remove(f.Name()); err != nil && !errors.Is(err, os.ErrNotExist) {
			s.log.Error("backup: remove the temporary copy", "file", f.Name(), "err", err)
		}
	}()
	var n int64
	err = s.db.View(func(tx *bolt.Tx) error {
		var err error
		n, err = tx.WriteTo(ctxWriter{ctx: ctx, w: f})
		return err
	})
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if err := dropCopiedFreelist(f); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	// The mark makes a store restored from this copy start a new event log
	// epoch (epoch.go). Writing it may grow the copy: measure again.
	if err := markBackup(f.Name()); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	st, err := f.Stat()
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	n = st.Size()
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if size != nil {
		size(n)
	}
	if _, err := io.CopyN(ctxWriter{ctx: ctx, w: w}, f, n); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	// The backup itself is audited after the copy (it is not part of it).
	return s.runAdmin(ctx, actor, ActBackup, func(a *adminTx) error {
		a.target, a.after = "smsdesk.db", map[string]int64{"bytes": n}
		return nil
	})
}

// ctxWriter stops a long copy once the client has gone.
type ctxWriter struct {
	ctx context.Context
	w   io.Writer
}

func (c ctxWriter) Write(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.w.Write(p)
}

// dropCopiedFreelist makes the copy's meta pages name no free list, so the
// open that marks it (markBackup) rebuilds its free list from the pages the
// copy reaches and writes a fresh one. A copy taken under write load while
// the free list is persisted failed bbolt's check now and then ("page 0:
// already freed", TestBackupUnderWriteLoadRestoresAcknowledgedMessages);
// the cause in bbolt's WriteTo was not found in time, a rebuilt free list
// is right by construction. Meta layout: see checkFileSize.
func dropCopiedFreelist(f *os.File) error {
	le := binary.LittleEndian
	head := make([]byte, 16+80)
	if _, err := f.ReadAt(head, 0); err != nil {
		return fmt.Errorf("read the copy's meta: %w", err)
	}
	pageSize := int64(le.Uint32(head[16+8:]))
	for _, off := range []int64{0, pageSize} {
		buf := make([]byte, 16+80)
		if _, err := f.ReadAt(buf, off); err != nil {
			return fmt.Errorf("read the copy's meta at %d: %w", off, err)
		}
		m := buf[16:]
		le.PutUint64(m[32:], ^uint64(0)) // bbolt's PgidNoFreelist
		h := fnv.New64a()
		h.Write(m[:56])
		le.PutUint64(m[56:], h.Sum64())
		if _, err := f.WriteAt(buf, off); err != nil {
			return fmt.Errorf("write the copy's meta at %d: %w", off, err)
		}
	}
	return f.Sync()
}
