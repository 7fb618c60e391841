package crm

import (
	"errors"
	"strings"
	"testing"
)

func TestNormalizeSender(t *testing.T) {
	for _, tc := range []struct {
		raw, want string
		kind      SenderKind
	}{
		{"+1 415 555 2671", "+14155552671", SenderPhone},
		{"72345", "72345", SenderShortCode},
		{"123", "123", SenderShortCode},
		{"12345678", "12345678", SenderShortCode},
		{"AMAZON", "AMAZON", SenderAlphanumeric},
		{" My Bank 24 ", "My Bank 24", SenderAlphanumeric},
		{"A", "A", SenderAlphanumeric},
	} {
		got, kind, err := NormalizeSender(tc.raw)
		if err != nil || got != tc.want || kind != tc.kind {
			t.Errorf("NormalizeSender(%q) = %q, %q, %v; want %q, %q", tc.raw, got, kind, err, tc.want, tc.kind)
		}
	}
	for _, raw := range []string{"", "+1555", "12", "123456789", "TWELVE CHARS", "two  spaces", "<script>", "Café", "AB\x1b[2J", "0612345678"} {
		if got, kind, err := NormalizeSender(raw); !errors.Is(err, ErrInvalidPhone) {
			t.Errorf("NormalizeSender(%q) = %q, %q, %v; want ErrInvalidPhone", raw, got, kind, err)
		}
	}
}

func TestConversationCanReply(t *testing.T) {
	for kind, want := range map[SenderKind]bool{"": true, SenderPhone: true, SenderShortCode: false, SenderAlphanumeric: false} {
		if got := (Conversation{SenderKind: kind}).CanReply(); got != want {
			t.Errorf("CanReply with kind %q = %v, want %v", kind, got, want)
		}
	}
}

func TestValidateMedia(t *testing.T) {
	ok := Media{URL: "https://api.twilio.com/x/Media/ME1", ContentType: "image/jpeg"}
	for _, good := range [][]Media{
		nil,
		{ok},
		{{URL: "http://127.0.0.1:4010/m/1", ContentType: "image/png"}, {URL: "http://[::1]/m", ContentType: "text/vcard; charset=utf-8"}},
		{ok, ok, ok, ok, ok, ok, ok, ok, ok, ok},
	} {
		if err := ValidateMedia(good); err != nil {
			t.Errorf("ValidateMedia(%+v) = %v, want nil", good, err)
		}
	}
	for _, tc := range []struct {
		media []Media
		path  string
	}{
		{[]Media{ok, ok, ok, ok, ok, ok, ok, ok, ok, ok, ok}, "media"},
		{[]Media{{URL: "", ContentType: "image/png"}}, "media[0].url"},
		{[]Media{ok, {URL: "http://example.com/a", ContentType: "image/png"}}, "media[1].url"},
		{[]Media{{URL: "javascript:alert(1)", ContentType: "image/png"}}, "media[0].url"},
		{[]Media{{URL: "https://user:pw@example.com/a", ContentType: "image/png"}}, "media[0].url"},
		{[]Media{{URL: "https://example.com/a b", ContentType: "image/png"}}, "media[0].url"},
		{[]Media{{URL: "https://example.com/" + strings.Repeat("a", MaxMediaURLLen), ContentType: "image/png"}}, "media[0].url"},
		{[]Media{{URL: "/relative", ContentType: "image/png"}}, "media[0].url"},
		{[]Media{{URL: ok.URL, ContentType: ""}}, "media[0].content_type"},
		{[]Media{{URL: ok.URL, ContentType: "image"}}, "media[0].content_type"},
		{[]Media{{URL: ok.URL, ContentType: "image/*"}}, "media[0].content_type"},
		{[]Media{{URL: ok.URL, ContentType: "image/png" + strings.Repeat(" ", MaxMediaContentType)}}, "media[0].content_type"},
	} {
		var me *MediaError
		if err := ValidateMedia(tc.media); !errors.As(err, &me) || me.Path != tc.path {
			t.Errorf("ValidateMedia(%.80v) = %v, want a refusal at %s", tc.media, err, tc.path)
		}
	}
}

// FuzzNormalizeSender: never panics; a refusal wraps ErrInvalidPhone; an
// accepted sender normalises to itself again with the same kind, and a
// short code or alphanumeric one holds nothing but ASCII letters, digits
// and spaces (it is shown and used as a key as is).
func FuzzNormalizeSender(f *testing.F) {
	for _, s := range []string{"+14155552671", "72345", "AMAZON", "My Bank 24", "+1555", "", "12", "<b>", "A\x1b[2J", "ÉDF", "   "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		out, kind, err := NormalizeSender(raw)
		if err != nil {
			if !errors.Is(err, ErrInvalidPhone) {
				t.Fatalf("NormalizeSender(%q): error %v does not wrap ErrInvalidPhone", raw, err)
			}
			return
		}
		again, kind2, err := NormalizeSender(out)
		if err != nil || again != out || kind2 != kind {
			t.Fatalf("NormalizeSender(%q) = %q %q, but again %q %q %v", raw, out, kind, again, kind2, err)
		}
		if kind != SenderPhone && strings.Trim(out, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ") != "" {
			t.Fatalf("NormalizeSender(%q) = %q (%s): holds other characters", raw, out, kind)
		}
	})
}
