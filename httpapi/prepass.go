package httpapi

import (
	"context"
	"fmt"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/lexer"

	"github.com/skillgraph/skillgraph/domain"
	"github.com/skillgraph/skillgraph/request"
)

// The pre-pass: every limit on a document's shape is checked on the raw text, in one pass of
// gqlparser's own lexer that keeps a small stack of open brackets and stops at the first
// limit exceeded, before gqlparser builds the document (recursively) and validates it (some
// rules are quadratic in the fields of a selection). A document the pre-pass cannot follow
// (a lexical error, an unmatched bracket) is left to the parser, which stops at that same
// point: everything before it has been checked.

// prepass is the gqlgen extension that runs the pre-pass on a request's query text, before
// automatic persisted queries store it and before it is parsed. A query the document cache
// holds passed it when it was first parsed.
type prepass struct {
	limits       QueryLimits
	noIntrospect bool // INTROSPECTION=false: __schema and __type are refused
	auth         Auth
	cache        graphql.Cache[*ast.QueryDocument]
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationParameterMutator
} = prepass{}

func (prepass) ExtensionName() string                   { return "QueryPrepass" }
func (prepass) Validate(graphql.ExecutableSchema) error { return nil }

func (p prepass) MutateOperationParameters(ctx context.Context, params *graphql.RawParams) *gqlerror.Error {
	// With AUTH_READS every operation needs a token: a caller without one learns nothing of
	// the schema, not even from validation errors, and costs no parsing.
	bad := request.PresentedBadToken(ctx)
	switch {
	case bad:
		return authError(domain.EUNAUTHENTICATED, "the bearer token is not valid")
	case p.auth.RequireRead && request.Principal(ctx) == nil:
		return authError(domain.EUNAUTHENTICATED, "this operation needs a bearer token with the read scope")
	}
	if err := p.variables(params.Variables); err != nil {
		return err
	}
	if params.Query == "" {
		return nil
	}
	if p.cache != nil {
		if _, ok := p.cache.Get(ctx, params.Query); ok {
			return nil
		}
	}
	return scanDocument(params.Query, p.limits, p.noIntrospect)
}

// variables refuses variables nested deeper than MAX_INPUT_DEPTH (JSON decoding already
// stopped at 10,000 levels).
func (p prepass) variables(vars map[string]any) *gqlerror.Error {
	if p.limits.MaxInputDepth <= 0 {
		return nil
	}
	var deep func(v any, depth int) bool
	deep = func(v any, depth int) bool {
		var items []any
		switch v := v.(type) {
		case map[string]any:
			for _, e := range v {
				items = append(items, e)
			}
		case []any:
			items = v
		default:
			return false
		}
		if depth++; depth > p.limits.MaxInputDepth {
			return true
		}
		for _, e := range items {
			if deep(e, depth) {
				return true
			}
		}
		return false
	}
	for _, v := range vars {
		if deep(v, 0) {
			return limitError(domain.EINPUTDEPTH, "MAX_INPUT_DEPTH", p.limits.MaxInputDepth, "the variables nest lists and objects deeper than %d levels", p.limits.MaxInputDepth)
		}
	}
	return nil
}

type frameKind uint8

const (
	selectionFrame frameKind = iota // { } of a selection set
	argumentFrame                   // ( ) of arguments or variable definitions
	listFrame                       // [ ] of a list value or type
	objectFrame                     // { } of an input object value
)

// item is what a selection set's current selection is: a { after a field opens a level
// deeper, after an inline fragment the same level.
type item uint8

const (
	noItem item = iota
	fieldItem
	fragmentItem
)

type frame struct {
	kind  frameKind
	depth int  // selection frames: the depth of the fields in it (1 at the top)
	item  item // selection frames: the current selection
}

// definition is what the pre-pass learns of one operation or fragment.
type definition struct {
	name            string // fragments
	fragment        bool
	fields, aliases int
	depth           int // deepest field, fragments counted from 1
	spreads         []spread
	state           uint8 // expansion: 0 not yet, 1 in progress, 2 done
	total           expansion
}

type spread struct {
	name  string
	depth int // of the fields beside the spread
}

// expansion is a definition with its fragments spread, counts saturated at a cap.
type expansion struct{ fields, aliases, depth int }

const saturated = 1 << 40

type scan struct {
	limits       QueryLimits
	noIntrospect bool

	tokens, fields, aliases, directives, valueDepth int
	stack                                           []frame
	defs                                            []definition
	fragments                                       map[string]int // first definition of each name
	prev                                            lexer.Type
	// At the document level: "fragment" was read (1), then its name (2).
	fragmentHeader uint8
	fragmentName   string
	// In a selection set: a field's name was read and may turn out to be an alias (awaiting
	// the colon), or was an alias whose field name comes next; a type condition comes next.
	field     string
	maybeName bool
	alias     string
	typeCond  bool
}

