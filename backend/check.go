package backend

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	bolt "go.etcd.io/bbolt"

	"smsdesk/crm"
)

// maxCheckProblems bounds the problems a check reports: a badly damaged
// file yields one per page, and the first ones are enough to decide.
const maxCheckProblems = 100

// errCheckRollback rolls back Check's transaction: it changed nothing.
var errCheckRollback = errors.New("check: roll back")

// CheckReport is what Check found: OK, or the first problems.
type CheckReport struct {
	File     string   `json:"file"`
	OK       bool     `json:"ok"`
	Problems []string `json:"problems,omitempty"`
}

// Check verifies the whole store file on demand (bbolt's Tx.Check: every
// page reachable once, every key in order, the free list consistent),
// under the fault guard. It runs in a write transaction, rolled back, so
// writes wait while it runs: bbolt's check reads the shared free list,
// which a concurrent commit changes (the race detector caught it in a read
// transaction). Open reads only the meta pages, the free list and the
// bucket roots; this is what finds damage anywhere else before a request
// meets it.
func (s *Service) Check(ctx context.Context, actor crm.User) (CheckReport, error) {
	if err := checkAdmin(actor, ActCheck); err != nil {
		return CheckReport{}, err
	}
	rep := CheckReport{File: s.db.Path()}
	err := s.db.Update(func(tx *bolt.Tx) error {
		for e := range tx.Check(bolt.WithKVStringer(bolt.HexKVStringer())) {
			if len(rep.Problems) < maxCheckProblems {
				rep.Problems = append(rep.Problems, e.Error())
			}
			if ctx.Err() != nil {
				// Drain: Check's goroutine ends when its channel is read out.
				continue
			}
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		return errCheckRollback
	})
	if errors.Is(err, errCheckRollback) {
		err = nil
	}
	if err != nil {
		// A fault while checking is itself the finding.
		rep.Problems = append(rep.Problems, err.Error())
		if ctx.Err() != nil {
			return CheckReport{}, fmt.Errorf("check %s: %w", rep.File, err)
		}
	}
	rep.OK = len(rep.Problems) == 0
	return rep, nil
}

func (s *Server) adminCheck(w http.ResponseWriter, r *http.Request, u crm.User) {
	rep, err := s.svc.Check(r.Context(), u)
	s.answer(w, r, rep, err)
}
