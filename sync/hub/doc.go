// Package hub is the server side of sync: it authenticates a websocket,
// catches the client up (snapshot or events since its cursor) and fans live
// events out per user (hub.go, conn.go, catchup.go). It reaches the backend
// only through the Backend interface it defines (backend.go), which
// *backend.Service implements.
//
// The frames it speaks are in smsdesk/sync/wire; the protocol is documented
// in docs/sync-protocol.md.
package hub
