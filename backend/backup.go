package backend

import (
	"context"
	"fmt"
	"io"

	bolt "go.etcd.io/bbolt"

	"smsdesk/crm"
)

// Backup writes a consistent copy of the whole store to w while the server
// keeps running: bbolt's Tx.WriteTo inside one read transaction sees the
// file exactly as of its start, and writers go on meanwhile (a read
// transaction never blocks them). size is called first with the copy's
// length (e.g. for Content-Length). The copy is a valid smsdesk.db: stop
// a server, put it in DIR/smsdesk.db, and start it with --data DIR.
func (s *Service) Backup(ctx context.Context, actor crm.User, w io.Writer, size func(int64)) error {
	if err := checkAdmin(actor, ActBackup); err != nil {
		return err
	}
	var n int64
	err := s.db.View(func(tx *bolt.Tx) error {
		if size != nil {
			size(tx.Size())
		}
		var err error
		n, err = tx.WriteTo(ctxWriter{ctx: ctx, w: w})
		return err
	})
	if err != nil {
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
