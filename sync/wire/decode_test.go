package wire

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDecodeFrameAcceptsEveryType(t *testing.T) {
	for _, in := range validFrames {
		f, err := DecodeFrame([]byte(in))
		if err != nil {
			t.Errorf("DecodeFrame(%s): %v", in, err)
			continue
		}
		if f.V != Version || f.Type == "" {
			t.Errorf("DecodeFrame(%s) = %+v", in, f)
		}
	}
}

func TestDecodeFrameRefusals(t *testing.T) {
	cases := []struct {
		name string
		in   []byte
		code ErrorCode
	}{
		{"not json", []byte(`{"v":1,"type":`), ErrCodeBadJSON},
		{"trailing garbage", []byte(`{"v":1,"type":"ping"} x`), ErrCodeBadJSON},
		{"array", []byte(`[1,2]`), ErrCodeBadJSON},
		{"wrong field type", []byte(`{"v":1,"type":"hello","cursor":"ten"}`), ErrCodeBadJSON},
		{"negative cursor", []byte(`{"v":1,"type":"hello","cursor":-1}`), ErrCodeBadJSON},
		{"invalid utf-8", append([]byte(`{"v":1,"type":"hello","client_id":"`), 0xff, 0xfe, '"', '}'), ErrCodeInvalidUTF8},
		{"missing version", []byte(`{"type":"ping"}`), ErrCodeBadVersion},
		{"future version", []byte(`{"v":2,"type":"ping"}`), ErrCodeBadVersion},
		{"missing type", []byte(`{"v":1}`), ErrCodeUnknownType},
		{"unknown type", []byte(`{"v":1,"type":"launch_missiles"}`), ErrCodeUnknownType},
		{"command without payload", []byte(`{"v":1,"type":"command"}`), ErrCodeInvalidFrame},
		{"command without id", []byte(`{"v":1,"type":"command","command":{"kind":"mark_read"}}`), ErrCodeInvalidFrame},
		{"command without kind", []byte(`{"v":1,"type":"command","command":{"id":"cmd_1"}}`), ErrCodeInvalidFrame},
		{"command id too long", []byte(`{"v":1,"type":"command","command":{"id":"` + strings.Repeat("x", 200) + `","kind":"mark_read"}}`), ErrCodeInvalidFrame},
		{"command id with NUL", []byte(`{"v":1,"type":"command","command":{"id":"cmd_1\u0000zz","kind":"mark_read"}}`), ErrCodeInvalidFrame},
		{"command id with a slash", []byte(`{"v":1,"type":"command","command":{"id":"a/b","kind":"mark_read"}}`), ErrCodeInvalidFrame},
		{"command id not ASCII", []byte(`{"v":1,"type":"command","command":{"id":"cmd_é","kind":"mark_read"}}`), ErrCodeInvalidFrame},
		{"ack without result", []byte(`{"v":1,"type":"ack"}`), ErrCodeInvalidFrame},
		{"welcome without user", []byte(`{"v":1,"type":"welcome","seq":3}`), ErrCodeInvalidFrame},
		{"snapshot without payload", []byte(`{"v":1,"type":"snapshot"}`), ErrCodeInvalidFrame},
		{"error without payload", []byte(`{"v":1,"type":"error"}`), ErrCodeInvalidFrame},
		{"oversized", []byte(`{"v":1,"type":"hello","client_id":"` + strings.Repeat("a", MaxFrameBytes) + `"}`), ErrCodeTooLarge},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := DecodeFrame(tc.in)
			var de *DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("DecodeFrame: err = %v, want a *DecodeError", err)
			}
			if de.Code != tc.code {
				t.Fatalf("code = %s, want %s (%v)", de.Code, tc.code, err)
			}
		})
	}
}

func TestDecodeFrameLimit(t *testing.T) {
	in := []byte(`{"v":1,"type":"ping","client_id":"` + strings.Repeat("a", 100) + `"}`)
	if _, err := DecodeFrameLimit(in, len(in)); err != nil {
		t.Fatalf("at the limit: %v", err)
	}
	var de *DecodeError
	if _, err := DecodeFrameLimit(in, len(in)-1); !errors.As(err, &de) || de.Code != ErrCodeTooLarge {
		t.Fatalf("over the limit: %v", err)
	}
}

