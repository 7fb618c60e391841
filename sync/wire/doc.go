// Package wire is the sync protocol's wire format: the versioned JSON frames
// (frames.go), their decoding and validation (decode.go) and the ping
// answering both ends share (ping.go). Both the server hub
// (smsdesk/sync/hub) and the client (smsdesk/sync/client) import it; it
// imports neither, nor the backend.
//
// The protocol is documented in docs/sync-protocol.md.
package wire
