package tui

import (
	"bufio"
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"smsdesk/i18n"
)

// The catalog checker: every string literal in the tui package that could
// reach the seller's screen must go through the catalog. It type-checks the
// package (go/types, with the export data `go list -export` gives) and
// looks at every string literal; a literal is fine when
//
//   - its type is i18n.Key: a catalog key (T's argument, a conversion, an
//     array of keys, a helper's i18n.Key parameter);
//   - it has no letter once format verbs are removed: glyphs, icons,
//     separators, format strings such as "%d/%d";
//   - it is a colour ("#5A3FC0");
//   - it sits where nothing is shown: an import path or a struct tag, an
//     operand of == or != or a switch case (key names compared with
//     msg.String()), a map index (notification parameters), a key name for
//     key.WithKeys or key.WithHelp's first argument (the key as typed,
//     "ctrl+c"), an error built with fmt.Errorf or errors.New (diagnostics,
//     shown only inside the catalog's error frame), or one of
//     silentCallees' arguments;
//   - it is passed to a parameter of a tui function that only ever uses the
//     parameter in such places (b("ctrl+c", …) in keys.go, p("customer")
//     in notifications.go);
//   - it is in allowedLiterals, with its reason.
//
// Anything else fails TestNoUserFacingLiteralBypassesTheCatalog: add the
// text to the catalog in every language and call T.

// silentCallees are functions whose string arguments are never shown.
var silentCallees = map[string]string{
	"smsdesk/crm.NewID":                  "the prefix of a generated id (cmd_…)",
	"fmt.Errorf":                         "diagnostics, wrapped into the catalog's error.generic frame",
	"errors.New":                         "diagnostics, wrapped into the catalog's error.generic frame",
	"charm.land/bubbles/v2/key.WithKeys": "key names as Bubble Tea reports them",
	"smsdesk/tui.keyLabel":               "a key as typed; keyName looks each named key up in the catalog",
}

// allowedLiterals are the exceptions no rule covers, each with its reason.
var allowedLiterals = map[string]string{
	"NO_COLOR": "an environment variable's name (https://no-color.org)",
}

var (
	verbRE   = regexp.MustCompile(`%[-+# 0]*(\[\d+\])?\d*(\.\d+)?(\[\d+\])?[a-zA-Z%]`)
	colourRE = regexp.MustCompile(`^#[0-9A-Fa-f]{3,8}$`)
)

// finding is a literal that bypasses the catalog.
type finding struct {
	pos   token.Position
	value string
}

// checkResult is what the checker learnt from one package.
type checkResult struct {
	findings []finding
	keys     map[i18n.Key][]token.Position // catalog keys the code references
}

// exportData maps every package the tui package depends on to its export
// data file, built by the go command (cached after the first build).
func exportData(t *testing.T) map[string]string {
	t.Helper()
	out, err := exec.Command("go", "list", "-export", "-deps", "-f", "{{.ImportPath}}\t{{.Export}}", ".").Output()
	if err != nil {
		var stderr []byte
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = ee.Stderr
		}
		t.Fatalf("go list -export (the package must build): %v\n%s", err, stderr)
	}
	m := map[string]string{}
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	for sc.Scan() {
		if path, file, ok := strings.Cut(sc.Text(), "\t"); ok && file != "" {
			m[path] = file
		}
	}
	return m
}

