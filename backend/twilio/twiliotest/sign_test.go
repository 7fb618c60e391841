package twiliotest_test

import (
	"net/url"
	"testing"

	"github.com/twilio/twilio-go/client"

	"smsdesk/backend/twilio/twiliotest"
)

// The fake's signing must agree with twilio-go's validator, the code the
// webhook handler trusts.
func TestSignatureAgreesWithTwilioGoValidator(t *testing.T) {
	params := twiliotest.InboundParams(twiliotest.TestAccountSID, twiliotest.InboundSID(1),
		"+14155550123", "+14155550100", "Ça va? 😀 & more=yes")
	for _, u := range []string{
		"https://crm.example.com/webhooks/twilio/sms",
		"https://crm.example.com:8443/p/webhooks/twilio/status?mid=cmd_1&x=%20y",
		"http://127.0.0.1:41234/webhooks/twilio/sms",
	} {
		sig := twiliotest.Signature("tok", u, params)
		flat := map[string]string{}
		for k, v := range params {
			flat[k] = v[0]
		}
		v := client.NewRequestValidator("tok")
		if !v.Validate(u, flat, sig) {
			t.Errorf("%s: twilio-go rejects the fake's signature", u)
		}
		w := client.NewRequestValidator("other")
		if w.Validate(u, flat, sig) {
			t.Errorf("%s: signature valid under another token", u)
		}
	}
	if twiliotest.Signature("tok", "https://a/", url.Values{"A": {"1"}}) == twiliotest.Signature("tok", "https://a/", url.Values{"A": {"2"}}) {
		t.Error("signature does not cover values")
	}
}
