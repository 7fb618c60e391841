package backend

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	"smsdesk/crm"
)

// BenchmarkReceiveSMSParallel measures inbound messages committed per second
// from 64 concurrent senders through the Service (dedup, routing, message,
// conversation, events, notifications; durable on return), i.e. the store
// side of the webhook benchmark in backend/twilio.
func BenchmarkReceiveSMSParallel(b *testing.B) {
	svc, err := Open(Config{Dir: b.TempDir(), Now: newTestClock().Now})
	if err != nil {
		b.Fatal(err)
	}
	defer svc.Close()
	if err := svc.ImportDataset(dataset(b, "base.json", nil)); err != nil {
		b.Fatal(err)
	}
	customers := []string{phoneJane, phoneMarc, phoneLena, "+16505550123", "+34612345678"}
	for i := range 200 {
		customers = append(customers, fmt.Sprintf("+1202555%04d", i))
	}
	numbers := []string{numAlice, numWest, numEast}
	var n atomic.Int64
	before := svc.db.Stats().TxStats
	b.SetParallelism(32) // 64 goroutines on 2 cores
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := n.Add(1)
			m := crm.InboundSMS{ProviderID: fmt.Sprintf("SM%030d", i), From: customers[int(i)%len(customers)],
				To: numbers[int(i)%len(numbers)], Body: "bench message"}
			if err := svc.ReceiveSMS(context.Background(), m); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "msgs/s")
	after := svc.db.Stats().TxStats
	b.ReportMetric(float64(after.GetWrite()-before.GetWrite())/float64(b.N), "pagewrites/msg")
	if a, r := svc.preparedApplied.Load(), svc.preparedRedone.Load(); a+r > 0 {
		b.ReportMetric(100*float64(r)/float64(a+r), "%redone")
	}
}
