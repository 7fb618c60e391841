package crm

// Encoding is the alphabet an SMS travels in.
type Encoding string

const (
	EncodingGSM7 Encoding = "GSM-7"
	EncodingUCS2 Encoding = "UCS-2"
)

// Segment sizes, in units (septets for GSM-7, UTF-16 code units for UCS-2).
// A concatenated message spends part of each segment on its header, hence
// the smaller multi-part sizes.
const (
	gsmSingle  = 160
	gsmMulti   = 153
	ucs2Single = 70
	ucs2Multi  = 67
)

// SegmentCount is what the composer shows under the text box.
type SegmentCount struct {
	Encoding Encoding
	// Units is the body's length in septets (GSM-7, extension characters
	// counting two) or UTF-16 code units (UCS-2).
	Units int
	// Segments is how many SMS the body costs; 0 for an empty body.
	Segments int
	// PerSegment is the capacity of each segment at this length.
	PerSegment int
	// Remaining is how many units still fit in the last segment.
	Remaining int
	// NonGSM is the first character that forced UCS-2; read it only when
	// Encoding is UCS-2 (it is 0 for GSM-7, but NUL also forces UCS-2).
	NonGSM rune
}

// CountSegments counts the SMS segments body costs. One character outside
// GSM-7 sends the whole message as UCS-2. In a concatenated message a
// two-unit character (a GSM-7 escape pair, a UTF-16 surrogate pair) is never
// split across segments, so it moves whole to the next one, as handsets and
// carriers do.
func CountSegments(body string) SegmentCount {
	// One pass measures the body in both alphabets; only a multi-part body
	// needs a second pass to pack whole characters into segments.
	var septets, utf16 int
	var nonGSM rune
	ucs2 := false // NonGSM alone cannot say: NUL is a non-GSM rune too
	for _, r := range body {
		g := gsmUnits(r)
		if g == 0 && !ucs2 {
			ucs2, nonGSM = true, r
		}
		septets += g
		utf16 += utf16Units(r)
	}
	c := SegmentCount{Encoding: EncodingGSM7, Units: septets, PerSegment: gsmSingle, Remaining: gsmSingle}
	multi := gsmMulti
	if ucs2 {
		c = SegmentCount{Encoding: EncodingUCS2, Units: utf16, PerSegment: ucs2Single, Remaining: ucs2Single, NonGSM: nonGSM}
		multi = ucs2Multi
	}
	switch {
	case c.Units == 0:
		return c
	case c.Units <= c.PerSegment:
		c.Segments, c.Remaining = 1, c.PerSegment-c.Units
		return c
	}
	// Pack greedily: a character that does not fit whole starts a segment.
	c.PerSegment = multi
	c.Segments, c.Remaining = 1, multi
	for _, r := range body {
		w := utf16Units(r)
		if c.Encoding == EncodingGSM7 {
			w = gsmUnits(r)
		}
		if w > c.Remaining {
			c.Segments++
			c.Remaining = multi
		}
		c.Remaining -= w
	}
	return c
}

// utf16Units is a rune's length in UTF-16: two outside the BMP.
func utf16Units(r rune) int {
	if r > 0xFFFF {
		return 2
	}
	return 1
}

// gsmUnits is a rune's length in GSM-7 septets (3GPP TS 23.038 default
// alphabet): 1 in the basic set, 2 in the extension set (escape + char), 0
// when GSM-7 cannot carry it.
func gsmUnits(r rune) int {
	if r < 0x80 {
		switch {
		case r == '\n' || r == '\r':
			return 1
		case r == '\f' || r == '^' || r == '{' || r == '}' || r == '\\' || r == '[' || r == ']' || r == '~' || r == '|':
			return 2
		case r == '`' || r < 0x20 || r == 0x7F:
			return 0
		}
		return 1
	}
	switch r {
	case '£', '¥', 'è', 'é', 'ù', 'ì', 'ò', 'Ç', 'Ø', 'ø', 'Å', 'å',
		'Δ', 'Φ', 'Γ', 'Λ', 'Ω', 'Π', 'Ψ', 'Σ', 'Θ', 'Ξ',
		'Æ', 'æ', 'ß', 'É', '¤', '¡', 'Ä', 'Ö', 'Ñ', 'Ü', '§', '¿',
		'ä', 'ö', 'ñ', 'ü', 'à':
		return 1
	case '€':
		return 2
	}
	return 0
}
