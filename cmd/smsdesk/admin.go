package main

import (
	"context"
	"fmt"
)

// runAdmin is a placeholder until its issue lands.
func runAdmin(ctx context.Context, env Env, args []string) int {
	fmt.Fprintln(env.Stderr, "smsdesk admin: not built yet")
	return 1
}