// typeCheck parses and type-checks files as one package.
func typeCheck(t *testing.T, exports map[string]string, pkgPath string, filenames []string) (*token.FileSet, []*ast.File, *types.Info) {
	t.Helper()
	fset := token.NewFileSet()
	var files []*ast.File
	for _, name := range filenames {
		f, err := parser.ParseFile(fset, name, nil, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	imp := importer.ForCompiler(fset, "gc", func(path string) (io.ReadCloser, error) {
		file, ok := exports[path]
		if !ok {
			return nil, fmt.Errorf("no export data for %s", path)
		}
		return os.Open(file)
	})
	info := &types.Info{
		Types: map[ast.Expr]types.TypeAndValue{},
		Defs:  map[*ast.Ident]types.Object{},
		Uses:  map[*ast.Ident]types.Object{},
	}
	if _, err := (&types.Config{Importer: imp}).Check(pkgPath, fset, files, info); err != nil {
		t.Fatalf("type-check %s: %v", pkgPath, err)
	}
	return fset, files, info
}

// checkLiterals applies the rules above to every string literal of files.
func checkLiterals(fset *token.FileSet, files []*ast.File, info *types.Info) checkResult {
	res := checkResult{keys: map[i18n.Key][]token.Position{}}
	parents := map[ast.Node]ast.Node{}
	funcs := map[types.Object]*ast.FuncType{} // named functions and closures bound to a name
	for _, f := range files {
		var stack []ast.Node
		ast.Inspect(f, func(n ast.Node) bool {
			if n == nil {
				stack = stack[:len(stack)-1]
				return false
			}
			if len(stack) > 0 {
				parents[n] = stack[len(stack)-1]
			}
			stack = append(stack, n)
			switch n := n.(type) {
			case *ast.FuncDecl:
				funcs[info.Defs[n.Name]] = n.Type
			case *ast.AssignStmt:
				for i, rhs := range n.Rhs {
					if lit, ok := rhs.(*ast.FuncLit); ok && i < len(n.Lhs) {
						if id, ok := n.Lhs[i].(*ast.Ident); ok {
							if obj := info.Defs[id]; obj != nil {
								funcs[obj] = lit.Type
							} else if obj := info.Uses[id]; obj != nil {
								funcs[obj] = lit.Type
							}
						}
					}
				}
			}
			return true
		})
	}
	c := &checker{info: info, parents: parents, funcs: funcs, silentParams: map[types.Object]bool{}}
	c.findSilentParams(files)
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.ImportSpec:
				return false // import paths
			case *ast.Field:
				if n.Tag != nil {
					return false // struct tags; a field's type holds no literal
				}
			case *ast.BasicLit:
				if n.Kind != token.STRING {
					return true
				}
				s, err := strconv.Unquote(n.Value)
				if err != nil {
					return true
				}
				if isKeyType(info.Types[n].Type) {
					res.keys[i18n.Key(s)] = append(res.keys[i18n.Key(s)], fset.Position(n.Pos()))
					return true
				}
				if c.allowed(n, s) {
					return true
				}
				res.findings = append(res.findings, finding{fset.Position(n.Pos()), s})
			}
			return true
		})
	}
	return res
}

type checker struct {
	info         *types.Info
	parents      map[ast.Node]ast.Node
	funcs        map[types.Object]*ast.FuncType
	silentParams map[types.Object]bool
}

