package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is an io.Writer safe to read while serve writes to it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func testEnv(vars map[string]string, stderr *syncBuffer) Env {
	return Env{Stdin: strings.NewReader(""), Stdout: stderr, Stderr: stderr, Getenv: func(k string) string { return vars[k] }}
}

func TestServeFlagValidation(t *testing.T) {
	for _, tc := range []struct {
		name string
		vars map[string]string
		args []string
		want string
	}{
		{"bad provider", nil, []string{"--provider", "carrier-pigeon"}, `--provider "carrier-pigeon": want sim or twilio`},
		{"provider from env", map[string]string{"SMSDESK_PROVIDER": "pigeon"}, nil, `--provider "pigeon"`},
		{"twilio needs public url", nil, []string{"--provider", "twilio"}, "needs --public-url"},
		{"twilio sid", map[string]string{"SMSDESK_PUBLIC_URL": "https://sms.example.com"}, []string{"--provider", "twilio", "--twilio-account-sid", "XY1"}, "Account SID starting with AC"},
		{"twilio token", nil, []string{"--provider", "twilio", "--public-url", "https://x.example", "--twilio-account-sid", "AC" + strings.Repeat("0", 32)}, "needs --twilio-auth-token"},
		{"bad public url", nil, []string{"--public-url", "sms.example.com"}, "--public-url"},
		{"bad addr", nil, []string{"--addr", "8080"}, "--addr \"8080\""},
		{"stray argument", nil, []string{"now"}, `unexpected argument "now"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out syncBuffer
			code := run(t.Context(), testEnv(tc.vars, &out), append([]string{"serve"}, tc.args...))
			if code != 2 || !strings.Contains(out.String(), tc.want) {
				t.Fatalf("exit %d, output %q, want 2 and %q", code, out.String(), tc.want)
			}
		})
	}
	// A flag overrides its environment variable.
	var out syncBuffer
	cfg, err := parseServeFlags(testEnv(map[string]string{"SMSDESK_PROVIDER": "pigeon", "SMSDESK_ADDR": "127.0.0.1:9"}, &out), []string{"--provider", "sim"})
	if err != nil || cfg.Provider != "sim" || cfg.Addr != "127.0.0.1:9" {
		t.Fatalf("%+v %v", cfg, err)
	}
}

var listenRE = regexp.MustCompile(`listening on (https?://[0-9.:]+)`)

// startServe runs `smsdesk serve` in-process and returns its base URL and
// a stop function that returns the exit code.
func startServe(t *testing.T, args ...string) (string, *syncBuffer, func() int) {
	t.Helper()
	var out syncBuffer
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, testEnv(nil, &out), append([]string{"serve", "--addr", "127.0.0.1:0"}, args...))
	}()
	deadline := time.Now().Add(10 * time.Second)
	for {
		if m := listenRE.FindStringSubmatch(out.String()); m != nil {
			return m[1], &out, func() int { cancel(); return <-done }
		}
		select {
		case code := <-done:
			cancel()
			t.Fatalf("serve exited %d: %s", code, out.String())
		default:
		}
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("serve did not start: %s", out.String())
		}
		time.Sleep(5 * time.Millisecond) // polling interval
	}
}

func TestServeSeedsServesAndShutsDown(t *testing.T) {
	dir := t.TempDir()
	base, _, stop := startServe(t, "--data", dir, "--dataset", "../../examples/dataset.json")
	req, _ := http.NewRequest("GET", base+"/api/v1/conversations", nil)
	req.Header.Set("Authorization", "Bearer alice-token-0123456789")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var list struct {
		Conversations []map[string]any `json:"conversations"`
	}
	err = json.NewDecoder(resp.Body).Decode(&list)
	resp.Body.Close()
	if err != nil || resp.StatusCode != 200 || len(list.Conversations) != 2 { // Jane on her number, Tom on the West desk
		t.Fatalf("conversations: %d %v %d", resp.StatusCode, err, len(list.Conversations))
	}
	// A send goes through the simulator and comes back delivered.
	var jane string
	for _, c := range list.Conversations {
		if c["customer_number"] == "+14155552671" {
			jane, _ = c["id"].(string)
		}
	}
	if st := apiCall(t, "POST", base+"/api/v1/conversations/"+jane+"/messages", `{"id":"cmd_serve_1","body":"hello from serve"}`, nil); st != 202 {
		t.Fatalf("send: %d", st)
	}
	deadline := time.Now().Add(15 * time.Second)
	for {
		var msgs struct {
			Messages []struct {
				ID, Status string
			} `json:"messages"`
		}
		apiCall(t, "GET", base+"/api/v1/conversations/"+jane+"/messages", "", &msgs)
		last := msgs.Messages[len(msgs.Messages)-1]
		if last.ID == "cmd_serve_1" && last.Status == "delivered" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("send not delivered by the simulator: %+v", last)
		}
		time.Sleep(20 * time.Millisecond) // polling interval
	}

	// The sync endpoint is mounted and refuses an unknown token.
	resp, err = http.Get(base + "/ws")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("GET /ws without a token: %d, want 401", resp.StatusCode)
	}
	if code := stop(); code != 0 {
		t.Fatalf("graceful shutdown exited %d", code)
	}
	if fi, err := os.Stat(filepath.Join(dir, "smsdesk.db")); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("store file: %v %v", fi, err)
	}

	// Again on the same directory: the data is there and the dataset is
	// ignored with a log line.
	base, out, stop := startServe(t, "--data", dir, "--dataset", "../../examples/dataset.json")
	resp, err = http.Get(base + "/healthz")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("healthz: %v", err)
	}
	resp.Body.Close()
	if code := stop(); code != 0 {
		t.Fatalf("exit %d", code)
	}
	if !strings.Contains(out.String(), "--dataset ignored") {
		t.Fatalf("no 'ignored' log line: %s", out.String())
	}
}

