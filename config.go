package main

import (
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/skillgraph/skillgraph/cache"
	"github.com/skillgraph/skillgraph/httpapi"
	"github.com/skillgraph/skillgraph/store"
)

// config is the whole configuration. Every field is set from one entry of settings.
type config struct {
	Host            string
	Port            int
	Neo4j           store.Config
	CORSOrigins     []string
	DefaultFirst    int
	MaxFirst        int
	ShutdownTimeout time.Duration
	LogLevel        slog.Level
	Auth            httpapi.Auth
	MaxBodyBytes    int64
	QueryLimits     httpapi.QueryLimits
	RequestTimeout  time.Duration
	RateLimit       httpapi.RateLimit
	Introspection   bool
	Playground      bool
	Metrics         bool
	Direct          bool
	Cache           cache.Config
	VersionRecheck  time.Duration
	CacheControl    string
	GCPercent       int      // debug.SetGCPercent: -1 is off
	Args            []string // positional arguments of the command
}

// setting is one configuration value: its environment variable, its flag (none for
// secrets, which a process list would show), its default, what it means, and how it is
// parsed into config. The README's configuration
// table is this list (TestREADMEConfigTable keeps them in step).
type setting struct {
	env, flag, def, help string
	parse                func(c *config, v string) error
}

var settings = []setting{
	{"HOST", "host", "", "interface to listen on (empty: all)", func(c *config, v string) error { c.Host = v; return nil }},
	{"PORT", "port", "8080", "HTTP port", func(c *config, v string) error {
		return parseInt(v, 0, 65535, &c.Port)
	}},
	{"NEO4J_URI", "neo4j-uri", "bolt://127.0.0.1:7687", "Neo4j URI (bolt://, neo4j://, neo4j+s://)", func(c *config, v string) error { c.Neo4j.URI = v; return nil }},
	{"NEO4J_USER", "neo4j-user", "", "Neo4j user (empty: no authentication)", func(c *config, v string) error { c.Neo4j.User = v; return nil }},
	{"NEO4J_PASSWORD", "", "", "Neo4j password", func(c *config, v string) error { c.Neo4j.Password = v; return nil }},
	{"NEO4J_DATABASE", "neo4j-database", "", "Neo4j database (empty: the server's default)", func(c *config, v string) error { c.Neo4j.Database = v; return nil }},
	{"NEO4J_CONNECT_ATTEMPTS", "neo4j-connect-attempts", "30", "connection attempts at start, one second apart, before giving up", func(c *config, v string) error {
		return parseInt(v, 1, 1e6, &c.Neo4j.ConnectAttempts)
	}},
	{"NEO4J_RETRY_TIME", "neo4j-retry-time", "5s", "how long a query is retried on transient errors before UNAVAILABLE", func(c *config, v string) error {
		return parseDuration(v, time.Millisecond, &c.Neo4j.RetryTime)
	}},
	{"NEO4J_TX_TIMEOUT", "neo4j-tx-timeout", "10s", "Neo4j stops an API transaction running longer (TIMEOUT); 0 for none. Not applied to seed and import", func(c *config, v string) error {
		return parseDuration(v, 0, &c.Neo4j.TxTimeout)
	}},
	{"REQUEST_TIMEOUT", "request-timeout", "15s", "time limit of one GraphQL request (TIMEOUT); 0 for none", func(c *config, v string) error {
		return parseDuration(v, 0, &c.RequestTimeout)
	}},
	{"SHUTDOWN_TIMEOUT", "shutdown-timeout", "15s", "on SIGINT/SIGTERM, how long in-flight requests may finish", func(c *config, v string) error {
		return parseDuration(v, 0, &c.ShutdownTimeout)
	}},
	{"CORS_ORIGINS", "cors-origins", "*", "allowed CORS origins, comma-separated (* for any)", func(c *config, v string) error {
		c.CORSOrigins = nil
		for _, o := range strings.Split(v, ",") {
			if o = strings.TrimSpace(o); o != "" {
				c.CORSOrigins = append(c.CORSOrigins, o)
			}
		}
		return nil
	}},
	{"DEFAULT_FIRST", "default-first", "20", "page size when first is omitted", func(c *config, v string) error {
		return parseInt(v, 0, 1e6, &c.DefaultFirst)
	}},
	{"MAX_FIRST", "max-first", "100", "largest first accepted", func(c *config, v string) error {
		return parseInt(v, 1, 1e6, &c.MaxFirst)
	}},
	{"MAX_DEPTH", "max-depth", "15", "deepest field nesting of an operation (DEPTH_LIMIT_EXCEEDED); 0 for none", func(c *config, v string) error {
		return parseInt(v, 0, 1e6, &c.QueryLimits.MaxDepth)
	}},
	{"MAX_COMPLEXITY", "max-complexity", "250000", "largest worst-case cost of an operation, lists multiplying by first (COMPLEXITY_LIMIT_EXCEEDED); 0 for none", func(c *config, v string) error {
		return parseInt(v, 0, 1e9, &c.QueryLimits.MaxComplexity)
	}},
	{"MAX_FIELDS", "max-fields", "500", "most fields the operations of a document select, fragments counted where spread (FIELD_LIMIT_EXCEEDED); 0 for none", func(c *config, v string) error {
		return parseInt(v, 0, 1e6, &c.QueryLimits.MaxFields)
	}},
	{"MAX_ALIASES", "max-aliases", "30", "most aliased fields in a document, counted like fields (ALIAS_LIMIT_EXCEEDED); 0 for none", func(c *config, v string) error {
		return parseInt(v, 0, 1e6, &c.QueryLimits.MaxAliases)
	}},
	{"MAX_TOKENS", "max-tokens", "15000", "most lexical tokens in a document, checked before it is parsed (TOKEN_LIMIT_EXCEEDED); 0 for none", func(c *config, v string) error {
		return parseInt(v, 0, 1e7, &c.QueryLimits.MaxTokens)
	}},
	{"MAX_INPUT_DEPTH", "max-input-depth", "32", "deepest nesting of lists and input objects in arguments and variables (INPUT_DEPTH_LIMIT_EXCEEDED); 0 for none", func(c *config, v string) error {
		return parseInt(v, 0, 1e4, &c.QueryLimits.MaxInputDepth)
	}},
	{"MAX_DIRECTIVES", "max-directives", "50", "most directives in a document (DIRECTIVE_LIMIT_EXCEEDED); 0 for none", func(c *config, v string) error {
		return parseInt(v, 0, 1e6, &c.QueryLimits.MaxDirectives)
	}},
	{"MAX_FRAGMENTS", "max-fragments", "100", "most fragment definitions in a document (FRAGMENT_LIMIT_EXCEEDED); 0 for none", func(c *config, v string) error {
		return parseInt(v, 0, 1e6, &c.QueryLimits.MaxFragments)
	}},
	{"MAX_FILTER_CONDITIONS", "max-filter-conditions", "20", "most conditions in all the where arguments of an operation (FILTER_LIMIT_EXCEEDED); 0 for none", func(c *config, v string) error {
		return parseInt(v, 0, 1e6, &c.QueryLimits.MaxFilterConditions)
	}},
	{"MAX_BODY_BYTES", "max-body-bytes", "1048576", "largest request body (413 beyond)", func(c *config, v string) error {
		var n int
		err := parseInt(v, 1024, 1<<30, &n)
		c.MaxBodyBytes = int64(n)
		return err
	}},
	{"RATE_LIMIT", "rate-limit", "0", "requests a second per client (token name, else address); 429 with Retry-After beyond; 0 for off", func(c *config, v string) error {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || f < 0 {
			return fmt.Errorf("want a number of requests a second, 0 for off, got %q", v)
		}
		c.RateLimit.PerSecond = f
		return nil
	}},
	{"RATE_BURST", "rate-burst", "0", "requests a client may send at once above RATE_LIMIT (0: RATE_LIMIT rounded up)", func(c *config, v string) error {
		return parseInt(v, 0, 1e6, &c.RateLimit.Burst)
	}},
	{"INTROSPECTION", "introspection", "true", "answer introspection queries (turn off in production if the schema is private)", func(c *config, v string) error {
		return parseBool(v, &c.Introspection)
	}},
	{"PLAYGROUND", "playground", "true", "serve the GraphiQL playground at / and the graph explorer at /explore", func(c *config, v string) error {
		return parseBool(v, &c.Playground)
	}},
	{"METRICS", "metrics", "true", "serve Prometheus metrics at /metrics", func(c *config, v string) error {
		return parseBool(v, &c.Metrics)
	}},
	{"DIRECT_EXECUTION", "direct-execution", "true", "answer read-only queries of nodes, lists, search and relationship pages without gqlgen's executor (see Direct execution); false sends every query through the executor", func(c *config, v string) error {
		return parseBool(v, &c.Direct)
	}},
	{"CACHE_MB", "cache-mb", "64", "memory of the response cache in MB (least recently used out first); 0 turns it off (ETags stay)", func(c *config, v string) error {
		var n int
		err := parseInt(v, 0, 1<<20, &n)
		c.Cache.MaxBytes = int64(n) << 20
		return err
	}},
	{"CACHE_ENTRY_KB", "cache-entry-kb", "512", "largest response the cache keeps, in KB", func(c *config, v string) error {
		var n int
		err := parseInt(v, 1, 1<<20, &n)
		c.Cache.MaxEntryBytes = int64(n) << 10
		return err
	}},
	{"CACHE_RECHECK", "cache-recheck", "1s", "how often each server reads the graph version: a write through another server (or an import) is seen by its response cache and its extraction dictionary within this (plus one read)", func(c *config, v string) error {
		return parseDuration(v, 10*time.Millisecond, &c.VersionRecheck)
	}},
	{"CACHE_CONTROL", "cache-control", "private, max-age=1", "Cache-Control of a query's response (none: no header); every other response is no-store", func(c *config, v string) error {
		if v == "none" {
			v = ""
		}
		c.CacheControl = v
		return nil
	}},
	{"GOGC", "gogc", "400", "Go's garbage collector: heap growth in percent before a collection (Go's own default is 100), or off; higher trades memory for CPU (see Configuration)", func(c *config, v string) error {
		if v == "off" {
			c.GCPercent = -1
			return nil
		}
		return parseInt(v, 1, 1e6, &c.GCPercent)
	}},
	{"LOG_LEVEL", "log-level", "info", "debug, info, warn or error (JSON logs on standard error)", func(c *config, v string) error {
		return c.LogLevel.UnmarshalText([]byte(v))
	}},
	{"API_TOKENS", "", "", "tokens as name:scopes:sha256hex, comma-separated; scopes read, write or read+write (see `skillgraph hash-token`)", func(c *config, v string) (err error) {
		c.Auth.Tokens, err = httpapi.ParseTokens(v)
		return err
	}},
	{"AUTH_READS", "auth-reads", "false", "queries need a token with the read scope", func(c *config, v string) error {
		return parseBool(v, &c.Auth.RequireRead)
	}},
}

