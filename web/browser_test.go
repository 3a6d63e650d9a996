package web_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/skillgraph/skillgraph/extract"
	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/httpapi"
	"github.com/skillgraph/skillgraph/internal/neo4jtest"
)

// screenshots is where the browser test leaves what it saw, for a person to look at
// (git-ignored; named in the README).
const screenshots = "../tests/screenshots"

// browser is a headless Chromium driving pages of one test server. It records every request
// the pages make and every console error, exception and policy violation.
type browser struct {
	ctx    context.Context
	origin string

	mu       sync.Mutex
	requests []string
	problems []string
}

// chromium is Debian's chromium (CHROMIUM overrides); the test fails without one, as the
// README says what the machine needs.
func chromium(t *testing.T) string {
	path := os.Getenv("CHROMIUM")
	if path == "" {
		path = "/usr/bin/chromium"
	}
	if _, err := exec.LookPath(path); err != nil {
		t.Fatalf("the browser test needs Chromium at %s (apt-get install chromium, or set CHROMIUM): %v", path, err)
	}
	return path
}

func newBrowser(t *testing.T, origin string) *browser {
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium(t)),
		chromedp.NoSandbox, // CI runs as root
		chromedp.Headless,
		chromedp.WindowSize(1366, 768), // a laptop screen
		// No name resolves but loopback's: a page that reached for a CDN would fail here
		// as it does on a machine without internet, besides being caught below.
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx, chromedp.WithErrorf(func(string, ...any) {}))
	ctx, cancelTimeout := context.WithTimeout(ctx, 4*time.Minute)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	b := &browser{ctx: ctx, origin: origin}
	chromedp.ListenTarget(ctx, func(ev any) {
		b.mu.Lock()
		defer b.mu.Unlock()
		switch e := ev.(type) {
		case *network.EventRequestWillBeSent:
			b.requests = append(b.requests, e.Request.URL)
		case *runtime.EventExceptionThrown:
			b.problems = append(b.problems, "exception: "+e.ExceptionDetails.Error())
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.APITypeError || e.Type == runtime.APITypeWarning {
				var args []string
				for _, a := range e.Args {
					args = append(args, string(a.Value)+a.Description)
				}
				b.problems = append(b.problems, fmt.Sprintf("console.%s: %s", e.Type, strings.Join(args, " ")))
			}
		case *cdplog.EventEntryAdded:
			// Refused loads, policy violations and failed requests land here.
			if e.Entry.Level == cdplog.LevelError || e.Entry.Level == cdplog.LevelWarning {
				b.problems = append(b.problems, fmt.Sprintf("%s %s: %s %s", e.Entry.Level, e.Entry.Source, e.Entry.Text, e.Entry.URL))
			}
		}
	})
	return b
}

func (b *browser) run(t *testing.T, step string, actions ...chromedp.Action) {
	t.Helper()
	if err := chromedp.Run(b.ctx, actions...); err != nil {
		b.screenshot(t, "failed-"+strings.ReplaceAll(step, " ", "-"))
		t.Fatalf("%s: %v", step, err)
	}
}

// wait polls a JavaScript condition until it is true.
func (b *browser) wait(t *testing.T, step, js string) {
	t.Helper()
	b.run(t, step, chromedp.Poll(js, nil, chromedp.WithPollingTimeout(45*time.Second), chromedp.WithPollingInterval(100*time.Millisecond)))
}

func (b *browser) eval(t *testing.T, js string, out any) {
	t.Helper()
	b.run(t, "evaluate "+js, chromedp.Evaluate(js, out))
}

// field is one input of a form: its element id, what to type, and for a role input the id
// of the suggestion to pick (with Enter, the first one, as a reader would).
type field struct{ id, text, pick string }

// submit fills the form of one of the explorer's tabs, sends it, and returns the count the
// page reports in data-count and the text of the result.
func (b *browser) submit(t *testing.T, tab string, fields ...field) (int, string) {
	t.Helper()
	b.run(t, tab, chromedp.Click(`[data-tab="`+tab+`"]`, chromedp.ByQuery))
	for _, f := range fields {
		b.run(t, "type into "+f.id, chromedp.SendKeys("#"+f.id, f.text, chromedp.ByID))
		if f.pick == "" {
			continue
		}
		b.wait(t, "suggestions for "+f.id, `!document.querySelector('#`+f.id+` ~ .sg-suggestions').hidden`)
		b.run(t, "pick for "+f.id, chromedp.SendKeys("#"+f.id, kb.Enter, chromedp.ByID))
		var picked string
		b.eval(t, `document.getElementById('`+f.id+`').dataset.id || ''`, &picked)
		if picked != f.pick {
			t.Fatalf("%s: picked %q, want %q", f.id, picked, f.pick)
		}
	}
	b.run(t, "send "+tab, chromedp.Click("#"+tab+`-form button[type="submit"]`, chromedp.ByQuery))
	result := tab + "-result"
	b.wait(t, tab+" answered", `document.getElementById('`+result+`').dataset.count !== undefined && document.body.dataset.busy === '0'`)
	var out struct {
		Count int
		Text  string
	}
	b.eval(t, `({ count: Number(document.getElementById('`+result+`').dataset.count), text: document.getElementById('`+result+`').textContent })`, &out)
	return out.Count, out.Text
}

