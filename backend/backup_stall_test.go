package backend

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"smsdesk/crm"
)

// A client that asks for a backup and then never reads the body must not
// hold a read transaction open while the server waits on it: inbound
// messages keep committing, and the snapshot's temporary file is gone once
// the client has gone away.
func TestBackupClientThatNeverReadsDoesNotBlockWrites(t *testing.T) {
	e := newEnv(t, adminDataset(t))
	// Make the store larger than the loopback socket buffers, so the
	// server really is stuck writing the body while the client hangs.
	filler := make([]byte, 1<<20)
	err := e.svc.db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists([]byte("test_backup_filler"))
		if err != nil {
			return err
		}
		for i := range 24 {
			if err := b.Put(fmt.Appendf(nil, "%02d", i), filler); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	u, err := url.Parse(e.srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	// A small receive buffer, set before connecting, keeps the window small.
	d := net.Dialer{Control: func(_, _ string, c syscall.RawConn) error {
		var serr error
		if err := c.Control(func(fd uintptr) {
			serr = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 4096)
		}); err != nil {
			return err
		}
		return serr
	}}
	conn, err := d.Dial("tcp", u.Host)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	req := "GET /api/v1/admin/backup HTTP/1.1\r\nHost: " + u.Host + "\r\nAuthorization: Bearer " + tokRoot + "\r\n\r\n"
	if _, err := conn.Write([]byte(req)); err != nil {
		t.Fatal(err)
	}
	// The client reads nothing from here on.

	temps := func() []string {
		m, err := filepath.Glob(filepath.Join(e.dir, backupTempPattern))
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	eventually(t, "the backup's temporary copy", func() bool { return len(temps()) == 1 })
	// The snapshot is taken: no read transaction is left open while the
	// server waits for the client.
	eventually(t, "the backup's read transaction to end", func() bool { return e.svc.db.Stats().OpenTxN == 0 })

	done := make(chan error, 1)
	go func() {
		body := strings.Repeat("x", 500)
		for i := range 200 {
			err := e.svc.ReceiveSMS(context.Background(), crm.InboundSMS{ProviderID: fmt.Sprintf("SMstall%03d", i),
				From: phoneJane, To: numAlice, Body: body})
			if err != nil {
				done <- fmt.Errorf("inbound %d: %w", i, err)
				return
			}
		}
		done <- nil
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("inbound messages did not commit while a backup client hung")
	}
	if n := len(temps()); n != 1 {
		t.Fatalf("%d temporary copies while the client hangs, want 1 (the server gave up too early?)", n)
	}
	err = e.svc.db.View(func(tx *bolt.Tx) error {
		if tx.Bucket(bMsgByProvider).Get([]byte("SMstall199")) == nil {
			return fmt.Errorf("the last inbound message is not stored")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	// The client goes away: the server's write fails and the copy is removed.
	if err := conn.Close(); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the temporary copy to be removed", func() bool { return len(temps()) == 0 })
}
