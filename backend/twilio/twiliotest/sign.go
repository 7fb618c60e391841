package twiliotest

import (
	"context"
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
)

// Signature computes X-Twilio-Signature for a POST to fullURL with params:
// base64(HMAC-SHA1(authToken, fullURL + each param name+value, sorted by
// name)).
//
// This is the one hand-written HMAC in smsdesk: twilio-go only exports the
// validating side (client.RequestValidator), and a fake Twilio must sign.
// The tests check it against that validator.
func Signature(authToken, fullURL string, params url.Values) string {
	keys := make([]string, 0, len(params))
	for k := range params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString(fullURL)
	for _, k := range keys {
		b.WriteString(k)
		if len(params[k]) > 0 {
			b.WriteString(params[k][0])
		}
	}
	mac := hmac.New(sha1.New, []byte(authToken))
	mac.Write([]byte(b.String()))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// Response is a webhook answer as the poster saw it.
type Response struct {
	Status int
	Header http.Header
	Body   string
}

// Poster posts signed webhooks as Twilio does. Share one across goroutines
// to reuse keep-alive connections.
type Poster struct {
	AuthToken string
	// HTTP is the client; nil means http.DefaultClient.
	HTTP *http.Client
}

// Post signs params over signURL (the URL Twilio is configured with) and
// posts them to target (where the server really listens: the same URL, or
// the loopback address behind a tunnel). The whole body is read so the
// connection can be reused.
func (p Poster) Post(ctx context.Context, signURL, target string, params url.Values) (Response, error) {
	return p.post(ctx, target, params.Encode(), Signature(p.AuthToken, signURL, params))
}

// Prepared is a webhook body with its signature, built ahead of time: a
// load test keeps Twilio's share of the work (encoding, signing) off the
// clock it measures the server with.
type Prepared struct {
	Body      string
	Signature string
}

// Prepare encodes and signs params over signURL.
func (p Poster) Prepare(signURL string, params url.Values) Prepared {
	return Prepared{Body: params.Encode(), Signature: Signature(p.AuthToken, signURL, params)}
}

// PostPrepared posts a prepared webhook to target.
func (p Poster) PostPrepared(ctx context.Context, target string, req Prepared) (Response, error) {
	return p.post(ctx, target, req.Body, req.Signature)
}

// PostWithSignature posts params with the given signature header value
// ("" sends none): for tests of refused requests.
func (p Poster) PostWithSignature(ctx context.Context, target string, params url.Values, sig string) (Response, error) {
	return p.post(ctx, target, params.Encode(), sig)
}

func (p Poster) post(ctx context.Context, target, body, sig string) (Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, strings.NewReader(body))
	if err != nil {
		return Response{}, fmt.Errorf("webhook %s: %w", target, err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("User-Agent", "TwilioProxy/1.1")
	if sig != "" {
		req.Header.Set("X-Twilio-Signature", sig)
	}
	hc := p.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return Response{}, fmt.Errorf("webhook %s: %w", target, err)
	}
	defer resp.Body.Close()
	answer, err := io.ReadAll(resp.Body)
	if err != nil {
		return Response{}, fmt.Errorf("webhook %s: read answer: %w", target, err)
	}
	return Response{Status: resp.StatusCode, Header: resp.Header, Body: string(answer)}, nil
}