func isKeyType(t types.Type) bool {
	n, ok := t.(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "smsdesk/i18n" && n.Obj().Name() == "Key"
}

// allowed applies the rules to one literal.
func (c *checker) allowed(lit *ast.BasicLit, s string) bool {
	if !strings.ContainsFunc(verbRE.ReplaceAllString(s, ""), unicode.IsLetter) {
		return true
	}
	if colourRE.MatchString(s) {
		return true
	}
	if _, ok := allowedLiterals[s]; ok {
		return true
	}
	return c.silent(lit)
}

// silent reports whether expression e sits where its value is never shown.
func (c *checker) silent(e ast.Expr) bool {
	p := c.parents[e]
	for {
		// Parentheses change nothing.
		pe, ok := p.(*ast.ParenExpr)
		if !ok {
			break
		}
		e, p = pe, c.parents[pe]
	}
	switch p := p.(type) {
	case *ast.BinaryExpr:
		return p.Op == token.EQL || p.Op == token.NEQ
	case *ast.CaseClause:
		return slices.Contains(p.List, e)
	case *ast.IndexExpr:
		return p.Index == e
	case *ast.CallExpr:
		i := slices.Index(p.Args, e)
		if i < 0 {
			return false
		}
		name := c.calleeName(p)
		if _, ok := silentCallees[name]; ok {
			return true
		}
		if name == "charm.land/bubbles/v2/key.WithHelp" {
			return i == 0 // the key as typed; the second is the description
		}
		if param := c.param(p, i); param != nil {
			return c.silentParams[param]
		}
	}
	return false
}

// calleeName is "pkgpath.Func" for a package function, the selector's name
// for a method or a func-typed field, "" otherwise.
func (c *checker) calleeName(call *ast.CallExpr) string {
	switch fn := call.Fun.(type) {
	case *ast.SelectorExpr:
		if obj, ok := c.info.Uses[fn.Sel].(*types.Func); ok && obj.Pkg() != nil {
			if sig, ok := obj.Type().(*types.Signature); ok && sig.Recv() == nil {
				return obj.Pkg().Path() + "." + obj.Name()
			}
		}
		return fn.Sel.Name
	case *ast.Ident:
		if obj, ok := c.info.Uses[fn].(*types.Func); ok && obj.Pkg() != nil {
			return obj.Pkg().Path() + "." + obj.Name()
		}
	}
	return ""
}

// param is the parameter of a tui function (or named closure) that call's
// argument i is bound to, nil when the callee is not one.
func (c *checker) param(call *ast.CallExpr, i int) types.Object {
	var id *ast.Ident
	switch fn := call.Fun.(type) {
	case *ast.Ident:
		id = fn
	case *ast.SelectorExpr:
		id = fn.Sel // a method of the package
	default:
		return nil
	}
	ft := c.funcs[c.info.Uses[id]]
	if ft == nil || ft.Params == nil {
		return nil
	}
	var params []*ast.Ident
	for _, f := range ft.Params.List {
		params = append(params, f.Names...)
	}
	if len(params) == 0 {
		return nil
	}
	i = min(i, len(params)-1) // variadic: the last parameter takes the rest
	return c.info.Defs[params[i]]
}

// findSilentParams marks the string parameters of tui functions whose every
// use is silent; repeated so a parameter passed on to another silent
// parameter counts too.
func (c *checker) findSilentParams(files []*ast.File) {
	uses := map[types.Object][]*ast.Ident{}
	for id, obj := range c.info.Uses {
		if v, ok := obj.(*types.Var); ok && !v.IsField() {
			uses[obj] = append(uses[obj], id)
		}
	}
	var params []types.Object
	for _, ft := range c.funcs {
		if ft.Params == nil {
			continue
		}
		for _, f := range ft.Params.List {
			for _, n := range f.Names {
				if obj := c.info.Defs[n]; obj != nil {
					params = append(params, obj)
				}
			}
		}
	}
	for changed := true; changed; {
		changed = false
		for _, p := range params {
			if c.silentParams[p] || len(uses[p]) == 0 {
				continue
			}
			all := true
			for _, id := range uses[p] {
				// keys... passes the variadic slice on as it is.
				if !c.silent(id) {
					all = false
					break
				}
			}
			if all {
				c.silentParams[p] = true
				changed = true
			}
		}
	}
}

// tuiSources lists the package's non-test Go files.
func tuiSources(t *testing.T) []string {
	t.Helper()
	names, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	return slices.DeleteFunc(names, func(n string) bool { return strings.HasSuffix(n, "_test.go") })
}

func TestNoUserFacingLiteralBypassesTheCatalog(t *testing.T) {
	fset, files, info := typeCheck(t, exportData(t), "smsdesk/tui", tuiSources(t))
	res := checkLiterals(fset, files, info)
	for _, f := range res.findings {
		t.Errorf("%s: %q reaches the screen without the catalog: add a key to i18n in every language and use T", f.pos, f.value)
	}
	if len(res.keys) == 0 {
		t.Fatal("found no catalog key in tui: the checker is not seeing T's arguments")
	}
}

// TestCatalogCheckerFlagsAStringInAView runs the checker on
// testdata/catalogcheck/view.go, a small package with an English "Send" in
// a View among lines every rule allows; the lines marked "// want" are
// exactly the ones it must report.
func TestCatalogCheckerFlagsAStringInAView(t *testing.T) {
	name := filepath.Join("testdata", "catalogcheck", "view.go")
	fset, files, info := typeCheck(t, exportData(t), "smsdesk/tui/testdata/catalogcheck", []string{name})
	res := checkLiterals(fset, files, info)
	var got []int
	for _, f := range res.findings {
		got = append(got, f.pos.Line)
	}
	var want []int
	src, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	for i, line := range strings.Split(string(src), "\n") {
		if strings.HasSuffix(line, "// want") {
			want = append(want, i+1)
		}
	}
	if len(want) == 0 || !slices.Equal(got, want) {
		t.Fatalf("checker reported lines %v, want %v: %v", got, want, res.findings)
	}
	if _, ok := res.keys["compose.placeholder"]; !ok {
		t.Fatalf("checker missed the key passed to T: %v", res.keys)
	}
}

// TestEveryKeyTheTUIUsesIsInEveryLanguage: a key typed in tui code but
// missing from a language would print the key itself on screen.
func TestEveryKeyTheTUIUsesIsInEveryLanguage(t *testing.T) {
	fset, files, info := typeCheck(t, exportData(t), "smsdesk/tui", tuiSources(t))
	res := checkLiterals(fset, files, info)
	for _, tag := range i18n.Supported() {
		defined := i18n.Keys(tag)
		for k, at := range res.keys {
			if !slices.Contains(defined, k) {
				t.Errorf("%s: key %q (used at %s) is not in the %s catalog", tag, k, at[0], tag)
			}
		}
	}
}
