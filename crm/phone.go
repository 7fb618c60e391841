package crm

import (
	"fmt"
	"strings"

	"github.com/nyaruka/phonenumbers"
)

// NormalizePhone parses raw with libphonenumber's rules (spaces, dashes,
// dots and parentheses are ignored) and returns its E.164 form. With
// defaultRegion "" the number must carry its own "+<country code>"; with a
// region (ISO 3166 alpha-2, e.g. "FR") national forms are read as that
// country's. A number that does not parse or is not a valid number is
// refused with an error wrapping ErrInvalidPhone, whose text names the
// reason a seller sees, InvalidSendingParameters.
func NormalizePhone(raw, defaultRegion string) (string, error) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return "", invalidPhone(raw, "empty")
	}
	// With no region libphonenumber accepts only numbers that carry an
	// international "+" (in any of the forms it knows, "＋" and "tel:+"
	// included), which is exactly the contract; a hand-rolled prefix check
	// would refuse some of those.
	region := strings.ToUpper(strings.TrimSpace(defaultRegion))
	num, err := phonenumbers.Parse(s, region)
	if err != nil {
		return "", invalidPhone(raw, err.Error())
	}
	if !phonenumbers.IsValidNumber(num) {
		return "", invalidPhone(raw, "not a valid number")
	}
	return phonenumbers.Format(num, phonenumbers.E164), nil
}

func invalidPhone(raw, why string) error {
	return fmt.Errorf("phone %q: %s: must be a valid E.164 number, +<country code><number>: %w", raw, why, ErrInvalidPhone)
}
