package hub

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"smsdesk/backend"
)

// genSpec describes a generated dataset: sellers, each owning one number
// and contactsPerSeller contacts, each contact with a conversation of
// msgsPerConv messages on the seller's number.
type genSpec struct {
	sellers           int
	contactsPerSeller int
	msgsPerConv       int
}

func sellerID(i int) string     { return fmt.Sprintf("u_s%03d", i) }
func sellerToken(i int) string  { return fmt.Sprintf("seller-%03d-token-0123456789", i) }
func sellerNumber(i int) string { return fmt.Sprintf("+1415555%04d", 2000+i) }
func contactPhone(j int) string { return fmt.Sprintf("+1650555%04d", j) }

// genDataset builds the dataset JSON the backend imports (docs/dataset.md):
// the import is the supported way to seed a store, so the benchmarks use it
// rather than reach into the backend's buckets.
func genDataset(spec genSpec) []byte {
	type owner struct {
		Kind string `json:"kind"`
		ID   string `json:"id"`
	}
	type user struct {
		ID    string   `json:"id"`
		Name  string   `json:"name"`
		Token string   `json:"token"`
		Roles []string `json:"roles"`
		Teams []string `json:"teams"`
	}
	type number struct {
		Number string `json:"number"`
		Name   string `json:"name"`
		Owner  owner  `json:"owner"`
		Type   string `json:"type"`
	}
	type record struct {
		ID        string            `json:"id"`
		Type      string            `json:"type"`
		Name      string            `json:"name"`
		Owner     owner             `json:"owner"`
		UpdatedAt time.Time         `json:"updated_at"`
		Phones    map[string]string `json:"phones"`
	}
	type message struct {
		Conversation   string    `json:"conversation"`
		Record         string    `json:"record"`
		BusinessNumber string    `json:"business_number"`
		CustomerNumber string    `json:"customer_number"`
		Direction      string    `json:"direction"`
		Author         string    `json:"author,omitempty"`
		At             time.Time `json:"at"`
		Body           string    `json:"body"`
	}
	ds := struct {
		Org      map[string]any      `json:"org"`
		Teams    []map[string]string `json:"teams"`
		Users    []user              `json:"users"`
		Numbers  []number            `json:"numbers"`
		Records  []record            `json:"records"`
		Messages []message           `json:"messages"`
	}{Org: map[string]any{"name": "Bench Sales", "in_app_notifications": true},
		Teams: []map[string]string{{"id": "t_sales", "name": "Sales"}}}
	start := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	j := 0
	for i := range spec.sellers {
		ds.Users = append(ds.Users, user{ID: sellerID(i), Name: fmt.Sprintf("Seller %d", i), Token: sellerToken(i),
			Roles: []string{"seller"}, Teams: []string{"t_sales"}})
		ds.Numbers = append(ds.Numbers, number{Number: sellerNumber(i), Name: fmt.Sprintf("Seller %d direct", i),
			Owner: owner{"user", sellerID(i)}, Type: "geo"})
		for range spec.contactsPerSeller {
			rid := fmt.Sprintf("c_%05d", j)
			ds.Records = append(ds.Records, record{ID: rid, Type: "contact", Name: fmt.Sprintf("Customer %d", j),
				Owner: owner{"user", sellerID(i)}, UpdatedAt: start, Phones: map[string]string{"mobile": contactPhone(j)}})
			for m := range spec.msgsPerConv {
				// Ascending conversation ids: the import then appends to its
				// buckets in key order instead of inserting at random.
				msg := message{Conversation: fmt.Sprintf("cv_gen_%06d", j), Record: rid, BusinessNumber: sellerNumber(i), CustomerNumber: contactPhone(j),
					At: start.Add(time.Duration(j*spec.msgsPerConv+m) * time.Second)}
				if m%2 == 0 {
					msg.Direction = "inbound"
					msg.Body = fmt.Sprintf("Hi, it's customer %d again: can we move the delivery of order %d to next week?", j, m)
				} else {
					msg.Direction, msg.Author = "outbound", sellerID(i)
					msg.Body = fmt.Sprintf("Of course. I have moved order %d to next Tuesday; you will get a confirmation.", m)
				}
				ds.Messages = append(ds.Messages, msg)
			}
			j++
		}
	}
	raw, err := json.Marshal(ds)
	if err != nil {
		panic(err) // plain structs: cannot fail
	}
	return raw
}

func seedWith(raw []byte) serverOpt {
	return withSeed(func(svc *backend.Service) error { return svc.ImportDataset(raw) })
}

// withHandler mounts another handler (the Twilio webhook) on the server.
func withHandler(pattern string, mk func(*backend.Service) http.Handler) serverOpt {
	return func(s *testServer) { s.extra = append(s.extra, extraHandler{pattern, mk}) }
}

type extraHandler struct {
	pattern string
	mk      func(*backend.Service) http.Handler
}
