// Command smsdesk is a terminal SMS client for salespeople with its own
// backend: `serve` runs the backend, `tui` the client, `demo` both offline,
// `admin` manages a running server.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"regexp"
	"slices"
	"strings"
	"syscall"

	"golang.org/x/text/language"

	"smsdesk/backend"
	"smsdesk/i18n"
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
		"version":  runVersion,
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}, os.Args[1:])
	stop()
	os.Exit(code)
}

func run(ctx context.Context, env Env, args []string) int {
	t := tuiPrinter(env, args)
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(env.Stderr, t.T("cli.usage"))
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	if args[0] == "--version" || args[0] == "-version" {
		args[0] = "version"
	}
	cmd, ok := subcommands()[args[0]]
	if !ok {
		fmt.Fprintln(env.Stderr, t.T("cli.unknown_command", args[0]))
		fmt.Fprintln(env.Stderr)
		fmt.Fprint(env.Stderr, t.T("cli.usage"))
		return 2
	}
	// An explicit language smsdesk does not speak is refused by every
	// command alike, rather than run silently in English.
	if lang := langChoice(env, args[1:]); lang != "" && !i18n.Known(lang) {
		// Said in the locale's language, the one the seller reads.
		locale := tuiPrinter(Env{Getenv: func(k string) string {
			if k == "SMSDESK_LANG" {
				return ""
			}
			return env.Getenv(k)
		}}, nil)
		fmt.Fprintln(env.Stderr, locale.T("cli.lang.unknown", lang, i18n.Names()))
		return 2
	}
	return cmd(ctx, env, args[1:])
}

// parseFlags parses args with fs without letting the flag package print
// its English: on -h or a bad flag it prints fs.Usage to stderr and
// returns flag.ErrHelp or the error in the seller's language.
func parseFlags(fs *flag.FlagSet, stderr io.Writer, t *i18n.Printer, args []string) error {
	usage := fs.Usage
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	err := fs.Parse(args)
	fs.SetOutput(stderr)
	fs.Usage = usage
	if err == nil {
		return nil
	}
	if usage != nil {
		usage()
	}
	if errors.Is(err, flag.ErrHelp) {
		return err
	}
	return errors.New(flagError(t, err))
}

// flagErrors recognises the flag package's errors (their wording is pinned
// by TestBadFlagsAreExplainedInTheSellersLanguage) to say them again in
// the seller's language. A parser's own reason (strconv's "invalid
// syntax"…) is passed on as it is.
var flagErrors = []struct {
	re  *regexp.Regexp
	key i18n.Key
}{
	{regexp.MustCompile(`^flag provided but not defined: (-.*)$`), "cli.flag.undefined"},
	{regexp.MustCompile(`^flag needs an argument: (-.*)$`), "cli.flag.needs_value"},
	{regexp.MustCompile(`^invalid value (".*") for flag (-\S+): (.*)$`), "cli.flag.invalid_value"},
	{regexp.MustCompile(`^invalid boolean value (".*") for (-\S+): (.*)$`), "cli.flag.invalid_value"},
	{regexp.MustCompile(`^bad flag syntax: (.*)$`), "cli.flag.bad_syntax"},
}

func flagError(t *i18n.Printer, err error) string {
	msg := err.Error()
	for _, fe := range flagErrors {
		if m := fe.re.FindStringSubmatch(msg); m != nil {
			args := make([]any, len(m)-1)
			for i, s := range m[1:] {
				args[i] = s
				// The flag package's own reasons for a value it cannot take.
				switch s {
				case "parse error":
					args[i] = t.T("cli.flag.parse_error")
				case "value out of range":
					args[i] = t.T("cli.flag.out_of_range")
				}
			}
			return t.T(fe.key, args...)
		}
	}
	return msg
}

// printDefaults is flag.PrintDefaults in the seller's language: each flag
// with its value's kind and its usage, and the default when there is one.
func printDefaults(w io.Writer, t *i18n.Printer, fs *flag.FlagSet) {
	fs.VisitAll(func(f *flag.Flag) {
		kind, usage := flag.UnquoteUsage(f)
		line := "  -" + f.Name
		if kind != "" {
			line += " " + flagKind(t, kind)
		}
		usage = strings.ReplaceAll(usage, "\n", "\n    \t")
		if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
			if f.DefValue == "true" {
				usage = t.T("cli.flag.default", usage, f.DefValue)
			}
		} else if f.DefValue != "" && f.DefValue != "0" && f.DefValue != "0s" {
			usage = t.T("cli.flag.default", usage, f.DefValue)
		}
		fmt.Fprintf(w, "%s\n    \t%s\n", line, usage)
	})
}

// flagKind names the kind of value a flag takes, as flag.UnquoteUsage
// guesses it from the flag's type ("string", "duration"…).
func flagKind(t *i18n.Printer, kind string) string {
	switch kind {
	case "string":
		return t.T("cli.flag.kind_string")
	case "int", "uint":
		return t.T("cli.flag.kind_int")
	case "float":
		return t.T("cli.flag.kind_float")
	case "duration":
		return t.T("cli.flag.kind_duration")
	case "value":
		return t.T("cli.flag.kind_value")
	}
	return kind // a name the usage text gave in back quotes
}

// datasetMessage says a dataset problem in the seller's language: the frame
// and the problem, from its code and arguments, come from the catalog; a
// problem whose code the catalog lacks keeps the importer's English
// (DatasetError.Msg). ok is false when err is no dataset problem.
func datasetMessage(t *i18n.Printer, err error) (msg string, ok bool) {
	var de *backend.DatasetError
	if !errors.As(err, &de) {
		return "", false
	}
	problem := de.Msg
	if de.Code != "" && slices.Contains(i18n.Keys(language.English), i18n.Key(de.Code)) {
		problem = t.T(i18n.Key(de.Code), de.Args...)
	}
	return t.T("cli.dataset_error", de.Path, problem), true
}
