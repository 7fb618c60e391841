// Command smsdesk is a terminal SMS client for salespeople with its own
// backend: `serve` runs the backend, `tui` the client, `demo` both offline,
// `admin` manages a running server.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// subcommand runs one verb with its arguments; it returns the process exit code.
type subcommand func(ctx context.Context, env Env, args []string) int

// Env is what a subcommand may touch of the process, injected so tests can
// run subcommands in-process.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
}

func subcommands() map[string]subcommand {
	return map[string]subcommand{
		"serve":    runServe,
		"tui":      runTUI,
		"demo":     runDemo,
		"admin":    runAdmin,
		"loadtest": runLoadtest,
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}, os.Args[1:])
	stop()
	os.Exit(code)
}

func run(ctx context.Context, env Env, args []string) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(env.Stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	cmd, ok := subcommands()[args[0]]
	if !ok {
		fmt.Fprintf(env.Stderr, "smsdesk: unknown command %q\n\n", args[0])
		usage(env.Stderr)
		return 2
	}
	return cmd(ctx, env, args[1:])
}

func usage(w io.Writer) {
	fmt.Fprint(w, `usage: smsdesk <command> [flags]

commands:
  demo    run the backend and the TUI together, offline, with demo data
  serve   run the backend (webhooks, REST, websocket sync)
  tui     run the terminal client against a server
  admin   manage users, teams, numbers and settings of a running server

Run 'smsdesk <command> -h' for a command's flags.
`)
}