func (b *browser) screenshot(t *testing.T, name string) {
	t.Helper()
	var png []byte
	if err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot(&png)); err != nil {
		t.Logf("screenshot %s: %v", name, err)
		return
	}
	if err := os.MkdirAll(screenshots, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(screenshots, name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", path)
}

// check fails the test on anything the browser reported so far: a request to another
// origin, an exception, a console error or warning, a refused load.
func (b *browser) check(t *testing.T, page string) {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, u := range b.requests {
		if !strings.HasPrefix(u, b.origin+"/") && !strings.HasPrefix(u, "data:") {
			t.Errorf("%s: a request left the server: %s", page, u)
		}
	}
	for _, p := range b.problems {
		t.Errorf("%s: %s", page, p)
	}
	b.requests, b.problems = nil, nil
}

// TestBrowser opens the playground and the explorer in a headless Chromium that can reach
// nothing but the test server, over the seeded graph, and does what a person would.
func TestBrowser(t *testing.T) {
	st := neo4jtest.MustSeed(t)
	h := httpapi.NewHandler(httpapi.HandlerConfig{
		Graph:          st,
		Insights:       st,
		Extractor:      &extract.Extractor{Store: st},
		Limits:         graph.Limits{DefaultFirst: 20, MaxFirst: 100},
		AllowedOrigins: []string{"*"},
		Logger:         slog.New(slog.NewTextHandler(io.Discard, nil)),
		// The server's default limits: the pages' queries must pass them.
		QueryLimits: httpapi.QueryLimits{MaxDepth: 15, MaxComplexity: 250000, MaxFields: 500, MaxAliases: 30},
	})
	srv := httptest.NewServer(h)
	defer srv.Close()
	b := newBrowser(t, srv.URL)

	t.Run("Playground", func(t *testing.T) {
		b.run(t, "open the playground", chromedp.Navigate(srv.URL+"/"),
			chromedp.WaitVisible(`.graphiql-execute-button`, chromedp.ByQuery))
		// GraphiQL asked the API for the schema (introspection) before the query runs.
		b.wait(t, "schema loaded", `performance.getEntriesByType('resource').some(e => e.name.endsWith('/graphql'))`)
		b.run(t, "run the default query", chromedp.Click(`.graphiql-execute-button`, chromedp.ByQuery))
		b.wait(t, "result shown", `(document.querySelector('.result-window')?.innerText || '').includes('Backend Developer')`)
		var result string
		b.eval(t, `document.querySelector('.result-window').innerText`, &result)
		if !strings.Contains(result, `"totalCount"`) || strings.Contains(result, `"errors"`) {
			t.Errorf("result: %s", result)
		}
		b.screenshot(t, "playground")
		b.check(t, "playground")
	})

	t.Run("Explorer", func(t *testing.T) {
		// The playground links to the explorer.
		b.run(t, "open the explorer from the playground", chromedp.Navigate(srv.URL+"/"),
			chromedp.WaitVisible(`.graphiql-execute-button`, chromedp.ByQuery),
			chromedp.Click(`nav a[href="explore"]`, chromedp.ByQuery),
			chromedp.WaitVisible(`#search`, chromedp.ByID))
		b.wait(t, "explorer ready", `!!window.sgExplorer`)

		// Search with suggestions, then Enter draws the first one's neighbourhood.
		b.run(t, "type a search", chromedp.SendKeys(`#search`, "backend", chromedp.ByID))
		b.wait(t, "suggestions", `document.querySelectorAll('.sg-suggestions li').length > 0`)
		var first string
		b.eval(t, `document.querySelector('.sg-suggestions li').innerText`, &first)
		if !strings.Contains(first, "Backend Developer") {
			t.Errorf("first suggestion for backend: %q", first)
		}
		b.run(t, "pick it", chromedp.SendKeys(`#search`, kb.Enter, chromedp.ByID))
		b.wait(t, "neighbourhood drawn", `window.sgExplorer.cy.nodes().length >= 10 && document.body.dataset.busy === '0'
			&& document.getElementById('tab-details').dataset.id === 'Role:backend-developer'`)
		var drawn struct{ Nodes, Edges, Kinds int }
		b.eval(t, `(() => { const cy = window.sgExplorer.cy;
			return { nodes: cy.nodes().length, edges: cy.edges().length, kinds: new Set(cy.nodes().map(n => n.data('kind'))).size }; })()`, &drawn)
		if drawn.Nodes < 10 || drawn.Edges < drawn.Nodes-1 || drawn.Kinds < 3 {
			t.Errorf("backend-developer's neighbourhood: %+v", drawn)
		}
		var panel string
		b.eval(t, `document.getElementById('tab-details').textContent`, &panel)
		for _, want := range []string{"Backend Developer", "Skills, by importance", "Technologies", "Similar roles"} {
			if !strings.Contains(panel, want) {
				t.Errorf("side panel lacks %q:\n%s", want, panel)
			}
		}
		b.screenshot(t, "explore-neighbourhood")

		// Hovering over an edge shows its properties.
		var edge struct{ X, Y float64 }
		b.eval(t, `(() => { const cy = window.sgExplorer.cy; const r = document.getElementById('cy').getBoundingClientRect();
			const e = cy.edges('[type = "REQUIRES"]').filter(e => e.source().hasClass('start'))[0];
			const s = e.source().renderedPosition(), d = e.target().renderedPosition(); // a third of the way out
			return { x: r.left + s.x + (d.x - s.x) / 3, y: r.top + s.y + (d.y - s.y) / 3 }; })()`, &edge)
		b.run(t, "hover over an edge", chromedp.MouseEvent(input.MouseMoved, edge.X-3, edge.Y-3), chromedp.MouseEvent(input.MouseMoved, edge.X, edge.Y))
		// Whichever edge is under the pointer there, its tooltip names both ends and its source.
		b.wait(t, "edge tooltip", `!document.getElementById('tip').hidden && document.getElementById('tip').textContent.includes('→')
			&& document.getElementById('tip').textContent.includes('source: seed:')`)

		// A click on another role expands it and shows its skills.
		var target struct {
			ID     string
			X, Y   float64
			Before int
		}
		b.eval(t, `(() => { const cy = window.sgExplorer.cy; const r = document.getElementById('cy').getBoundingClientRect();
			const n = cy.nodes('[kind = "ROLE"]').filter(n => !n.hasClass('start') && !n.hasClass('expanded')).filter(n => {
				const p = n.renderedPosition(); return p.x > 30 && p.y > 60 && p.x < r.width - 30 && p.y < r.height - 40; })[0];
			const p = n.renderedPosition();
			return { id: n.data('gid'), x: r.left + p.x, y: r.top + p.y, before: cy.nodes().length }; })()`, &target)
		if target.ID == "" {
			t.Fatal("no other role drawn to click")
		}
		b.run(t, "click "+target.ID, chromedp.MouseClickXY(target.X, target.Y))
		b.wait(t, "expanded", fmt.Sprintf(`document.body.dataset.busy === '0' && window.sgExplorer.cy.getElementById('%s').hasClass('expanded')
			&& document.getElementById('tab-details').dataset.id === '%s'`, target.ID, target.ID))
		var after int
		b.eval(t, `window.sgExplorer.cy.nodes().length`, &after)
		if after <= target.Before {
			t.Errorf("expanding %s: %d nodes before, %d after", target.ID, target.Before, after)
		}
		var skills int
		b.eval(t, `(() => { const h = [...document.querySelectorAll('#tab-details h3')].find(h => h.textContent.startsWith('Skills'));
			return h ? h.nextElementSibling.querySelectorAll('li').length : 0; })()`, &skills)
		if skills == 0 {
			t.Errorf("no skills in the side panel of %s", target.ID)
		}
		b.screenshot(t, "explore-expanded")

		// A career path, drawn step by step.
		steps, text := b.submit(t, "path", field{"path-from", "Junior Backend", "Role:junior-backend-developer"},
			field{"path-to", "Software Architect", "Role:software-architect"})
		var edges int
		b.eval(t, `window.sgExplorer.cy.edges('.path').length`, &edges)
		// The seed's ladder: Mid-level, Senior, Architect (LEADS_TO, cost 3), cheaper than the
		// two steps up and back down SPECIALIZES (cost 4): careerPath ranks cost first.
		if steps != 3 || edges != 3 || !strings.Contains(text, "Mid-level Backend Developer") || !strings.Contains(text, "Skills to acquire") {
			t.Errorf("career path: %d steps, %d drawn: %s", steps, edges, text)
		}
		b.screenshot(t, "explore-career-path")

		// A skill gap from pasted text.
		items, text := b.submit(t, "gap", field{"gap-role", "Senior Backend", "Role:senior-backend-developer"},
			field{"gap-text", "I build REST APIs in Go and Python on PostgreSQL, with Docker and Git.", ""})
		if items == 0 || !strings.Contains(text, "PostgreSQL") || !strings.Contains(text, "System design") {
			t.Errorf("skill gap: %d items: %s", items, text)
		}
		b.screenshot(t, "explore-skill-gap")

		// A link to a node draws it; two steps out, the second ring is drawn too.
		b.run(t, "link to a node", chromedp.Navigate(srv.URL+"/explore#TECHNOLOGY:postgresql"))
		b.wait(t, "linked node drawn", `document.getElementById('tab-details').dataset.id === 'Technology:postgresql' && document.body.dataset.busy === '0'`)
		b.run(t, "depth 2", chromedp.SetValue("#depth", "2", chromedp.ByID),
			chromedp.Evaluate(`document.getElementById('depth').dispatchEvent(new Event('change'))`, nil))
		b.wait(t, "depth 2 drawn", `window.sgExplorer.cy.nodes('[depth = 2]').length > 10 && document.body.dataset.busy === '0'`)
		b.screenshot(t, "explore-depth-2")
		b.check(t, "explorer")
	})
}