// loadConfig reads the environment, lets flags override it, and validates the result; the
// errors name the variable and never repeat its value when it may be a secret.
func loadConfig(fs *flag.FlagSet, args []string, getenv func(string) string) (*config, error) {
	values := make([]string, len(settings))
	for i, s := range settings {
		values[i] = s.def
		if v := getenv(s.env); v != "" {
			values[i] = v
		}
		if s.flag != "" {
			fs.Var(&settingFlag{&values[i], flagType(s)}, s.flag, s.help+" ("+s.env+")")
		}
	}
	fs.Usage = func() { usage(fs) }
	positional, err := parseInterspersed(fs, args)
	if err != nil {
		return nil, err
	}
	c := &config{Args: positional}
	var errs []error
	for i, s := range settings {
		if err := s.parse(c, values[i]); err != nil {
			errs = append(errs, fmt.Errorf("%s: %v", s.env, err))
		}
	}
	if c.DefaultFirst > c.MaxFirst {
		errs = append(errs, fmt.Errorf("DEFAULT_FIRST (%d) and MAX_FIRST (%d): need DEFAULT_FIRST <= MAX_FIRST", c.DefaultFirst, c.MaxFirst))
	}
	return c, errors.Join(errs...)
}

// settingFlag is a setting's flag: it keeps the text for the setting's own parser, which
// checks it with the environment's value, and tells the help its type.
type settingFlag struct {
	v   *string
	typ string
}

