package crm

import (
	"errors"
	"strings"
	"testing"
)

func TestNormalizePhone(t *testing.T) {
	tests := []struct {
		name, raw, region, want string
	}{
		{"already E.164", "+14155552671", "", "+14155552671"},
		{"spaces", "+1 650 253 0000", "", "+16502530000"},
		{"dashes and parentheses", "+1 (650) 253-0000", "", "+16502530000"},
		{"dots", "+33.6.12.34.56.78", "", "+33612345678"},
		{"surrounding space", "  +44 20 7946 0958 ", "", "+442079460958"},
		{"full-width plus", "＋1 650 253 0000", "", "+16502530000"},
		{"tel URI", "tel:+1-650-253-0000", "", "+16502530000"},
		{"national with region", "(650) 253-0000", "US", "+16502530000"},
		{"national trunk zero with region", "06 12 34 56 78", "FR", "+33612345678"},
		{"international dialling prefix with region", "00 34 612 34 56 78", "FR", "+34612345678"},
		{"lower-case region", "06 12 34 56 78", "fr", "+33612345678"},
		{"international form ignores region", "+34 612 34 56 78", "FR", "+34612345678"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := NormalizePhone(tt.raw, tt.region)
			if err != nil {
				t.Fatalf("NormalizePhone(%q, %q): %v", tt.raw, tt.region, err)
			}
			if got != tt.want {
				t.Errorf("NormalizePhone(%q, %q) = %q, want %q", tt.raw, tt.region, got, tt.want)
			}
		})
	}
}

func TestNormalizePhoneInvalid(t *testing.T) {
	tests := []struct {
		name, raw, region string
	}{
		{"empty", "", ""},
		{"blank", "   ", "US"},
		{"letters only", "hello", ""},
		{"national without region", "6502530000", ""},
		{"national trunk zero without region", "0612345678", ""},
		{"international dialling prefix without region", "0034612345678", ""},
		{"unknown country code", "+999123456", ""},
		{"too short", "+1 650 253", ""},
		{"fictional 555 range", "+1 555 123 4567", ""},
		{"unknown region", "6502530000", "ZZ"},
		{"too long", "+1 650 253 0000 0000 0000", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := NormalizePhone(tt.raw, tt.region)
			if err == nil {
				t.Fatalf("NormalizePhone(%q, %q) = %q, want an error", tt.raw, tt.region, got)
			}
			if !errors.Is(err, ErrInvalidPhone) {
				t.Errorf("error %v does not wrap ErrInvalidPhone", err)
			}
			for _, want := range []string{"InvalidSendingParameters", "E.164"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not mention %q", err, want)
				}
			}
			if got != "" {
				t.Errorf("got %q alongside the error, want \"\"", got)
			}
		})
	}
}

// ErrInvalidPhone doubles as the CommandError code, so a caller can hand the
// sentinel straight to a refused command.
func TestErrInvalidPhoneIsTheCommandCode(t *testing.T) {
	var err error = ErrInvalidPhone
	var code ErrorCode
	if !errors.As(err, &code) || code != ErrInvalidPhone {
		t.Fatalf("errors.As(ErrInvalidPhone) = %q, want %q", code, ErrInvalidPhone)
	}
	if !strings.Contains(ErrInvalidPhone.Error(), string(ReasonInvalidSendingParameters)) {
		t.Errorf("ErrInvalidPhone.Error() = %q, want it to name %s", ErrInvalidPhone.Error(), ReasonInvalidSendingParameters)
	}
	if got := ErrNotFound.Error(); got != "not_found" {
		t.Errorf("ErrNotFound.Error() = %q, want the bare code", got)
	}
}

func FuzzNormalizePhone(f *testing.F) {
	for _, seed := range []struct{ raw, region string }{
		{"+14155552671", ""},
		{"+1 (650) 253-0000", ""},
		{"06 12 34 56 78", "FR"},
		{"(650) 253-0000", "US"},
		{"+44 20 7946 0958 ext. 12", ""},
		{"tel:+1-650-253-0000", ""},
		{"+", ""},
		{"++1", "US"},
		{"1-800-FLOWERS", "US"},
		{"+٣٣٦١٢٣٤٥٦٧٨", ""},
		{"", "ZZ"},
	} {
		f.Add(seed.raw, seed.region)
	}
	f.Fuzz(func(t *testing.T, raw, region string) {
		out, err := NormalizePhone(raw, region)
		if err != nil {
			if !errors.Is(err, ErrInvalidPhone) {
				t.Fatalf("NormalizePhone(%q, %q): error %v does not wrap ErrInvalidPhone", raw, region, err)
			}
			return
		}
		if !strings.HasPrefix(out, "+") {
			t.Fatalf("NormalizePhone(%q, %q) = %q, not E.164", raw, region, out)
		}
		again, err := NormalizePhone(out, "")
		if err != nil || again != out {
			t.Fatalf("NormalizePhone(%q, \"\") = %q, %v; want it to be a fixed point", out, again, err)
		}
	})
}

// The backend normalises the customer number of every inbound message.
func BenchmarkNormalizePhone(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := NormalizePhone("+1 (650) 253-0000", ""); err != nil {
			b.Fatal(err)
		}
	}
}
