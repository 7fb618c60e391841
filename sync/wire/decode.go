package wire

import (
	"encoding/json"
	"fmt"
	"unicode/utf8"

	"smsdesk/crm"
)

// MaxFrameBytes bounds any frame DecodeFrame accepts. Server frames stay far
// below it because snapshots and message pages are chunked; the hub applies
// a much smaller bound to what clients send (HubConfig.MaxFrameBytes).
const MaxFrameBytes = 8 << 20

// DecodeError says why bytes are not a valid frame. Its Code is what the
// error frame sent back carries.
type DecodeError struct {
	Code ErrorCode
	Msg  string
}

func (e *DecodeError) Error() string { return "decode frame: " + string(e.Code) + ": " + e.Msg }

// DecodeFrame parses and validates one frame. It is a pure function: no
// I/O, no state, safe on any input (FuzzDecodeFrame holds it to that).
func DecodeFrame(data []byte) (Frame, error) {
	return DecodeFrameLimit(data, MaxFrameBytes)
}

// DecodeFrameLimit is DecodeFrame with the size bound given: the hub
// applies its configured MaxFrameBytes to client frames.
func DecodeFrameLimit(data []byte, limit int) (Frame, error) {
	if len(data) > limit {
		return Frame{}, &DecodeError{Code: ErrCodeTooLarge, Msg: fmt.Sprintf("%d bytes, limit %d", len(data), limit)}
	}
	// encoding/json silently replaces invalid UTF-8 with U+FFFD; a frame
	// that is not valid UTF-8 is refused instead so that nothing altered
	// reaches the store.
	if !utf8.Valid(data) {
		return Frame{}, &DecodeError{Code: ErrCodeInvalidUTF8, Msg: "frame is not valid UTF-8"}
	}
	var f Frame
	if err := json.Unmarshal(data, &f); err != nil {
		return Frame{}, &DecodeError{Code: ErrCodeBadJSON, Msg: err.Error()}
	}
	if f.V != Version {
		return Frame{}, &DecodeError{Code: ErrCodeBadVersion, Msg: fmt.Sprintf("version %d, want %d", f.V, Version)}
	}
	if err := validate(f); err != nil {
		return Frame{}, err
	}
	return f, nil
}

// validate checks that the fields a type needs are present, so handlers
// never dereference a nil payload.
func validate(f Frame) error {
	invalid := func(msg string) error {
		return &DecodeError{Code: ErrCodeInvalidFrame, Msg: string(f.Type) + ": " + msg}
	}
	if len(f.Epoch) > maxEpochLen {
		return invalid("epoch too long")
	}
	switch f.Type {
	case TypeHello, TypePing, TypePong, TypeSnapshotBegin, TypeSnapshotEnd, TypeEvents, TypeMessages:
		return nil
	case TypeCommand:
		switch {
		case f.Command == nil:
			return invalid("missing command")
		case f.Command.ID == "":
			return invalid("missing command id")
		case crm.CheckClientID("command.id", f.Command.ID) != nil:
			// Without a usable id there is nothing to acknowledge. The ids
			// a command refers to are checked when it is applied, and
			// refused in its ack, naming the field.
			return invalid(crm.CheckClientID("command.id", f.Command.ID).Error())
		case f.Command.Kind == "":
			return invalid("missing command kind")
		}
		return nil
	case TypeWelcome:
		if f.User == nil {
			return invalid("missing user")
		}
		return nil
	case TypeSnapshot:
		if f.Snapshot == nil {
			return invalid("missing snapshot")
		}
		return nil
	case TypeAck:
		if f.Result == nil || f.Result.ID == "" {
			return invalid("missing result id")
		}
		return nil
	case TypeError:
		if f.Error == nil {
			return invalid("missing error")
		}
		return nil
	case "":
		return &DecodeError{Code: ErrCodeUnknownType, Msg: "missing type"}
	default:
		return &DecodeError{Code: ErrCodeUnknownType, Msg: fmt.Sprintf("unknown type %.40q", string(f.Type))}
	}
}

// maxEpochLen bounds an epoch name (the server's are about 40 bytes).
const maxEpochLen = 128

// EncodeFrame marshals f with the version set.
func EncodeFrame(f Frame) ([]byte, error) {
	f.V = Version
	b, err := json.Marshal(f)
	if err != nil {
		return nil, fmt.Errorf("encode %s frame: %w", f.Type, err)
	}
	return b, nil
}