// validFrames is one example of each frame; the fuzz target starts from
// them and docs/sync-protocol.md shows the same shapes.
var validFrames = []string{
	`{"v":1,"type":"hello","cursor":1042,"client_id":"cl_3f9a"}`,
	`{"v":1,"type":"hello"}`,
	`{"v":1,"type":"command","command":{"id":"cmd_01","kind":"send_message","send":{"conversation_id":"cv_1","record":{"type":"contact","id":"rec_1"},"from":"+14155550100","to":"+14155550199","body":"Hi"}}}`,
	`{"v":1,"type":"command","command":{"id":"cmd_02","kind":"move_conversation","move":{"conversation_id":"cv_1","to":{"type":"lead","id":"rec_9"}}}}`,
	`{"v":1,"type":"ping"}`,
	`{"v":1,"type":"pong"}`,
	`{"v":1,"type":"welcome","user":{"id":"u_ana","name":"Ana"},"seq":1042}`,
	`{"v":1,"type":"snapshot_begin","seq":1042,"total_conversations":2,"total_messages":250}`,
	`{"v":1,"type":"snapshot","snapshot":{"seq":1042,"me":{"id":"u_ana","name":"Ana"},"org":{"name":"Acme","in_app_notifications":true},"users":[],"teams":[],"numbers":[],"records":null,"templates":[],"work_items":[],"notifications":[],"conversations":null},"more":true}`,
	`{"v":1,"type":"messages","messages":[{"id":"m_1","conversation_id":"cv_1","direction":"inbound","body":"hello","from":"+14155550199","to":"+14155550100","created_at":"2026-11-22T03:00:00Z","status":"received","status_at":"2026-11-22T03:00:00Z"}],"conversations_done":1}`,
	`{"v":1,"type":"snapshot_end","seq":1042}`,
	`{"v":1,"type":"events","events":[{"seq":1043,"kind":"conversation_read","at":"2026-11-22T03:01:00Z","conversation_id":"cv_1","read_at":"2026-11-22T03:01:00Z"}]}`,
	`{"v":1,"type":"events","more":true}`,
	`{"v":1,"type":"events","cursor":1200}`,
	`{"v":1,"type":"ack","result":{"id":"cmd_01","ok":true}}`,
	`{"v":1,"type":"ack","result":{"id":"cmd_02","ok":false,"error":{"code":"not_found","message":"no such conversation"}}}`,
	`{"v":1,"type":"error","error":{"code":"rate_limited","message":"too many commands","command_id":"cmd_03","retry_after_ms":20}}`,
}

// FuzzDecodeFrame holds DecodeFrame to its promises on any input: it never
// panics, it accepts nothing invalid as UTF-8 or over the size bound, and
// whatever it accepts survives an encode/decode round trip unchanged.
func FuzzDecodeFrame(f *testing.F) {
	for _, s := range validFrames {
		f.Add([]byte(s))
	}
	f.Add([]byte(`{"v":1,"type":"command","command":{"id":"","kind":""}}`))
	f.Add([]byte(`{"v":1,"type":"\u0000"}`))
	f.Add([]byte{0xff, 0xfe, 0xfd})
	f.Add([]byte(`null`))
	f.Add([]byte(`{"v":1,"type":"events","events":[{"seq":18446744073709551615}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		fr, err := DecodeFrame(data)
		if err != nil {
			var de *DecodeError
			if !errors.As(err, &de) || de.Code == "" {
				t.Fatalf("error is not a coded *DecodeError: %v", err)
			}
			return
		}
		if len(data) > MaxFrameBytes {
			t.Fatalf("accepted %d bytes", len(data))
		}
		enc1, err := EncodeFrame(fr)
		if err != nil {
			t.Fatalf("re-encode accepted frame: %v", err)
		}
		fr2, err := DecodeFrame(enc1)
		if err != nil {
			t.Fatalf("decode of re-encoded frame %s: %v", enc1, err)
		}
		enc2, err := EncodeFrame(fr2)
		if err != nil {
			t.Fatalf("re-encode: %v", err)
		}
		if !bytes.Equal(enc1, enc2) {
			t.Fatalf("round trip changed the frame:\n%s\n%s", enc1, enc2)
		}
	})
}

// The protocol document's examples are real frames: each decodes, and the
// document shows every frame type.
func TestProtocolDocExamplesDecode(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "sync-protocol.md"))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[FrameType]bool{}
	blocks := strings.Split(string(doc), "```json\n")[1:]
	for _, b := range blocks {
		example, _, ok := strings.Cut(b, "```")
		if !ok {
			t.Fatalf("unterminated example: %.60s", b)
		}
		f, err := DecodeFrame([]byte(strings.TrimSpace(example)))
		if err != nil {
			t.Errorf("example %s: %v", strings.TrimSpace(example), err)
			continue
		}
		seen[f.Type] = true
	}
	for _, ty := range []FrameType{TypeHello, TypeCommand, TypePing, TypePong, TypeWelcome, TypeSnapshotBegin, TypeSnapshot, TypeMessages, TypeSnapshotEnd, TypeEvents, TypeAck, TypeError} {
		if !seen[ty] {
			t.Errorf("docs/sync-protocol.md has no example of %s", ty)
		}
	}
}
