package i18n

import "testing"

// An explicit --lang must name a language smsdesk speaks; German is not one.
func TestKnownLanguages(t *testing.T) {
	for _, ok := range []string{"en", "fr", "gl", "fr-CA", "fr_FR.UTF-8", "en-GB", "gl-ES"} {
		if !Known(ok) {
			t.Errorf("Known(%q) = false", ok)
		}
	}
	for _, no := range []string{"de", "ja", "xx-garbage!", "", "C"} {
		if Known(no) {
			t.Errorf("Known(%q) = true", no)
		}
	}
	if Names() != "en, fr, gl" {
		t.Errorf("Names() = %q", Names())
	}
}
