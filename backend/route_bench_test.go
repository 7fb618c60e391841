package backend

import (
	"fmt"
	"os"
	"runtime"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"smsdesk/crm"
)

// benchRouting is built once per benchmark process: a million records take
// a few seconds to index.
var benchRouting struct {
	once sync.Once
	dir  string
	svc  *Service
	num  crm.BusinessNumber
	err  error
}

const benchCustomer = "+14155559999"

// setupRouteBench opens a real Service on a real bbolt file, imports the
// base dataset, then adds 1,000,000 records to the in-memory phone index:
// 999,990 with numbers of their own and 10 that share benchCustomer. The
// million are put in the index directly rather than written to bbolt (the
// decision path reads only the index for them, and writing 1M records
// would make the benchmark's setup take minutes); the 10 sharing records
// are also stored in bbolt, and two of them hold conversations with the
// customer (one on the benchmark's number N), so the pair index and the
// conversation reads that routing does are exercised too.
func setupRouteBench(b *testing.B) (*Service, crm.BusinessNumber) {
	benchRouting.once.Do(func() {
		// Not b.TempDir: the store outlives this benchmark for the next one
		// (the process exit releases it).
		dir, err := os.MkdirTemp("", "smsdesk-route-bench-")
		if err != nil {
			benchRouting.err = err
			return
		}
		benchRouting.dir = dir
		svc, err := Open(Config{Dir: dir, Now: newTestClock().Now})
		if err != nil {
			benchRouting.err = err
			return
		}
		raw := dataset(b, "base.json", nil)
		if err := svc.ImportDataset(raw); err != nil {
			benchRouting.err = err
			return
		}
		base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		x := svc.records
		x.mu.Lock()
		for i := range 999_990 {
			x.putLocked(crm.Record{
				ID: fmt.Sprintf("rec_%07d", i), Type: crm.RecordTypes[i%4], Name: fmt.Sprintf("Customer %d", i),
				Owner: crm.Owner{Kind: crm.OwnerUser, ID: "u_bob"}, Active: i%3 != 0, UpdatedAt: base.Add(time.Duration(i) * time.Second),
				Phones: map[crm.PhoneField]string{crm.PhoneMobile: fmt.Sprintf("+1650%07d", i)},
			})
		}
		x.mu.Unlock()
		owners := []crm.Owner{{Kind: crm.OwnerUser, ID: "u_alice"}, {Kind: crm.OwnerUser, ID: "u_bob"}, {Kind: crm.OwnerTeam, ID: "t_west"}}
		err = svc.db.Update(func(tx *bolt.Tx) error {
			for i := range 10 {
				r := crm.Record{ID: fmt.Sprintf("shared_%02d", i), Type: crm.RecordTypes[i%4], Name: fmt.Sprintf("Shared %d", i),
					Owner: owners[i%3], Active: i%2 == 0, UpdatedAt: base.Add(time.Duration(i) * time.Hour),
					Phones: map[crm.PhoneField]string{crm.PhoneMobile: benchCustomer}}
				if err := putJSON(tx.Bucket(bRecords), []byte(r.ID), r); err != nil {
					return err
				}
				svc.records.put(r)
			}
			for i, biz := range []string{numAlice, numWest} {
				c := crm.Conversation{ID: fmt.Sprintf("cv_bench_%d", i), Record: crm.RecordRef{Type: crm.RecordTypes[(i+3)%4], ID: fmt.Sprintf("shared_%02d", i+3)},
					BusinessNumber: biz, CustomerNumber: benchCustomer, CreatedAt: base, LastMessageAt: base.Add(time.Duration(i) * time.Minute)}
				if err := putConversation(txKV{tx}, c, ""); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			benchRouting.err = err
			return
		}
		// Collect the setup's garbage now, not during the measurement.
		runtime.GC()
		benchRouting.svc = svc
		benchRouting.num = svc.dir.Load().numbers[numAlice]
	})
	if benchRouting.err != nil {
		b.Fatal(benchRouting.err)
	}
	return benchRouting.svc, benchRouting.num
}

// BenchmarkRouteInbound measures one routing decision against 1,000,000
// records of which 10 share the customer's number: phone index lookup,
// pair index, the conversation on N–C, crm.Route. Target: ≤ 20 µs.
func BenchmarkRouteInbound(b *testing.B) {
	svc, num := setupRouteBench(b)
	if n := svc.records.len(); n < 1_000_000 {
		b.Fatalf("index holds %d records", n)
	}
	d := svc.dir.Load()
	tx, err := svc.db.Begin(false)
	if err != nil {
		b.Fatal(err)
	}
	defer tx.Rollback()
	dec, cands, err := svc.route(txKV{tx}, d, num, benchCustomer)
	if err != nil || len(cands) != 10 || dec.Record.ID != "shared_03" || dec.Rule != crm.RuleRecentConversation {
		b.Fatalf("decision %+v over %d candidates: %v", dec, len(cands), err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, _, err := svc.route(txKV{tx}, d, num, benchCustomer); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRouteInboundNewTx is the same decision including the cost of
// opening a read transaction per message (inbound runs inside its write
// transaction, so this is the pessimistic figure).
func BenchmarkRouteInboundNewTx(b *testing.B) {
	svc, num := setupRouteBench(b)
	d := svc.dir.Load()
	b.ReportAllocs()
	for b.Loop() {
		err := svc.db.View(func(tx *bolt.Tx) error {
			_, _, err := svc.route(txKV{tx}, d, num, benchCustomer)
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

// TestMain removes the routing benchmark's store, which outlives any one
// benchmark.
func TestMain(m *testing.M) {
	code := m.Run()
	if benchRouting.svc != nil {
		benchRouting.svc.Close()
	}
	if benchRouting.dir != "" {
		os.RemoveAll(benchRouting.dir)
	}
	os.Exit(code)
}
