// Command skillgraph serves the skills graph over GraphQL and manages its data.
//
//	skillgraph [serve]   serve the API (default)
//	skillgraph seed      load the curated seed into Neo4j (idempotent)
//	skillgraph import onet DIR [-skills DIR]  import an O*NET release (idempotent)
//	skillgraph import esco [PATH]  import an ESCO release and the ESCO -> O*NET crosswalk (idempotent)
//	skillgraph healthcheck [-ready]  exit 0 when the local server answers /healthz (/readyz)
//
// Configuration comes from the environment (config.go, README); flags override it.
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
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/skillgraph/skillgraph/cache"
	"github.com/skillgraph/skillgraph/extract"
	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/graphversion"
	"github.com/skillgraph/skillgraph/httpapi"
	"github.com/skillgraph/skillgraph/metrics"
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
	var ready bool
	switch cmd {
	case "healthcheck":
		flags.BoolVar(&ready, "ready", false, "check /readyz (Neo4j reachable, schema present) instead of /healthz")
	case "seed":
		flags.StringVar(&seedDir, "dir", "", "seed folder (default: the seed compiled into the binary)")
	case "import":
		imp.register(flags)
	}
	cfg, err := loadConfig(flags, args, getenv)
	if errors.Is(err, flag.ErrHelp) {
		return nil // -h printed the help: asked for, not a failure
	}
	if err != nil {
		return fmt.Errorf("configuration: %w", err)
	}
	log := slog.New(slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: cfg.LogLevel}))
	slog.SetDefault(log)

	if cmd != "serve" {
		cfg.Neo4j.TxTimeout = 0 // seeds and imports run large transactions on purpose
	}
	// The runtime read GOGC already; this applies the table's default when it is unset.
	debug.SetGCPercent(cfg.GCPercent)
	switch cmd {
	case "serve":
		return serve(ctx, cfg, log)
	case "seed":
		return seedCmd(ctx, cfg, seedDir, stdout)
	case "import":
		return importCmd(ctx, cfg, imp, cfg.Args, stdout, stderr)
	case "healthcheck":
		return healthcheck(ctx, cfg, ready)
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
	var m *metrics.Metrics
	if cfg.Metrics {
		m = metrics.New()
		cfg.Neo4j.Observer = m
	}
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close(context.Background())
	if m != nil {
		m.WatchPool(st, store.PoolSize)
	}

	version := graphversion.New(st, cfg.VersionRecheck, log)
	defer version.Close()
	rc := cache.New(version, cfg.Cache)

	h := httpapi.NewHandler(httpapi.HandlerConfig{
		Graph:                st,
		Insights:             st,
		Extractor:            &extract.Extractor{Store: st, Version: version},
		Writer:               st,
		Auth:                 cfg.Auth,
		Limits:               graph.Limits{DefaultFirst: cfg.DefaultFirst, MaxFirst: cfg.MaxFirst},
		AllowedOrigins:       cfg.CORSOrigins,
		Logger:               log,
		MaxBodyBytes:         cfg.MaxBodyBytes,
		QueryLimits:          cfg.QueryLimits,
		RequestTimeout:       cfg.RequestTimeout,
		RateLimit:            cfg.RateLimit,
		DisableIntrospection: !cfg.Introspection,
		DisablePlayground:    !cfg.Playground,
		ExecutorOnly:         !cfg.Direct,
		Ready:                st.Ready,
		Metrics:              m,
		Cache:                rc,
		CacheControl:         cfg.CacheControl,
	})
	ln, err := net.Listen("tcp", net.JoinHostPort(cfg.Host, strconv.Itoa(cfg.Port)))
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute,
		ReadTimeout: time.Minute}
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

// healthcheck asks the server on this host and PORT whether it is up (or, with ready,
// ready); containers built from a distroless image have no curl or wget to do it.
func healthcheck(ctx context.Context, cfg *config, ready bool) error {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	path := "/healthz"
	if ready {
		path = "/readyz"
	}
	url := "http://" + net.JoinHostPort("127.0.0.1", strconv.Itoa(cfg.Port)) + path
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
	_, err = fmt.Fprintln(stdout, httpapi.HashToken(secret))
	return err
}
