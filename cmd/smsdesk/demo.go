package main

import (
	"context"
	"fmt"
)

// runDemo is a placeholder until its issue lands.
func runDemo(ctx context.Context, env Env, args []string) int {
	fmt.Fprintln(env.Stderr, "smsdesk demo: not built yet")
	return 1
}
