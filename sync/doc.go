// Package sync keeps a client's local cache (localdb) and the backend in step
// over one websocket: the versioned JSON protocol (frames.go, decode.go), the
// server hub that authenticates, catches clients up and fans live events out
// per user (hub.go, conn.go), and the client that applies what it receives to
// localdb and replays its outbox (client.go).
//
// The wire protocol is documented in docs/sync-protocol.md.
package sync
