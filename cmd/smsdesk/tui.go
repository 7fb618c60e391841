package main

import (
	"context"
	"fmt"
)

// runTUI is a placeholder until its issue lands.
func runTUI(ctx context.Context, env Env, args []string) int {
	fmt.Fprintln(env.Stderr, "smsdesk tui: not built yet")
	return 1
}