// scanDocument checks query against the limits; nil when it is within them (or is left to
// the parser to refuse).
func scanDocument(query string, limits QueryLimits, noIntrospect bool) *gqlerror.Error {
	s := &scan{limits: limits, noIntrospect: noIntrospect, fragments: map[string]int{}}
	lx := lexer.New(&ast.Source{Input: query})
	for {
		tok, err := lx.ReadToken()
		if err != nil || tok.Kind == lexer.EOF {
			break
		}
		if s.tokens++; limits.MaxTokens > 0 && s.tokens > limits.MaxTokens {
			return limitError(domain.ETOKENS, "MAX_TOKENS", limits.MaxTokens, "the document has more than %d tokens", limits.MaxTokens)
		}
		if tok.Kind == lexer.Comment {
			continue
		}
		stop, gerr := s.token(tok)
		if gerr != nil {
			return gerr
		}
		if stop {
			break
		}
		s.prev = tok.Kind
	}
	return s.expand()
}

// token takes one token; stop: the document is malformed here, the parser will say how.
func (s *scan) token(tok lexer.Token) (stop bool, err *gqlerror.Error) {
	if tok.Kind == lexer.At {
		if s.directives++; s.limits.MaxDirectives > 0 && s.directives > s.limits.MaxDirectives {
			return false, limitError(domain.EDIRECTIVES, "MAX_DIRECTIVES", s.limits.MaxDirectives, "the document uses more than %d directives", s.limits.MaxDirectives)
		}
	}
	var top *frame
	if n := len(s.stack); n > 0 {
		top = &s.stack[n-1]
	}
	switch {
	case top == nil:
		return s.document(tok)
	case top.kind == selectionFrame:
		return s.selection(tok, top)
	}
	// In a value, an argument list or a variable definition.
	return s.bracket(tok.Kind, frame{kind: objectFrame})
}

// bracket opens a frame for an opening bracket (brace for a {) or closes one; other tokens
// change nothing.
func (s *scan) bracket(kind lexer.Type, brace frame) (stop bool, err *gqlerror.Error) {
	switch kind {
	case lexer.BraceL:
		return false, s.push(brace)
	case lexer.BracketL:
		return false, s.push(frame{kind: listFrame})
	case lexer.ParenL:
		return false, s.push(frame{kind: argumentFrame})
	case lexer.BraceR, lexer.BracketR, lexer.ParenR:
		return !s.pop(kind), nil
	}
	return false, nil
}

// document takes a token between definitions.
func (s *scan) document(tok lexer.Token) (bool, *gqlerror.Error) {
	switch tok.Kind {
	case lexer.Name:
		switch {
		case s.fragmentHeader == 1:
			s.fragmentName, s.fragmentHeader = tok.Value, 2
		case s.fragmentHeader == 0 && tok.Value == "fragment" && s.prev != lexer.Name:
			s.fragmentHeader = 1
		}
	case lexer.BraceL:
		d := definition{fragment: s.fragmentHeader == 2, name: s.fragmentName}
		if d.fragment {
			if _, dup := s.fragments[d.name]; !dup {
				s.fragments[d.name] = len(s.defs)
			}
			if n := len(s.fragments); s.limits.MaxFragments > 0 && n > s.limits.MaxFragments {
				return false, limitError(domain.EFRAGMENTS, "MAX_FRAGMENTS", s.limits.MaxFragments, "the document defines more than %d fragments", s.limits.MaxFragments)
			}
		}
		s.defs = append(s.defs, d)
		s.fragmentHeader, s.fragmentName = 0, ""
		return false, s.push(frame{kind: selectionFrame, depth: 1})
	}
	return s.bracket(tok.Kind, frame{}) // a closer here has nothing to close: stop
}

// selection takes a token in a selection set.
func (s *scan) selection(tok lexer.Token, top *frame) (bool, *gqlerror.Error) {
	def := &s.defs[len(s.defs)-1]
	if s.maybeName {
		s.maybeName = false
		if tok.Kind == lexer.Colon {
			s.alias = s.field
			return false, nil
		}
		if err := s.fieldName(s.field); err != nil {
			return false, err
		}
	}
	switch tok.Kind {
	case lexer.Name:
		switch {
		case s.prev == lexer.Spread && tok.Value == "on":
			s.typeCond = true
		case s.prev == lexer.Spread:
			def.spreads = append(def.spreads, spread{name: tok.Value, depth: top.depth})
		case s.typeCond:
			s.typeCond = false
		case s.prev == lexer.At: // a directive's name
		case s.alias != "":
			if tok.Value != s.alias {
				def.aliases++
				if s.aliases++; s.limits.MaxAliases > 0 && s.aliases > s.limits.MaxAliases {
					return false, aliasError(s.limits)
				}
			}
			s.alias = ""
			return false, s.fieldName(tok.Value)
		default: // a field, or an alias
			top.item = fieldItem
			def.fields++
			def.depth = max(def.depth, top.depth)
			if s.fields++; s.limits.MaxFields > 0 && s.fields > s.limits.MaxFields {
				return false, fieldError(s.limits)
			}
			s.field, s.maybeName = tok.Value, true
		}
	case lexer.Spread:
		top.item = fragmentItem
	}
	// A { opens the selection set of a field (a level deeper) or of an inline fragment.
	depth := top.depth
	if top.item == fieldItem {
		depth++
	}
	return s.bracket(tok.Kind, frame{kind: selectionFrame, depth: depth})
}

