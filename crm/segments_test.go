package crm

import (
	"strings"
	"testing"
	"unicode/utf16"
)

func TestCountSegments(t *testing.T) {
	a := func(n int) string { return strings.Repeat("a", n) }
	zh := func(n int) string { return strings.Repeat("ж", n) }
	tests := []struct {
		name string
		body string
		want SegmentCount
	}{
		{"empty", "", SegmentCount{EncodingGSM7, 0, 0, 160, 160, 0}},
		{"one char", "a", SegmentCount{EncodingGSM7, 1, 1, 160, 159, 0}},
		{"GSM 160", a(160), SegmentCount{EncodingGSM7, 160, 1, 160, 0, 0}},
		{"GSM 161", a(161), SegmentCount{EncodingGSM7, 161, 2, 153, 145, 0}},
		{"GSM 306", a(306), SegmentCount{EncodingGSM7, 306, 2, 153, 0, 0}},
		{"GSM 307", a(307), SegmentCount{EncodingGSM7, 307, 3, 153, 152, 0}},
		{"GSM basic accents count one", "àéùìòÇÄÖÑÜ£¥§¿¡ΔΩ", SegmentCount{EncodingGSM7, 17, 1, 160, 143, 0}},
		{"newline and carriage return count one", "a\r\nb", SegmentCount{EncodingGSM7, 4, 1, 160, 156, 0}},
		{"extension chars count two", "|^€{}[]~\\\f", SegmentCount{EncodingGSM7, 20, 1, 160, 140, 0}},
		{"extension char fills 160", a(158) + "€", SegmentCount{EncodingGSM7, 160, 1, 160, 0, 0}},
		{"extension char tips to 161", a(159) + "{", SegmentCount{EncodingGSM7, 161, 2, 153, 145, 0}},
		// 152 septets leave one free; "{" needs two so starts segment 2,
		// which then holds "{" and 151 more "a", and the last "a" spills.
		{"extension char never split across segments", a(152) + "{" + a(152), SegmentCount{EncodingGSM7, 306, 3, 153, 152, 0}},
		{"extension char fits exactly at the end of a segment", a(151) + "{" + a(153), SegmentCount{EncodingGSM7, 306, 2, 153, 0, 0}},
		{"UCS-2 70", zh(70), SegmentCount{EncodingUCS2, 70, 1, 70, 0, 'ж'}},
		{"UCS-2 71", zh(71), SegmentCount{EncodingUCS2, 71, 2, 67, 63, 'ж'}},
		{"UCS-2 134", zh(134), SegmentCount{EncodingUCS2, 134, 2, 67, 0, 'ж'}},
		{"UCS-2 135", zh(135), SegmentCount{EncodingUCS2, 135, 3, 67, 66, 'ж'}},
		{"one non-GSM char switches everything", a(69) + "ж", SegmentCount{EncodingUCS2, 70, 1, 70, 0, 'ж'}},
		{"extension chars count one in UCS-2", "ж{}€", SegmentCount{EncodingUCS2, 4, 1, 70, 66, 'ж'}},
		{"NonGSM is the first offender", "ok `ж", SegmentCount{EncodingUCS2, 5, 1, 70, 65, '`'}},
		{"lower-case c cedilla is not GSM", "ça va", SegmentCount{EncodingUCS2, 5, 1, 70, 65, 'ç'}},
		{"tab is not GSM", "a\tb", SegmentCount{EncodingUCS2, 3, 1, 70, 67, '\t'}},
		{"emoji counts two", "😀", SegmentCount{EncodingUCS2, 2, 1, 70, 68, '😀'}},
		{"emoji tips to 71", a(69) + "😀", SegmentCount{EncodingUCS2, 71, 2, 67, 63, '😀'}},
		{"emoji never split across segments", a(66) + "😀" + a(66), SegmentCount{EncodingUCS2, 134, 3, 67, 66, '😀'}},
		{"NUL is not GSM", "\x00", SegmentCount{EncodingUCS2, 1, 1, 70, 69, 0}},
		{"invalid UTF-8 is UCS-2", "a\xffb", SegmentCount{EncodingUCS2, 3, 1, 70, 67, '\uFFFD'}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CountSegments(tt.body); got != tt.want {
				t.Errorf("CountSegments = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func FuzzCountSegments(f *testing.F) {
	for _, seed := range []string{
		"", "Hello, see you Thursday", strings.Repeat("a", 160), strings.Repeat("{", 80) + "a",
		strings.Repeat("ж", 70), "😀😀", "a\xffb", "€[]", strings.Repeat("a", 152) + "{" + strings.Repeat("a", 152),
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, body string) {
		c := CountSegments(body)
		if c.Segments < 0 || c.Units < 0 || c.Remaining < 0 || c.Remaining > c.PerSegment {
			t.Fatalf("CountSegments(%q) = %+v: out of range", body, c)
		}
		if (c.Segments == 0) != (body == "") {
			t.Fatalf("CountSegments(%q) = %d segments", body, c.Segments)
		}
		if c.Segments*c.PerSegment < c.Units {
			t.Fatalf("CountSegments(%q) = %+v: segments cannot hold the units", body, c)
		}
		switch c.Encoding {
		case EncodingGSM7:
			if c.NonGSM != 0 {
				t.Fatalf("GSM-7 with NonGSM %q", c.NonGSM)
			}
			if c.Units > 0 && c.Units <= 160 && c.Segments != 1 {
				t.Fatalf("CountSegments(%q): GSM body of %d units in %d segments", body, c.Units, c.Segments)
			}
		case EncodingUCS2:
			if !strings.ContainsRune(body, c.NonGSM) {
				t.Fatalf("NonGSM %q not in body %q", c.NonGSM, body)
			}
			if n := len(utf16.Encode([]rune(body))); c.Units != n {
				t.Fatalf("CountSegments(%q): %d units, UTF-16 length %d", body, c.Units, n)
			}
		default:
			t.Fatalf("encoding %q", c.Encoding)
		}
	})
}

func BenchmarkCountSegments(b *testing.B) {
	body := strings.Repeat("Hello Ana, your quote is ready {ref}. ", 8)
	b.ReportAllocs()
	for b.Loop() {
		CountSegments(body)
	}
}
