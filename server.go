// Command skillgraph serves the skills graph over GraphQL and manages its data.
//
//	skillgraph [serve]   serve the API (default)
//	skillgraph seed      load the curated seed into Neo4j (idempotent)
//	skillgraph import onet DIR  import an O*NET release (idempotent)
//	skillgraph healthcheck  exit 0 when the local server answers /healthz (for containers)
//
// Configuration comes from the environment (see README); flags override it.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/skillgraph/skillgraph/extract"
	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/seed"
	"github.com/skillgraph/skillgraph/store"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "skillgraph:", err)
		os.Exit(1)
	}
}

// config is the whole configuration; every field has an environment variable.
type config struct {
	Host            string        // HOST
	Port            int           // PORT
	Neo4j           store.Config  // NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE, NEO4J_CONNECT_ATTEMPTS, NEO4J_RETRY_TIME
	CORSOrigins     []string      // CORS_ORIGINS, comma-separated
	DefaultFirst    int           // DEFAULT_FIRST
	MaxFirst        int           // MAX_FIRST
	ShutdownTimeout time.Duration // SHUTDOWN_TIMEOUT
	LogLevel        slog.Level    // LOG_LEVEL
	Auth            graph.Auth    // API_TOKENS, AUTH_READS
	Args            []string      // positional arguments of the command
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

// loadConfig reads the environment, then lets flags override it, and validates the result.
func loadConfig(fs *flag.FlagSet, args []string, getenv func(string) string) (*config, error) {
	env := func(key, def string) string {
		if v := getenv(key); v != "" {
			return v
		}
		return def
	}
	var errs []error
	atoi := func(key, def string) int {
		n, err := strconv.Atoi(env(key, def))
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: not a whole number: %q", key, env(key, def)))
		}
		return n
	}
	c := &config{
		Host: env("HOST", ""),
		Port: atoi("PORT", "8080"),
		Neo4j: store.Config{
			URI:             env("NEO4J_URI", "bolt://127.0.0.1:7687"),
			User:            env("NEO4J_USER", ""),
			Password:        env("NEO4J_PASSWORD", ""),
			Database:        env("NEO4J_DATABASE", ""),
			ConnectAttempts: atoi("NEO4J_CONNECT_ATTEMPTS", "30"),
		},
		DefaultFirst: atoi("DEFAULT_FIRST", "20"),
		MaxFirst:     atoi("MAX_FIRST", "100"),
	}
	origins := env("CORS_ORIGINS", "*")
	shutdown, err := time.ParseDuration(env("SHUTDOWN_TIMEOUT", "15s"))
	if err != nil {
		errs = append(errs, fmt.Errorf("SHUTDOWN_TIMEOUT: %v", err))
	}
	c.ShutdownTimeout = shutdown
	if c.Neo4j.RetryTime, err = time.ParseDuration(env("NEO4J_RETRY_TIME", "5s")); err != nil || c.Neo4j.RetryTime <= 0 {
		errs = append(errs, fmt.Errorf("NEO4J_RETRY_TIME: want a positive duration such as 5s, got %q", env("NEO4J_RETRY_TIME", "")))
	}
	if err := c.LogLevel.UnmarshalText([]byte(env("LOG_LEVEL", "info"))); err != nil {
		errs = append(errs, fmt.Errorf("LOG_LEVEL: %v", err))
	}
	if c.Auth.Tokens, err = graph.ParseTokens(env("API_TOKENS", "")); err != nil {
		errs = append(errs, fmt.Errorf("API_TOKENS: %v", err))
	}
	if c.Auth.RequireRead, err = strconv.ParseBool(env("AUTH_READS", "false")); err != nil {
		errs = append(errs, fmt.Errorf("AUTH_READS: want true or false, got %q", env("AUTH_READS", "")))
	}

	fs.StringVar(&c.Host, "host", c.Host, "interface to listen on (empty: all)")
	fs.IntVar(&c.Port, "port", c.Port, "HTTP port")
	fs.StringVar(&c.Neo4j.URI, "neo4j-uri", c.Neo4j.URI, "Neo4j URI")
	fs.StringVar(&c.Neo4j.Database, "neo4j-database", c.Neo4j.Database, "Neo4j database (empty: the server's default)")
	fs.StringVar(&origins, "cors-origins", origins, "allowed CORS origins, comma-separated (* for any)")
	positional, err := parseInterspersed(fs, args)
	if err != nil {
		return nil, err
	}
	c.Args = positional
	for _, o := range strings.Split(origins, ",") {
		if o = strings.TrimSpace(o); o != "" {
			c.CORSOrigins = append(c.CORSOrigins, o)
		}
	}
	if c.Port < 0 || c.Port > 65535 {
		errs = append(errs, fmt.Errorf("PORT: %d is not a port", c.Port))
	}
	if c.MaxFirst < 1 || c.DefaultFirst < 0 || c.DefaultFirst > c.MaxFirst {
		errs = append(errs, fmt.Errorf("DEFAULT_FIRST (%d) and MAX_FIRST (%d): need 0 <= DEFAULT_FIRST <= MAX_FIRST, MAX_FIRST >= 1", c.DefaultFirst, c.MaxFirst))
	}
	if c.Neo4j.ConnectAttempts < 1 {
		errs = append(errs, fmt.Errorf("NEO4J_CONNECT_ATTEMPTS: must be at least 1"))
	}
	return c, errors.Join(errs...)
}