func (f *settingFlag) String() string {
	if f == nil || f.v == nil {
		return ""
	}
	return *f.v
}
func (f *settingFlag) Set(v string) error { *f.v = v; return nil }

// IsBoolFlag lets `-playground` stand for `-playground=true`, as with the flag package's own.
func (f *settingFlag) IsBoolFlag() bool { return f.typ == "bool" }

// flagTypes names the type of the settings whose default does not show it.
var flagTypes = map[string]string{"RATE_LIMIT": "float", "GOGC": "int|off", "LOG_LEVEL": "level"}

// flagType is what the help shows a setting's value to be, from its default.
func flagType(s setting) string {
	if t, ok := flagTypes[s.env]; ok {
		return t
	}
	if _, err := strconv.ParseBool(s.def); err == nil && s.def != "0" && s.def != "1" {
		return "bool"
	}
	if _, err := strconv.Atoi(s.def); err == nil {
		return "int"
	}
	if _, err := time.ParseDuration(s.def); err == nil {
		return "duration"
	}
	return "string"
}

// usage is the help of -h: the commands, then each flag with its type, as the flag
// package prints them.
func usage(fs *flag.FlagSet) {
	out := fs.Output()
	fmt.Fprintf(out, "Usage: skillgraph [serve | seed | import onet DIR | healthcheck | hash-token] [flags]\n\n")
	fmt.Fprintf(out, "Flags of %s (each overrides the environment variable named in parentheses):\n", fs.Name())
	fs.VisitAll(func(f *flag.Flag) {
		typ, help := flag.UnquoteUsage(f)
		if sf, ok := f.Value.(*settingFlag); ok {
			typ = sf.typ
			if typ == "bool" {
				typ = ""
			}
		}
		line := "  -" + f.Name
		if typ != "" {
			line += " " + typ
		}
		line += "\n    \t" + strings.ReplaceAll(help, "\n", "\n    \t")
		switch {
		case f.DefValue == "" || f.DefValue == "false":
		case typ == "string":
			line += fmt.Sprintf(" (default %q)", f.DefValue)
		default:
			line += " (default " + f.DefValue + ")"
		}
		fmt.Fprintln(out, line)
	})
}

func parseInt(v string, lo, hi int, dst *int) error {
	n, err := strconv.Atoi(v)
	if err != nil {
		return fmt.Errorf("not a whole number: %q", v)
	}
	if n < lo || n > hi {
		return fmt.Errorf("%d is out of range [%d, %d]", n, lo, hi)
	}
	*dst = n
	return nil
}

func parseDuration(v string, least time.Duration, dst *time.Duration) error {
	d, err := time.ParseDuration(v)
	if err != nil || d < least || d < 0 {
		return fmt.Errorf("want a duration such as 5s (at least %v), got %q", least, v)
	}
	*dst = d
	return nil
}

func parseBool(v string, dst *bool) error {
	b, err := strconv.ParseBool(v)
	if err != nil {
		return fmt.Errorf("want true or false, got %q", v)
	}
	*dst = b
	return nil
}

// parseInterspersed parses flags wherever they stand among the positional arguments
// ("import onet DIR -release X" as well as "import -release X onet DIR").
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}
