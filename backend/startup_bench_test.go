package backend

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
	"golang.org/x/sys/unix"

	"smsdesk/crm"
)

// BenchmarkServeStart times Open (store to ready: the part of `serve` before
// it listens) on a store of SMSDESK_STARTUP_MESSAGES messages (default
// 1,000,000), cold (the file's pages dropped from the page cache with
// posix_fadvise DONTNEED) and warm, beside the limit measured in the same
// run: opening bbolt read-only and reading its meta bucket, cold. Not run by
// `go test ./...` (benchmarks never are); run by hand, see README
// "Performance":
//
//	SMSDESK_STARTUP_DIR=/tmp/startup1m go test -run '^$' -bench ServeStart -benchtime 3x ./backend
//
// SMSDESK_STARTUP_DIR keeps the built store between runs (built once when
// absent); without it the store is built in a temporary directory.
func BenchmarkServeStart(b *testing.B) {
	n := 1_000_000
	if v := os.Getenv("SMSDESK_STARTUP_MESSAGES"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n <= 0 {
			b.Fatalf("SMSDESK_STARTUP_MESSAGES=%q: want a positive count", v)
		}
	}
	dir := os.Getenv("SMSDESK_STARTUP_DIR")
	if dir == "" {
		dir = b.TempDir()
	}
	path := filepath.Join(dir, DBFile)
	if _, err := os.Stat(path); err != nil {
		start := time.Now()
		if err := buildStartupStore(dir, n); err != nil {
			b.Fatal(err)
		}
		b.Logf("built %d messages in %s", n, time.Since(start).Round(time.Millisecond))
	}
	info, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	var limit, cold, warm time.Duration
	for range b.N {
		dropCache(b, path)
		limit += timeIt(b, func() error {
			db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
			if err != nil {
				return err
			}
			defer db.Close()
			return db.View(func(tx *bolt.Tx) error {
				if tx.Bucket(bMeta).Get([]byte("schema")) == nil {
					return fmt.Errorf("no schema in %s", path)
				}
				return nil
			})
		})
		dropCache(b, path)
		cold += timeOpen(b, dir)
		warm += timeOpen(b, dir)
	}
	per := func(d time.Duration) time.Duration { return (d / time.Duration(b.N)).Round(time.Millisecond) }
	b.ReportMetric(float64(per(cold).Milliseconds()), "cold-ms")
	b.ReportMetric(float64(per(warm).Milliseconds()), "warm-ms")
	b.ReportMetric(float64(per(limit).Milliseconds()), "limit-ms")
	b.Logf("store %d messages, %d MB: open cold %s, warm %s; limit (bbolt open + meta read, cold) %s; target cold <= 1s",
		n, info.Size()>>20, per(cold), per(warm), per(limit))
}

// timeOpen times Open to ready (what `serve` does before it listens);
// Close, which waits for the background prune, is not timed.
func timeOpen(b *testing.B, dir string) time.Duration {
	b.Helper()
	start := time.Now()
	s, err := Open(Config{Dir: dir})
	took := time.Since(start)
	if err != nil {
		b.Fatal(err)
	}
	if err := s.Close(); err != nil {
		b.Fatal(err)
	}
	return took
}

func timeIt(b *testing.B, fn func() error) time.Duration {
	b.Helper()
	start := time.Now()
	if err := fn(); err != nil {
		b.Fatal(err)
	}
	return time.Since(start)
}

// dropCache drops path's pages from the page cache (what a store not read
// since boot looks like), without root.
func dropCache(b *testing.B, path string) {
	b.Helper()
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		b.Fatal(err)
	}
	if err := unix.Fadvise(int(f.Fd()), 0, 0, unix.FADV_DONTNEED); err != nil {
		b.Fatal(err)
	}
}

// buildStartupStore writes n messages in batches of 20,000 per transaction:
// one record (with a phone) and one conversation per ten messages, one
// notification per hundred, in the store's own key layout, after Open made
// the buckets. Bodies are 60–100 characters, like the load test's.
func buildStartupStore(dir string, n int) error {
	s, err := Open(Config{Dir: dir, scratch: true})
	if err != nil {
		return err
	}
	if err := s.Close(); err != nil {
		return err
	}
	db, err := bolt.Open(filepath.Join(dir, DBFile), 0o600, &bolt.Options{NoSync: true})
	if err != nil {
		return err
	}
	defer db.Close()
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	const batch = 20_000
	for from := 0; from < n; from += batch {
		err := db.Update(func(tx *bolt.Tx) error {
			fillStreams(tx)
			put := func(bucket, k []byte, v any) error {
				raw, err := json.Marshal(v)
				if err != nil {
					return err
				}
				return tx.Bucket(bucket).Put(k, raw)
			}
			for i := from; i < min(from+batch, n); i++ {
				rec, conv := fmt.Sprintf("rec%07d", i/10), fmt.Sprintf("conv%07d", i/10)
				phone := fmt.Sprintf("+1202%07d", i/10)
				at := base.Add(time.Duration(i) * time.Second)
				if i%10 == 0 {
					r := crm.Record{ID: rec, Type: crm.RecordContact, Name: "Customer " + rec, Active: true, UpdatedAt: at,
						Owner: crm.Owner{Kind: crm.OwnerUser, ID: "u-alice"}, Phones: map[crm.PhoneField]string{crm.PhoneMobile: phone}}
					if err := put(bRecords, []byte(rec), r); err != nil {
						return err
					}
					c := crm.Conversation{ID: conv, Record: r.Ref(), RecordName: r.Name, BusinessNumber: "+14155550100",
						CustomerNumber: phone, CreatedAt: at, LastMessageAt: at}
					if err := put(bConversations, []byte(conv), c); err != nil {
						return err
					}
					if err := tx.Bucket(bConvByPair).Put(joinKey(phone, c.BusinessNumber, conv), []byte(rec)); err != nil {
						return err
					}
					if err := tx.Bucket(bConvByRecord).Put(joinKey(rec, conv), []byte{}); err != nil {
						return err
					}
				}
				id := fmt.Sprintf("msg%08d", i)
				m := crm.Message{ID: id, ConversationID: conv, Direction: crm.Inbound, From: phone, To: "+14155550100",
					Body:      fmt.Sprintf("Hello, this is message %d about the quote we discussed on the phone yesterday.", i),
					CreatedAt: at, Status: crm.StatusReceived, StatusAt: at, ProviderID: "SM" + id}
				key := messageKey(conv, at, id)
				if err := put(bMessages, key, m); err != nil {
					return err
				}
				if err := tx.Bucket(bMsgByID).Put([]byte(id), key); err != nil {
					return err
				}
				if i%100 == 0 {
					nt := crm.Notification{ID: fmt.Sprintf("n%08d", i), UserID: "u-alice", ConversationID: conv,
						ExpiresAt: base.AddDate(10, 0, 0)}
					if err := put(bNotifications, joinKey("u-alice", nt.ID), nt); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("build store at message %d: %w", from, err)
		}
	}
	return db.Sync()
}
