package twilio_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strings"
	"testing"

	"smsdesk/backend/twilio"
	"smsdesk/backend/twilio/twiliotest"
)

// The fuzz targets call the real handler in-process (ServeHTTP on a
// recorder): no sockets, so the fuzzer spends its time in the parser and the
// signature check rather than in the kernel.

const fzPublic = "https://crm.example.com/p"

func fzHandler(rec *recorder) http.Handler {
	return twilio.NewWebhookHandler(twilio.WebhookConfig{
		AuthToken: func() string { return token },
		PublicURL: fzPublic,
		Receiver:  rec,
	})
}

func fzPost(h http.Handler, path, body, sig string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodPost, "http://127.0.0.1:1"+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if sig != "" {
		req.Header.Set(twilio.SignatureHeader, sig)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w
}

// signedString is what Twilio's signature covers once the body is parsed:
// the parameters sorted by name, each name followed by its first value. Two
// bodies with the same signedString are the same request to the validator.
func signedString(form url.Values) string {
	keys := make([]string, 0, len(form))
	for k := range form {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		b.WriteString(k)
		if len(form[k]) > 0 {
			b.WriteString(form[k][0])
		}
	}
	return b.String()
}

// FuzzInboundWebhook: any body with any signature never panics the handler,
// and a request reaches the Receiver only when its signature is the valid
// one over the parsed form. signIt makes the fuzzer also explore bodies that
// pass the signature check, where the parser is reached.
func FuzzInboundWebhook(f *testing.F) {
	good := twiliotest.InboundParams(account, twiliotest.InboundSID(1), cust, biz, "Hi, is the quote ready?")
	f.Add(good.Encode(), "", true, false)
	f.Add(good.Encode(), "bm90IGEgc2lnbmF0dXJl", false, false)
	f.Add("MessageSid=SM1&From=%2B1&To=%2B2&Body=%ZZ", "", true, false)
	f.Add("a=1&a=2&b=&=x&MessageSid=&From=+14155550123", "", true, true)
	f.Add("NumMedia=99999999999&MediaUrl0=x&MessageSid=S&From=f&To=t", "", true, false)
	f.Add(strings.Repeat("A", 70<<10), "", true, false)
	f.Add("Body=\xff\xfe&MessageSid=S&From=f&To=t", "", true, true)
	f.Fuzz(func(t *testing.T, body, sig string, signIt, status bool) {
		path := twilio.InboundPath
		if status {
			path = twilio.StatusPath + "?mid=cmd_1"
		}
		form, parseErr := url.ParseQuery(body)
		valid := ""
		if parseErr == nil {
			valid = twiliotest.Signature(token, fzPublic+path, form)
			if signIt {
				sig = valid
			}
		}
		rec := &recorder{}
		w := fzPost(fzHandler(rec), path, body, sig)
		got := len(rec.inbound()) + len(rec.statuses())
		if w.Code == http.StatusOK && !status && got != 1 {
			t.Fatalf("inbound answered 200 but the receiver got %d calls", got)
		}
		if w.Code != http.StatusOK && got != 0 {
			t.Fatalf("answered %d but the receiver got %d calls", w.Code, got)
		}
		if got > 0 && (parseErr != nil || sig != valid) {
			t.Fatalf("accepted a request whose signature %q is not the valid %q (parse error %v)", sig, valid, parseErr)
		}
		if parseErr == nil && sig == valid && len(body) <= twilio.DefaultMaxBody && w.Code == http.StatusForbidden {
			t.Fatalf("refused a validly signed request: %s", w.Body)
		}
	})
}

// FuzzSignature: a valid signature over arbitrary parameters is always
// accepted (the answer is anything but 403: a missing MessageSid may still
// be a 400 from the parser), and changing any single byte of the signature,
// or any single byte of the body that changes what is signed, is refused.
func FuzzSignature(f *testing.F) {
	f.Add("Body", "hello", "MessageSid", "SM1", uint16(0), byte(1), false)
	f.Add("", "", "x", "é😀", uint16(3), byte(0x80), true)
	f.Add("A", "1", "AB", "", uint16(7), byte('='), true)
	f.Add("k&=", "v%", "+", " ", uint16(2), byte('+'), true)
	f.Fuzz(func(t *testing.T, k1, v1, k2, v2 string, pos uint16, flip byte, mutateBody bool) {
		params := twiliotest.StatusParams(account, "SM5e1", biz, cust, "delivered", "")
		params.Set(k1, v1)
		params.Add(k2, v2)
		path := twilio.StatusPath
		body := params.Encode()
		form, err := url.ParseQuery(body)
		if err != nil {
			t.Fatalf("url.Values.Encode produced an unparsable body %q: %v", body, err)
		}
		sig := twiliotest.Signature(token, fzPublic+path, form)
		h := fzHandler(&recorder{})
		if w := fzPost(h, path, body, sig); w.Code == http.StatusForbidden {
			t.Fatalf("valid signature refused: %s (body %q)", w.Body, body)
		}
		if flip == 0 {
			flip = 1
		}
		if !mutateBody {
			b := []byte(sig)
			b[int(pos)%len(b)] ^= flip
			bad := string(b)
			if w := fzPost(h, path, body, bad); w.Code != http.StatusForbidden {
				t.Fatalf("signature %q (one byte changed from %q) answered %d", bad, sig, w.Code)
			}
			return
		}
		b := []byte(body)
		b[int(pos)%len(b)] ^= flip
		mutated := string(b)
		mform, err := url.ParseQuery(mutated)
		if err == nil && signedString(mform) == signedString(form) {
			return // the change did not change what is signed (e.g. '+' and ' ' both decode to a space)
		}
		if w := fzPost(h, path, mutated, sig); w.Code == http.StatusOK {
			t.Fatalf("body %q changed to %q kept its signature and was accepted", body, mutated)
		}
	})
}