// run is main without the process: it returns instead of exiting, so tests can drive it.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cmd := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	flags := flag.NewFlagSet("skillgraph "+cmd, flag.ContinueOnError)
	flags.SetOutput(stderr)
	var seedDir string
	var imp importFlags
	switch cmd {
	case "seed":
		flags.StringVar(&seedDir, "dir", "", "seed folder (default: the seed compiled into the binary)")
	case "import":
		imp.register(flags)
	}
	cfg, err := loadConfig(flags, args, getenv)
	if err != nil {
		return fmt.Errorf("configuration: %w", err)
	}
	log := slog.New(slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: cfg.LogLevel}))
	slog.SetDefault(log)

	switch cmd {
	case "serve":
		return serve(ctx, cfg, log)
	case "seed":
		return seedCmd(ctx, cfg, seedDir, stdout)
	case "import":
		return importCmd(ctx, cfg, imp, cfg.Args, stdout, stderr)
	case "healthcheck":
		return healthcheck(ctx, cfg)
	case "hash-token":
		return hashToken(os.Stdin, stdout)
	default:
		return fmt.Errorf("unknown command %q (want serve, seed, import, healthcheck or hash-token)", cmd)
	}
}

// openStore connects to Neo4j and makes sure the schema exists.
func openStore(ctx context.Context, cfg *config) (*store.Store, error) {
	st, err := store.Open(ctx, cfg.Neo4j)
	if err != nil {
		return nil, err
	}
	if err := st.Migrate(ctx); err != nil {
		_ = st.Close(context.Background())
		return nil, err
	}
	return st, nil
}

func seedCmd(ctx context.Context, cfg *config, dir string, stdout io.Writer) error {
	files := fs.FS(seed.Files)
	if dir != "" {
		files = os.DirFS(dir)
	}
	batch, err := seed.Load(files)
	if err != nil {
		return err
	}
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close(context.Background())
	if err := st.Apply(ctx, *batch); err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	links, err := st.LinkOccupations(ctx)
	if err != nil {
		return fmt.Errorf("seed: linking O*NET occupations: %w", err)
	}
	fmt.Fprintf(stdout, "seeded %d nodes and %d relationships into %s (%d links to O*NET occupations)\n", len(batch.Nodes), len(batch.Rels), cfg.Neo4j.URI, links)
	return nil
}

func serve(ctx context.Context, cfg *config, log *slog.Logger) error {
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close(context.Background())

	h := graph.NewHandler(graph.HandlerConfig{
		Graph:          st,
		Insights:       st,
		Extractor:      &extract.Extractor{Store: st},
		Writer:         st,
		Auth:           cfg.Auth,
		Limits:         graph.Limits{DefaultFirst: cfg.DefaultFirst, MaxFirst: cfg.MaxFirst},
		AllowedOrigins: cfg.CORSOrigins,
		Logger:         log,
		MaxBodyBytes:   1 << 20,
	})
	ln, err := net.Listen("tcp", net.JoinHostPort(cfg.Host, strconv.Itoa(cfg.Port)))
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	if len(cfg.Auth.Tokens) == 0 {
		log.Warn("no API_TOKENS configured: every mutation will be refused")
	}
	log.Info("serving", "addr", ln.Addr().String(), "tokens", len(cfg.Auth.Tokens), "auth_reads", cfg.Auth.RequireRead, "playground", "http://"+playgroundHost(cfg.Host, ln)+"/", "neo4j", cfg.Neo4j.URI)

	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down", "timeout", cfg.ShutdownTimeout.String())
	sctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	log.Info("stopped")
	return nil
}

func playgroundHost(host string, ln net.Listener) string {
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "localhost"
	}
	return net.JoinHostPort(host, strconv.Itoa(ln.Addr().(*net.TCPAddr).Port))
}

// healthcheck asks the server on this host and PORT whether it is up; containers built
// from a distroless image have no curl or wget to do it.
func healthcheck(ctx context.Context, cfg *config) error {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	url := "http://" + net.JoinHostPort("127.0.0.1", strconv.Itoa(cfg.Port)) + "/healthz"
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: %s", url, res.Status)
	}
	return nil
}

// hashToken prints the SHA-256 of the secret on the first line of in: the form API_TOKENS
// keeps, so the secret itself is never stored in configuration.
func hashToken(in io.Reader, stdout io.Writer) error {
	line, err := bufio.NewReader(in).ReadString('\n')
	if err != nil && err != io.EOF {
		return err
	}
	secret := strings.TrimRight(line, "\r\n")
	if len(secret) < 16 {
		return fmt.Errorf("hash-token: give the secret (at least 16 characters) on standard input")
	}
	_, err = fmt.Fprintln(stdout, graph.HashToken(secret))
	return err
}
