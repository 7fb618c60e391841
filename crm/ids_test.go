package crm

import (
	"bytes"
	"strings"
	"testing"
)

func TestNewID(t *testing.T) {
	tests := []struct {
		name, prefix string
		random       []byte
		want         string
	}{
		{"zeros", "cv", make([]byte, 16), "cv_aaaaaaaaaaaaaaaaaaaaaaaaaa"},
		{"counting bytes", "cmd", []byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, "cmd_aaaqeayeaudaocajbifqydiob4"},
		{"all ones", "msg", bytes.Repeat([]byte{0xff}, 16), "msg_77777777777777777777777774"},
		{"reads only 16 bytes", "x", bytes.Repeat([]byte{0xff}, 40), "x_77777777777777777777777774"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := NewID(tt.prefix, bytes.NewReader(tt.random)); got != tt.want {
				t.Errorf("NewID = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestNewIDShortReaderPanics(t *testing.T) {
	defer func() {
		r := recover()
		if r == nil {
			t.Fatal("NewID with 15 random bytes did not panic")
		}
		if !strings.Contains(r.(string), "read random bytes") {
			t.Errorf("panic %q does not say what failed", r)
		}
	}()
	NewID("cv", bytes.NewReader(make([]byte, 15)))
}
