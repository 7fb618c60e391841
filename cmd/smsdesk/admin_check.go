package main

import (
	"context"
	"errors"
	"fmt"

	"smsdesk/safetext"
)

// errStoreDamaged is check's answer when the server found damage: the
// report is printed, the exit status is 1.
var errStoreDamaged = errors.New("the store file is damaged")

// check asks the server to verify its whole store file (bbolt's
// consistency check in a read transaction; writes go on meanwhile). Open
// only reads the meta pages, the free list and the bucket roots, so this
// is how damage elsewhere is found before a request meets it.
func (a *adminEnv) check(ctx context.Context, args []string) error {
	if _, err := a.positional("check", args, 0, ""); err != nil {
		return err
	}
	// A large store takes a while to read through: no short deadline.
	var rep struct {
		File     string
		OK       bool
		Problems []string
	}
	if err := a.c.do(ctx, "GET", adminPath("check"), nil, &rep); err != nil {
		return err
	}
	if rep.OK {
		fmt.Fprint(a.out, a.t.T("cli.admin.check_ok", safetext.Line(rep.File)))
		return nil
	}
	fmt.Fprint(a.out, a.t.T("cli.admin.check_damaged", len(rep.Problems), safetext.Line(rep.File)))
	for _, p := range rep.Problems {
		fmt.Fprintln(a.out, "  "+safetext.Line(p))
	}
	fmt.Fprint(a.out, a.t.T("cli.admin.check_recovery"))
	return errStoreDamaged
}