func TestServeBadDatasetExitsNonZero(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(t.TempDir(), "bad.json")
	if err := os.WriteFile(bad, []byte(`{"teams":[{"id":"t1","name":"One","colour":"red"}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	var out syncBuffer
	code := run(t.Context(), testEnv(nil, &out), []string{"serve", "--addr", "127.0.0.1:0", "--data", dir, "--dataset", bad})
	if code != 1 || !strings.Contains(out.String(), "teams[0].colour: unknown field") {
		t.Fatalf("exit %d: %s", code, out.String())
	}
}

// apiCall makes a REST call as Alice and decodes the answer into out.
func apiCall(t *testing.T, method, url, body string, out any) int {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer alice-token-0123456789")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if out != nil {
		if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
			t.Fatal(err)
		}
	}
	return resp.StatusCode
}

// --public-url is normalised once: trailing slashes go, so the webhook URLs
// Twilio signs never hold "//webhooks".
func TestServePublicURLNormalised(t *testing.T) {
	var out syncBuffer
	for raw, want := range map[string]string{
		"https://sms.example.com/":         "https://sms.example.com",
		"https://sms.example.com//":        "https://sms.example.com",
		"http://127.0.0.1:8080/smsdesk/":   "http://127.0.0.1:8080/smsdesk",
		"https://sms.example.com:8443/crm": "https://sms.example.com:8443/crm",
	} {
		cfg, err := parseServeFlags(testEnv(nil, &out), []string{"--public-url", raw})
		if err != nil || cfg.PublicURL != want {
			t.Errorf("--public-url %q: got %q, %v; want %q", raw, cfg.PublicURL, err, want)
		}
	}
	for _, bad := range []string{"sms.example.com", "ftp://sms.example.com", "https://sms.example.com/?x=1", "https://sms.example.com/#frag", "https:///path"} {
		if _, err := parseServeFlags(testEnv(nil, &out), []string{"--public-url", bad}); err == nil || !strings.Contains(err.Error(), "--public-url") {
			t.Errorf("--public-url %q: err %v, want a --public-url error", bad, err)
		}
	}
}
