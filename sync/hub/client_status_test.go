package hub

import (
	"context"
	"errors"
	"testing"
	"time"

	"smsdesk/sync/client"
)

func TestRunReturnsWhenTheTokenIsRefused(t *testing.T) {
	srv := newTestServer(t)
	db := openCache(t, t.TempDir()+"/c.db")
	t.Cleanup(func() { db.Close() })
	c := client.NewClient(client.ClientConfig{ServerURL: srv.url(), Token: "revoked-token-0000000", DB: db, Rand: testRand(2)})
	done := make(chan error, 1)
	go func() { done <- c.Run(context.Background()) }()
	select {
	case err := <-done:
		if !errors.Is(err, client.ErrUnauthorized) {
			t.Fatalf("Run = %v, want ErrUnauthorized", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run kept retrying a refused token")
	}
	if s := <-c.Status(); s.State != client.StateOffline || s.LastError == "" {
		t.Fatalf("status after refusal: %+v", s)
	}
}
