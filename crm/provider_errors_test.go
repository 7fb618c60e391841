package crm

import "testing"

func TestReasonForTwilioCode(t *testing.T) {
	tests := []struct {
		code string
		want FailureReason
	}{
		{"", ""},
		{"21211", ReasonInvalidSendingParameters},
		{"21212", ReasonInvalidSendingParameters},
		{"21217", ReasonInvalidSendingParameters},
		{"21401", ReasonInvalidSendingParameters},
		{"21614", ReasonInvalidSendingParameters},
		{"21610", ReasonOptedOut},
		{"21408", ReasonNotPermitted},
		{"21606", ReasonNotPermitted},
		{"21608", ReasonNotPermitted},
		{"30034", ReasonNotPermitted},
		{"21612", ReasonUnreachable},
		{"30003", ReasonUnreachable},
		{"30004", ReasonBlocked},
		{"30005", ReasonUnknownHandset},
		{"30006", ReasonLandline},
		{"30007", ReasonFiltered},
		{"30008", ReasonUnknown},
		{" 30003 ", ReasonUnreachable},
		{"99999", ReasonUnknown},
		{"garbage", ReasonUnknown},
	}
	for _, tt := range tests {
		if got := ReasonForTwilioCode(tt.code); got != tt.want {
			t.Errorf("ReasonForTwilioCode(%q) = %q, want %q", tt.code, got, tt.want)
		}
	}
}
