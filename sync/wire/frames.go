package wire

import (
	"smsdesk/crm"
)

// Version is the protocol version every frame carries in "v". A peer that
// receives another version answers with an error frame rather than guess.
const Version = 1

// FrameType names a frame. Client→server: hello, command, ping, pong.
// Server→client: welcome, snapshot_begin, snapshot, messages, snapshot_end,
// events, ack, error, ping, pong.
type FrameType string

const (
	TypeHello         FrameType = "hello"
	TypeCommand       FrameType = "command"
	TypePing          FrameType = "ping"
	TypePong          FrameType = "pong"
	TypeWelcome       FrameType = "welcome"
	TypeSnapshotBegin FrameType = "snapshot_begin"
	TypeSnapshot      FrameType = "snapshot"
	TypeMessages      FrameType = "messages"
	TypeSnapshotEnd   FrameType = "snapshot_end"
	TypeEvents        FrameType = "events"
	TypeAck           FrameType = "ack"
	TypeError         FrameType = "error"
)

// Frame is one websocket text message. It is a flat union: Type says which
// fields are meaningful (see docs/sync-protocol.md); the others are omitted
// on the wire. A flat struct keeps decoding a single json.Unmarshal, which is
// both fast and easy to fuzz.
type Frame struct {
	V    int       `json:"v"`
	Type FrameType `json:"type"`

	// hello: the client's cursor (last applied Seq, 0 for none) and an id
	// used only in logs. events (catch-up only): where the client's cursor
	// moves once the frame is applied, when that is past its last event:
	// the server read log entries this user may not see, and a reconnect
	// need not read them again. 0 (absent): the last event's Seq.
	Cursor   uint64 `json:"cursor,omitempty"`
	ClientID string `json:"client_id,omitempty"`
	// Epoch: welcome (the server's event log epoch) and hello (the epoch
	// the client's cursor belongs to; "" for none). A cursor from another
	// epoch is answered with a snapshot (docs/sync-protocol.md).
	Epoch string `json:"epoch,omitempty"`

	// command (client→server).
	Command *crm.Command `json:"command,omitempty"`

	// welcome: who the token belongs to and the server's newest Seq.
	User *crm.User `json:"user,omitempty"`
	// Seq: welcome (server's newest), snapshot_begin and snapshot_end (the
	// snapshot's Seq).
	Seq uint64 `json:"seq,omitempty"`

	// snapshot_begin: totals for the progress figure. TotalMessages is 0
	// when the server cannot count cheaply; progress then follows
	// conversations (see ConversationsDone).
	TotalConversations int `json:"total_conversations,omitempty"`
	TotalMessages      int `json:"total_messages,omitempty"`

	// snapshot: one part of the snapshot. The first part carries every field
	// but Records and Conversations, which follow in chunks; More is true on
	// every part but the last (also on events: more pages follow).
	Snapshot *crm.Snapshot `json:"snapshot,omitempty"`
	More     bool          `json:"more,omitempty"`

	// messages: a page of messages. During a snapshot, ConversationsDone is
	// how many of the snapshot's conversations are now complete. Outside a
	// snapshot (a conversation just granted), ConversationID names the
	// conversation the page belongs to.
	Messages          []crm.Message `json:"messages,omitempty"`
	ConversationsDone int           `json:"conversations_done,omitempty"`
	ConversationID    string        `json:"conversation_id,omitempty"`

	// events: events in Seq order, Audience stripped.
	Events []crm.Event `json:"events,omitempty"`

	// ack: the command's result (also on a replay).
	Result *crm.CommandResult `json:"result,omitempty"`

	// error: what was wrong; the connection stays open unless said otherwise.
	Error *ErrorBody `json:"error,omitempty"`
}

// ErrorCode classifies an error frame.
type ErrorCode string

const (
	ErrCodeBadJSON       ErrorCode = "bad_json"
	ErrCodeInvalidUTF8   ErrorCode = "invalid_utf8"
	ErrCodeTooLarge      ErrorCode = "too_large"
	ErrCodeUnknownType   ErrorCode = "unknown_type"
	ErrCodeBadVersion    ErrorCode = "unsupported_version"
	ErrCodeInvalidFrame  ErrorCode = "invalid_frame"
	ErrCodeHelloRequired ErrorCode = "hello_required"
	ErrCodeUnexpected    ErrorCode = "unexpected_frame"
	ErrCodeRateLimited   ErrorCode = "rate_limited"
	ErrCodeInternal      ErrorCode = "internal"
)

// ErrorBody is the payload of an error frame.
type ErrorBody struct {
	Code    ErrorCode `json:"code"`
	Message string    `json:"message"`
	// CommandID names the refused command (rate_limited).
	CommandID string `json:"command_id,omitempty"`
	// RetryAfterMS tells a rate-limited client when to resend.
	RetryAfterMS int64 `json:"retry_after_ms,omitempty"`
}