// fieldName checks a field's name (not its alias).
func (s *scan) fieldName(name string) *gqlerror.Error {
	if s.noIntrospect && (name == "__schema" || name == "__type") {
		return &gqlerror.Error{Message: "introspection is disabled on this server", Extensions: map[string]any{"code": domain.EINTROSPECTION}}
	}
	return nil
}

func (s *scan) push(f frame) *gqlerror.Error {
	switch f.kind {
	case selectionFrame:
		if s.limits.MaxDepth > 0 && f.depth > s.limits.MaxDepth {
			return depthError(s.limits)
		}
	case listFrame, objectFrame:
		if s.valueDepth++; s.limits.MaxInputDepth > 0 && s.valueDepth > s.limits.MaxInputDepth {
			return limitError(domain.EINPUTDEPTH, "MAX_INPUT_DEPTH", s.limits.MaxInputDepth, "the document nests lists and objects deeper than %d levels", s.limits.MaxInputDepth)
		}
	}
	s.stack = append(s.stack, f)
	return nil
}

// pop closes the innermost bracket; false when closer does not match it.
func (s *scan) pop(closer lexer.Type) bool {
	n := len(s.stack)
	if n == 0 {
		return false
	}
	f := s.stack[n-1]
	want := lexer.BraceR
	switch f.kind {
	case listFrame:
		want = lexer.BracketR
	case argumentFrame:
		want = lexer.ParenR
	}
	if closer != want {
		return false
	}
	if f.kind == listFrame || f.kind == objectFrame {
		s.valueDepth--
	}
	s.stack = s.stack[:n-1]
	if n > 1 && f.kind == selectionFrame {
		s.stack[n-2].item = noItem // the selection that opened it is complete
	}
	s.maybeName, s.alias, s.typeCond = false, "", false
	return true
}

// expand counts every operation with its fragments spread (each fragment expanded once,
// remembered), and refuses fragment cycles and unused fragments as validation would,
// since validating them is what costs.
func (s *scan) expand() *gqlerror.Error {
	var all expansion
	for i := range s.defs {
		if s.defs[i].fragment {
			continue
		}
		e, err := s.expandDef(i)
		if err != nil {
			return err
		}
		all.fields = min(all.fields+e.fields, saturated)
		all.aliases = min(all.aliases+e.aliases, saturated)
		all.depth = max(all.depth, e.depth)
	}
	switch l := s.limits; {
	case l.MaxDepth > 0 && all.depth > l.MaxDepth:
		return depthError(l)
	case l.MaxFields > 0 && all.fields > l.MaxFields:
		return fieldError(l)
	case l.MaxAliases > 0 && all.aliases > l.MaxAliases:
		return aliasError(l)
	}
	for name, i := range s.fragments {
		if s.defs[i].state == 0 {
			return validationError(fmt.Sprintf("Fragment %q is never used.", name))
		}
	}
	return nil
}

func (s *scan) expandDef(i int) (expansion, *gqlerror.Error) {
	d := &s.defs[i]
	switch d.state {
	case 1:
		return expansion{}, validationError(fmt.Sprintf("Cannot spread fragment %q within itself.", d.name))
	case 2:
		return d.total, nil
	}
	d.state = 1
	e := expansion{fields: d.fields, aliases: d.aliases, depth: d.depth}
	for _, sp := range d.spreads {
		j, ok := s.fragments[sp.name]
		if !ok {
			continue // validation reports it
		}
		sub, err := s.expandDef(j)
		if err != nil {
			return e, err
		}
		e.fields = min(e.fields+sub.fields, saturated)
		e.aliases = min(e.aliases+sub.aliases, saturated)
		e.depth = max(e.depth, sp.depth-1+sub.depth)
	}
	d = &s.defs[i]
	d.state, d.total = 2, e
	return e, nil
}

func validationError(msg string) *gqlerror.Error {
	err := &gqlerror.Error{Message: msg}
	errcode.Set(err, errcode.ValidationFailed)
	return err
}

func depthError(l QueryLimits) *gqlerror.Error {
	return limitError(domain.EDEPTH, "MAX_DEPTH", l.MaxDepth, "the operation nests fields deeper than %d levels", l.MaxDepth)
}

func fieldError(l QueryLimits) *gqlerror.Error {
	return limitError(domain.EFIELDS, "MAX_FIELDS", l.MaxFields, "the document selects more than %d fields", l.MaxFields)
}

func aliasError(l QueryLimits) *gqlerror.Error {
	return limitError(domain.EALIASES, "MAX_ALIASES", l.MaxAliases, "the document uses more than %d aliases", l.MaxAliases)
}

// limitError is a request refused for its size or shape, naming the setting.
func limitError(code, setting string, limit int, format string, args ...any) *gqlerror.Error {
	return &gqlerror.Error{
		Message:    fmt.Sprintf(format, args...) + fmt.Sprintf(" (limit %s=%d)", setting, limit),
		Extensions: map[string]any{"code": code, "limit": setting, "max": limit},
	}
}
