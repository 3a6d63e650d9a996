package domain

import (
	"errors"
	"fmt"
)

// Error codes: a closed set, each with the HTTP status of a response that fails with it as a
// whole, in one table (Codes) that the HTTP layer reads and the README's table is checked
// against. Codes are mapped to GraphQL extensions.code in one place (graph's errorPresenter).
const (
	// Errors of the operation's fields (a response with data is 200 whatever they are).
	ENOTFOUND        = "NOT_FOUND"
	EINVALID         = "BAD_USER_INPUT"
	EUNAUTHENTICATED = "UNAUTHENTICATED"
	EFORBIDDEN       = "FORBIDDEN"
	ECONFLICT        = "CONFLICT"
	EUNAVAILABLE     = "UNAVAILABLE"
	ETIMEOUT         = "TIMEOUT" // the request or its database transaction ran out of time
	EINTERNAL        = "INTERNAL"
	ECANCELLED       = "CANCELLED"
	EUNKNOWNOUTCOME  = "UNKNOWN_OUTCOME" // a write whose commit lost its connection

	// Requests refused before an operation ran.
	EBADREQUEST     = "BAD_REQUEST"
	EMETHOD         = "METHOD_NOT_ALLOWED"
	EMEDIATYPE      = "UNSUPPORTED_MEDIA_TYPE"
	ETOOLARGE       = "PAYLOAD_TOO_LARGE"
	ERATELIMITED    = "RATE_LIMITED"
	EPARSE          = "GRAPHQL_PARSE_FAILED"      // gqlgen's
	EVALIDATION     = "GRAPHQL_VALIDATION_FAILED" // gqlgen's
	EPERSISTED      = "PERSISTED_QUERY_NOT_FOUND" // gqlgen's
	EDEPTH          = "DEPTH_LIMIT_EXCEEDED"
	EFIELDS         = "FIELD_LIMIT_EXCEEDED"
	EALIASES        = "ALIAS_LIMIT_EXCEEDED"
	ECOMPLEXITY     = "COMPLEXITY_LIMIT_EXCEEDED" // gqlgen's extension.ComplexityLimit
	ETOKENS         = "TOKEN_LIMIT_EXCEEDED"
	EINPUTDEPTH     = "INPUT_DEPTH_LIMIT_EXCEEDED"
	EDIRECTIVES     = "DIRECTIVE_LIMIT_EXCEEDED"
	EFRAGMENTS      = "FRAGMENT_LIMIT_EXCEEDED"
	EFILTERS        = "FILTER_LIMIT_EXCEEDED"
	EINTROSPECTION  = "INTROSPECTION_DISABLED"
	EDEFERMULTIPART = "DEFER_NEEDS_MULTIPART"
	ETOOMANYERRORS  = "TOO_MANY_ERRORS"
)

// Code is one error code: the HTTP status of a response that fails with it as a whole (in
// application/json; with application/graphql-response+json a request error is a 400, as
// the GraphQL over HTTP specification says), and what it means.
type Code struct {
	Code    string
	Status  int
	Meaning string
}

// Codes are every code the API answers with.
var Codes = []Code{
	{ENOTFOUND, 200, "the node or relationship named does not exist"},
	{EINVALID, 200, "an argument or input field is wrong; `extensions.field` names it"},
	{EUNAUTHENTICATED, 200, "no bearer token, or an unknown one, where the operation needs one"},
	{EFORBIDDEN, 200, "the token lacks the scope the operation needs"},
	{ECONFLICT, 200, "the id is taken"},
	{EUNAVAILABLE, 503, "Neo4j cannot be reached, or met concurrent writes: retry (503 with `Retry-After` when nothing could be answered)"},
	{ETIMEOUT, 200, "the request ran past `REQUEST_TIMEOUT`, or its transaction past `NEO4J_TX_TIMEOUT`"},
	{EINTERNAL, 200, "a bug: logged with the request id, which `extensions.requestId` carries"},
	{ECANCELLED, 200, "the client went away before the answer"},
	{EUNKNOWNOUTCOME, 200, "the connection to Neo4j was lost while a write was committed: it may or may not have been applied; read it back, or repeat it as an upsert (safe to repeat)"},
	{EBADREQUEST, 400, "the body is not a GraphQL request in JSON"},
	{EMETHOD, 405, "a method other than GET, POST and OPTIONS, or a mutation over GET (`Allow` says which)"},
	{EMEDIATYPE, 415, "a POST body in another media type than application/json"},
	{ETOOLARGE, 413, "the body is larger than `MAX_BODY_BYTES`"},
	{ERATELIMITED, 429, "over `RATE_LIMIT`; `Retry-After` says when to try again"},
	{EPARSE, 200, "the document is not GraphQL"},
	{EVALIDATION, 200, "the document does not fit the schema"},
	{EPERSISTED, 200, "a persisted query's hash the server does not know: send the query with it"},
	{EDEPTH, 200, "fields nest deeper than `MAX_DEPTH`"},
	{EFIELDS, 200, "more fields than `MAX_FIELDS`"},
	{EALIASES, 200, "more aliases than `MAX_ALIASES`"},
	{ECOMPLEXITY, 200, "a worst-case cost over `MAX_COMPLEXITY`"},
	{ETOKENS, 200, "more tokens than `MAX_TOKENS`"},
	{EINPUTDEPTH, 200, "values or variables nest deeper than `MAX_INPUT_DEPTH`"},
	{EDIRECTIVES, 200, "more directives than `MAX_DIRECTIVES`"},
	{EFRAGMENTS, 200, "more fragments than `MAX_FRAGMENTS`"},
	{EFILTERS, 200, "more filter conditions than `MAX_FILTER_CONDITIONS`"},
	{EINTROSPECTION, 200, "introspection is off (`INTROSPECTION=false`)"},
	{EDEFERMULTIPART, 200, "`@defer` over a transport that cannot deliver it: POST with `Accept: multipart/mixed`"},
	{ETOOMANYERRORS, 200, "the response lists 10 errors; this one says how many more there were (`extensions.omitted`)"},
}

// Status is the HTTP status of a response that fails with code as a whole.
func Status(code string) int {
	for _, c := range Codes {
		if c.Code == code {
			return c.Status
		}
	}
	return 500
}

// Error is the application error: a code for machines and a message for people. Errors
// that are not *Error are internal: their text is logged, never shown to clients.
type Error struct {
	Code    string
	Message string
	// Field is the input path the error is about ("first", "after"), when there is one.
	Field string
}

func (e *Error) Error() string { return fmt.Sprintf("%s: %s", e.Code, e.Message) }

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// InvalidField returns a BAD_USER_INPUT error about one input field.
func InvalidField(field, format string, args ...any) *Error {
	return &Error{Code: EINVALID, Field: field, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err's *Error, EINTERNAL for any other error, "" for nil.
func ErrorCode(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Code
	default:
		return EINTERNAL
	}
}

// ErrorMessage returns the client-safe message of err.
func ErrorMessage(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Message
	default:
		return "internal error"
	}
}
