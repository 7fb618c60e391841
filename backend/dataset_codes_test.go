package backend

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/text/language"

	"smsdesk/i18n"
)

// datasetSources reads the package's non-test sources and returns the
// dataset codes its constants declare (name → code) and, for every dsErr
// call, the English format each code is used with. A dsErr call whose code
// is no such constant or whose format is no literal, a code used with two
// formats, or a DatasetError built anywhere but in dsErr is an error.
func datasetSources(t *testing.T) (consts map[string]string, formats map[string]string) {
	t.Helper()
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var files []*ast.File
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	consts = map[string]string{}
	for _, f := range files {
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.CONST {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, v := range vs.Values {
					lit, ok := v.(*ast.BasicLit)
					if !ok || lit.Kind != token.STRING {
						continue
					}
					if s, _ := strconv.Unquote(lit.Value); strings.HasPrefix(s, "dataset.") {
						consts[vs.Names[i].Name] = s
					}
				}
			}
		}
	}
	formats = map[string]string{}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncDecl:
				if n.Name.Name == "dsErr" && n.Recv == nil {
					return false // the one place a DatasetError is built
				}
			case *ast.CompositeLit:
				if id, ok := n.Type.(*ast.Ident); ok && id.Name == "DatasetError" {
					t.Errorf("%s: a DatasetError built without dsErr (it would carry no code)", fset.Position(n.Pos()))
				}
			case *ast.CallExpr:
				fn, ok := n.Fun.(*ast.Ident)
				if !ok || fn.Name != "dsErr" {
					return true
				}
				at := fset.Position(n.Pos())
				if len(n.Args) < 3 {
					t.Errorf("%s: dsErr with %d arguments", at, len(n.Args))
					return true
				}
				id, ok := n.Args[1].(*ast.Ident)
				code, known := "", false
				if ok {
					code, known = consts[id.Name]
				}
				if !known {
					t.Errorf("%s: dsErr's code is not one of the dataset code constants", at)
					return true
				}
				lit, ok := n.Args[2].(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					t.Errorf("%s: dsErr's format for %s is not a string literal", at, code)
					return true
				}
				format, _ := strconv.Unquote(lit.Value)
				if prev, seen := formats[code]; seen && prev != format {
					t.Errorf("%s: %s used with %q and with %q", at, code, prev, format)
				}
				formats[code] = format
			}
			return true
		})
	}
	if len(consts) < 30 || len(formats) < 30 {
		t.Fatalf("found %d code constants and %d codes used: the scan is not seeing the sources", len(consts), len(formats))
	}
	return consts, formats
}

// TestDatasetCodesAreListed: DatasetCodes lists each code constant once,
// and every code is one some dsErr call produces.
func TestDatasetCodesAreListed(t *testing.T) {
	consts, formats := datasetSources(t)
	listed := DatasetCodes()
	for i, c := range listed {
		if slices.Contains(listed[:i], c) {
			t.Errorf("DatasetCodes lists %q twice", c)
		}
	}
	for name, c := range consts {
		if !slices.Contains(listed, c) {
			t.Errorf("DatasetCodes lacks %s (%q)", name, c)
		}
		if _, used := formats[c]; !used {
			t.Errorf("no dsErr call produces %s (%q)", name, c)
		}
	}
	if len(listed) != len(consts) {
		t.Errorf("DatasetCodes lists %d codes, the constants are %d", len(listed), len(consts))
	}
}

var directiveRE = regexp.MustCompile(`%[-+# 0]*[0-9]*(\.[0-9]+)?[a-zA-Z%]`)

// TestEveryDatasetCodeIsInTheCatalog: a client renders a DatasetError from
// its code, so each code dsErr produces has a message in every language,
// and the English one says exactly what Msg says.
func TestEveryDatasetCodeIsInTheCatalog(t *testing.T) {
	_, formats := datasetSources(t)
	en, err := i18n.New(language.English)
	if err != nil {
		t.Fatal(err)
	}
	for _, tag := range i18n.Supported() {
		keys := i18n.Keys(tag)
		for code := range formats {
			if !slices.Contains(keys, i18n.Key(code)) {
				t.Errorf("%s: dataset code %q is not in the catalog", tag, code)
			}
		}
	}
	for code, format := range formats {
		var args []any
		for _, d := range directiveRE.FindAllString(format, -1) {
			if d != "%%" {
				args = append(args, fmt.Sprintf("v%d", len(args)+1))
			}
		}
		if got, want := en.T(i18n.Key(code), args...), fmt.Sprintf(format, args...); got != want {
			t.Errorf("%s in English: catalog says %q, the importer %q", code, got, want)
		}
	}
}

// TestDatasetErrorsCarryTheirCode: what ImportDataset returns can be
// rendered from Code and Args alone.
func TestDatasetErrorsCarryTheirCode(t *testing.T) {
	_, formats := datasetSources(t)
	e := newEnv(t, nil)
	for _, tc := range []struct {
		raw  []byte
		code string
	}{
		{[]byte(``), DatasetTruncated},
		{[]byte(`{"teams": [`), DatasetTruncated},
		{[]byte(`{"teams": [}`), DatasetInvalidJSON},
		{[]byte(`[]`), DatasetWantObject},
		{[]byte(`{"teams": [{"id": "t", "name": "T"}]} trailing`), DatasetTrailingData},
		{[]byte(`{"teams": [{"id": "t", "name": 3}]}`), DatasetWantString},
		{[]byte(`{"org": {"in_app_notifications": "yes"}}`), DatasetWantBool},
		{[]byte(`{"teams": [{"id": "t", "name": "T", "colour": "red"}]}`), DatasetUnknownField},
		{dataset(t, "base.json", func(ds map[string]any) {
			ds["records"].([]any)[2].(map[string]any)["phones"].(map[string]any)["mobile"] = "+1555"
		}), DatasetInvalidPhone},
		{dataset(t, "base.json", func(ds map[string]any) {
			ds["templates"].([]any)[0].(map[string]any)["body"] = "Hi {{LeadCompany}}"
		}), DatasetTemplateNotAField},
		{dataset(t, "base.json", func(ds map[string]any) {
			ds["templates"].([]any)[0].(map[string]any)["body"] = "Hi {{First Name}}"
		}), DatasetTemplateMalformed},
		{dataset(t, "base.json", func(ds map[string]any) {
			ds["templates"].([]any)[0].(map[string]any)["body"] = "Hi {{FirstName"
		}), DatasetTemplateUnterminated},
		{dataset(t, "base.json", func(ds map[string]any) {
			ds["templates"].([]any)[0].(map[string]any)["category"] = "deal"
		}), DatasetTemplateCategory},
	} {
		err := e.svc.ImportDataset(tc.raw)
		var de *DatasetError
		if !errors.As(err, &de) {
			t.Errorf("%.40q: %v is no DatasetError", tc.raw, err)
			continue
		}
		if de.Code != tc.code {
			t.Errorf("%.40q: code %q (%s), want %q", tc.raw, de.Code, de.Msg, tc.code)
			continue
		}
		if got := fmt.Sprintf(formats[de.Code], de.Args...); got != de.Msg {
			t.Errorf("%s: format and args give %q, Msg is %q", de.Code, got, de.Msg)
		}
	}
}
