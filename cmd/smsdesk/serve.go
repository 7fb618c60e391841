package main

import (
	"context"
	"fmt"
)

// runServe is a placeholder until its issue lands.
func runServe(ctx context.Context, env Env, args []string) int {
	fmt.Fprintln(env.Stderr, "smsdesk serve: not built yet")
	return 1
}
