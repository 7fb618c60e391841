// Package client is the client side of sync: it keeps a local cache
// (localdb) in step with the server over one websocket, applying what it
// receives and replaying its outbox (client.go, session.go), reconnecting
// with backoff (backoff.go) and reporting its state (status.go).
//
// It knows the server only through the wire format (smsdesk/sync/wire) and
// must never depend on the backend: TestClientAndTUIDoNotDependOnBackend
// fails if it, or the TUI, ever does.
package client
