package localdb

import (
	"encoding/json"
	"fmt"
	"syscall"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"smsdesk/crm"
)

// BenchmarkApplyMessages is a first sync: pages of 1,000 messages (100
// conversations, 10 messages each, as the server pages them) into a cache
// that starts empty and grows with b.N.
func BenchmarkApplyMessages(b *testing.B) {
	db, _ := openTest(b, newClock())
	s := snapshot(1)
	s.Conversations = nil
	for c := 0; c < 1000; c++ {
		s.Conversations = append(s.Conversations, conv(fmt.Sprintf("cv_%04d", c), "r1", custA, t0))
	}
	must(b, db.ApplySnapshot(s))
	const batch = 1000
	page := make([]crm.Message, batch)
	n := 0
	cpu0 := cpuTime()
	for b.Loop() {
		for i := range page {
			created := t0.Add(time.Duration(n) * time.Second)
			conv := fmt.Sprintf("cv_%04d", (n/10)%1000)
			if n%2 == 0 {
				page[i] = inbound(fmt.Sprintf("m_%08d", n), conv, created)
			} else {
				page[i] = outbound(fmt.Sprintf("m_%08d", n), conv, created, crm.StatusDelivered)
			}
			n++
		}
		if err := db.ApplyMessages(page); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "msgs/s")
	// CPU per message: on a shared machine wall time depends on the
	// neighbours; this says what the cache itself costs.
	b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/float64(n), "cpu-µs/msg")
}

// cpuTime is the process's user+system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkConversations reads the grid of 10,000 conversations, as the TUI
// does after each Change: rows unchanged since the last read are not decoded
// again. The cold case decodes every row (the first read after opening).
func BenchmarkConversations(b *testing.B) {
	b.Run("warm", func(b *testing.B) { benchConversations(b, false) })
	b.Run("cold", func(b *testing.B) { benchConversations(b, true) })
}

func benchConversations(b *testing.B, cold bool) {
	db, _ := openTest(b, newClock())
	s := snapshot(1)
	s.Conversations = nil
	for c := 0; c < 10000; c++ {
		cv := conv(fmt.Sprintf("cv_%05d", c), "r1", custA, t0)
		m := inbound("last_"+cv.ID, cv.ID, t0.Add(time.Duration(c*7919%10000)*time.Second))
		cv.LastMessage, cv.LastMessageAt = &m, m.CreatedAt
		s.Conversations = append(s.Conversations, cv)
	}
	must(b, db.ApplySnapshot(s))
	b.ResetTimer()
	for b.Loop() {
		if cold {
			db.rows.replace(nil)
		}
		rows, err := db.Conversations()
		if err != nil || len(rows) != 10000 {
			b.Fatal(len(rows), err)
		}
	}
}

// BenchmarkLastMessages opens a 5,000-message thread at its newest 50.
func BenchmarkLastMessages(b *testing.B) {
	db, _ := openTest(b, newClock())
	must(b, db.ApplySnapshot(snapshot(1)))
	msgs := thread("cv1", 5000)
	must(b, db.ApplyMessages(msgs))
	must(b, db.ApplyMessages(thread("cv2", 5000)))
	b.ResetTimer()
	for b.Loop() {
		got, err := db.LastMessages("cv1", 50)
		if err != nil || len(got) != 50 {
			b.Fatal(len(got), err)
		}
	}
}

// BenchmarkApplyMessagesFloor is the floor BenchmarkApplyMessages is
// measured against on the same machine in the same run: the same pages,
// JSON-encoded and put under the same keys into one bare bucket, 1,000 per
// transaction, with no index, no row and no idempotency check.
func BenchmarkApplyMessagesFloor(b *testing.B) {
	db, _ := openTest(b, newClock())
	const batch = 1000
	page := make([]crm.Message, batch)
	n := 0
	for b.Loop() {
		for i := range page {
			created := t0.Add(time.Duration(n) * time.Second)
			page[i] = inbound(fmt.Sprintf("m_%08d", n), fmt.Sprintf("cv_%04d", (n/10)%1000), created)
			n++
		}
		err := db.bolt.Update(func(tx *bolt.Tx) error {
			bk, err := tx.CreateBucketIfNotExists([]byte("floor"))
			if err != nil {
				return err
			}
			for _, m := range page {
				data, err := json.Marshal(&m)
				if err != nil {
					return err
				}
				if err := bk.Put(msgKey(m.ConversationID, m.CreatedAt, m.ID), data); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "msgs/s")
}
