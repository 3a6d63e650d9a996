package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/skillgraph/skillgraph/bridge"
	"github.com/skillgraph/skillgraph/crosswalk"
	"github.com/skillgraph/skillgraph/domain"
	"github.com/skillgraph/skillgraph/esco"
	"github.com/skillgraph/skillgraph/internal/input"
	"github.com/skillgraph/skillgraph/internal/slug"
	"github.com/skillgraph/skillgraph/onet"
	"github.com/skillgraph/skillgraph/seed"
	"github.com/skillgraph/skillgraph/store"
)

type importFlags struct {
	release    string
	skills     string
	onet       string
	crosswalk  string
	candidates bool
	ifNew      bool
	batchSize  int
	progress   string
}

func (f *importFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.release, "release", "", `release name written as provenance (default: read from "Read Me.txt", e.g. "O*NET 29.2")`)
	fs.StringVar(&f.skills, "skills", "", `folder of O*NET's Skills.txt and Knowledge.txt when not DIR (make import-onet passes the committed data/onet-29.0-skills-knowledge); without them, no skills or ratings are imported`)
	fs.StringVar(&f.onet, "onet", "", "import esco: the O*NET release whose skill ids ESCO's must not take (default data/onet-29.2, with -skills default data/onet-29.0-skills-knowledge)")
	fs.StringVar(&f.crosswalk, "crosswalk", "", "import esco: the folder of the ESCO -> O*NET crosswalk (default data/crosswalks)")
	fs.BoolVar(&f.candidates, "candidates", false, "import esco: list the O*NET and curated skills that share a name with an ESCO concept and that the reviewed mapping (data/crosswalks/"+crosswalk.SkillsFile+") does not cover, for a person to review")
	fs.BoolVar(&f.ifNew, "if-new", false, "do nothing when the graph holds a complete import of the release already (make run uses it)")
	fs.IntVar(&f.batchSize, "batch", 10000, "records per write transaction")
	fs.StringVar(&f.progress, "progress", "auto", "progress display: auto (only on a terminal), on, off")
}

const importUsage = "usage: skillgraph import onet DIR [-skills DIR] | esco [PATH] [-onet DIR -skills DIR]; both take [-if-new] [-release NAME] [-batch N] [-progress auto|on|off]"

// The releases the repository carries (data/README.md), the defaults of import esco.
const (
	defaultESCO       = "data/esco-1.1.1"
	defaultONET       = "data/onet-29.2"
	defaultONETSkills = "data/onet-29.0-skills-knowledge"
	defaultCrosswalks = "data/crosswalks"
)

// importCmd: skillgraph import onet DIR, or import esco [PATH]. It reads and validates the
// whole release before it writes anything; rows it skips are listed with file, line and
// reason.
func importCmd(ctx context.Context, cfg *config, f importFlags, args []string, stdout, stderr io.Writer) error {
	if f.batchSize < 1 {
		return errors.New("-batch must be at least 1")
	}
	show := f.progress == "on" || (f.progress == "auto" && isTerminal(stderr))
	start := time.Now()
	say := func(format string, a ...any) {
		if show {
			fmt.Fprintf(stderr, "\r\033[K"+format, a...)
		}
	}
	switch {
	case len(args) == 2 && args[0] == "onet":
		return importONET(ctx, cfg, f, args[1], start, say, stdout, stderr)
	case len(args) <= 2 && len(args) >= 1 && args[0] == "esco":
		path := defaultESCO
		if len(args) == 2 {
			path = args[1]
		}
		return importESCO(ctx, cfg, f, path, start, say, stdout, stderr)
	}
	return errors.New(importUsage)
}

func importONET(ctx context.Context, cfg *config, f importFlags, dir string, start time.Time, say func(string, ...any), stdout, stderr io.Writer) error {
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close(context.Background())
	known, err := st.KnownTechnologies(ctx)
	if err != nil {
		return err
	}
	d, err := onet.ReadWith(dir, onet.Options{Release: f.release, Known: known, SkillsDir: f.skills, Progress: func(file string, rows int) {
		say("read %-32s %7d rows  %5.1fs\n", file, rows, time.Since(start).Seconds())
	}})
	if err != nil {
		return fmt.Errorf("import aborted, nothing written: %w", err)
	}
	if done, err := skipImported(ctx, st, f, d.Release, d.SkillsRelease, stdout); done || err != nil {
		return err
	}
	printWarnings(stderr, d.Warnings)

	sum, err := st.ImportONET(ctx, d, f.batchSize, func(step string, done, total int) {
		say("write %-30s %7d/%-7d %5.1fs", step, done, total, time.Since(start).Seconds())
		if done == total {
			say("write %-30s %7d rows  %5.1fs\n", step, total, time.Since(start).Seconds())
		}
	})
	if err != nil {
		return fmt.Errorf("import of %s interrupted (run it again to complete it): %w", d.Release, err)
	}
	fmt.Fprintf(stdout, "imported %s from %s in %.1fs (peak RSS %d MB): %d occupations, %d technologies (%d new, %d resolved to existing ones from %d examples), %d USES, %d RELATED_TO, %d curated roles linked\n",
		d.Release, dir, time.Since(start).Seconds(), peakRSSMB(), sum.Occupations, sum.NewTechnologies+sum.ResolvedTechnologies,
		sum.NewTechnologies, sum.ResolvedTechnologies, len(d.Technologies)-sum.NewTechnologies, sum.Uses, sum.Related, sum.CuratedLinks)
	if sum.Elements > 0 {
		c := d.RatingCounts
		fmt.Fprintf(stdout, "imported %s skills and knowledge: %d elements, %d ratings as REQUIRES (%d importance and %d level values; dropped: %d suppressed importance, %d suppressed level, %d not relevant levels, %d pairs with no value)\n",
			d.SkillsRelease, sum.Elements, sum.Ratings, c.Importance, c.Level, c.SuppressedImportance, c.SuppressedLevel, c.NotRelevant, c.Dropped)
	}
	printSkipped(stdout, d.Skipped(), d.Rows)
	return nil
}

// skipImported says, with -if-new, whether the graph holds a complete import of the release
// (with the ratings of skillsRelease when that is set, recording the counts needs) already,
// and tells so.
func skipImported(ctx context.Context, st *store.Store, f importFlags, release, skillsRelease string, stdout io.Writer, needs ...string) (bool, error) {
	if !f.ifNew {
		return false, nil
	}
	done, err := st.ImportComplete(ctx, release, skillsRelease, needs...)
	if done {
		fmt.Fprintf(stdout, "%s is in the graph already: nothing to import\n", release)
	}
	return done, err
}

func printWarnings(stderr io.Writer, warnings []input.Warning) {
	for i, w := range warnings {
		if i == 20 {
			fmt.Fprintf(stderr, "warning: ... and %d more skipped rows\n", len(warnings)-20)
			break
		}
		fmt.Fprintf(stderr, "warning: skipped %s\n", w)
	}
}

func printSkipped(stdout io.Writer, skipped, rows map[string]int) {
	files := make([]string, 0, len(skipped))
	for f := range skipped {
		files = append(files, f)
	}
	sort.Strings(files)
	for _, f := range files {
		fmt.Fprintf(stdout, "skipped %d of %d rows in %s\n", skipped[f], rows[f], f)
	}
}

// curatedNamesakes: the ESCO occupations whose name is that of a curated role (the slug
// the curated role has), by ESCO id -> curated id. They are the same role: the curated one
// links to the ESCO one rather than the graph holding two unrelated twins.
func curatedNamesakes(d *esco.Dataset, curated []string) map[string]string {
	ids := map[string]bool{}
	for _, id := range curated {
		ids[id] = true
	}
	out := map[string]string{}
	for _, o := range d.Occupations {
		if s := slug.Make(o.Label); ids[s] && o.ID != s {
			out[o.ID] = s
		}
	}
	return out
}

// escoOptions are the ids ESCO's must not take: the curated roles' and skills', and the
// O*NET skills' and knowledge areas' of the release in onetDir (default the one the
// repository carries, with its skills folder unless onetDir is given); and the technologies
// ESCO's knowledge concepts resolve to: the curated ones and the O*NET release's. Both come
// from the files, not the graph, so the import's outcome does not depend on import order.
func escoOptions(onetDir, skillsDir string) (esco.Options, []onet.Known, *onet.Dataset, []domain.NodeInput, error) {
	var o esco.Options
	var known []onet.Known
	if onetDir == "" {
		onetDir = defaultONET
		if skillsDir == "" {
			skillsDir = defaultONETSkills
		}
	}
	curated, err := seed.Load(seed.Files)
	if err != nil {
		return o, nil, nil, nil, err
	}
	for _, n := range curated.Nodes {
		switch n.Kind {
		case domain.KindRole:
			o.ReservedOccupationIDs = append(o.ReservedOccupationIDs, n.ID)
		case domain.KindSkill:
			o.ReservedSkillIDs = append(o.ReservedSkillIDs, n.ID)
		case domain.KindTechnology:
			known = append(known, onet.Known{ID: n.ID, Name: n.Name, Aliases: n.Aliases})
		}
	}
	od, err := onet.ReadWith(onetDir, onet.Options{SkillsDir: skillsDir, Known: known})
	if err != nil {
		return o, nil, nil, nil, fmt.Errorf("reading the O*NET release for its skill ids: %w", err)
	}
	for _, e := range od.Elements {
		o.ReservedSkillIDs = append(o.ReservedSkillIDs, e.ID)
	}
	for _, t := range od.Technologies {
		if t.CuratedID == "" {
			known = append(known, onet.Known{ID: t.ID, Name: t.Name})
		}
	}
	return o, known, od, curated.Nodes, nil
}

// escoMatches resolves the ESCO -> O*NET crosswalk in dir against the two releases read, with
// each ESCO occupation without a match of its own inheriting those of the nearest broader one.
func escoMatches(dir string, d *esco.Dataset, od *onet.Dataset) ([]store.ESCOMatch, *crosswalk.Dataset, error) {
	codes := make([]string, len(od.Occupations))
	for i, o := range od.Occupations {
		codes[i] = o.Code
	}
	uris := make([]string, len(d.Occupations))
	idOf := map[string]string{}
	uriOf := map[string]string{}
	for i, o := range d.Occupations {
		uris[i] = o.URI
		idOf[o.URI], uriOf[o.ID] = o.ID, o.URI
	}
	cw, err := crosswalk.Read(dir, crosswalk.Options{Occupations: codes, ESCO: uris})
	if err != nil {
		return nil, nil, err
	}
	parent := map[string]string{}
	for _, b := range d.OccupationHierarchy {
		if b.Kind == esco.KindOccupation && b.BroaderKind == esco.KindOccupation {
			parent[uriOf[b.ID]] = uriOf[b.BroaderID]
		}
	}
	all := append(append([]crosswalk.Match(nil), cw.Matches...), crosswalk.Inherit(cw.Matches, parent)...)
	out := make([]store.ESCOMatch, 0, len(all))
	for _, m := range all {
		out = append(out, store.ESCOMatch{Occupation: idOf[m.ESCO], Code: m.Code, Confidence: m.Confidence, Similarity: m.Similarity,
			InheritedFrom: idOf[m.InheritedFrom]})
	}
	return out, cw, nil
}

// skillEquivalences resolves the reviewed skill mapping in dir against the releases read
// and the curated skills: the links to write, the rows that name a skill or concept not
// there (reported, not written), and the name candidates nobody reviewed (listed for a
// person to review; never linked).
func skillEquivalences(dir string, d *esco.Dataset, od *onet.Dataset, curated []domain.NodeInput) ([]store.SkillEquivalence, []crosswalk.Problem, []crosswalk.Candidate, error) {
	m, err := crosswalk.ReadSkills(dir)
	if err != nil {
		return nil, nil, nil, err
	}
	ids := map[[2]string]string{} // scheme, key -> skill id
	var from, to []crosswalk.Concept
	for _, e := range od.Elements {
		ids[[2]string{crosswalk.SchemeONET, e.ElementID}] = e.ID
		from = append(from, crosswalk.Concept{Scheme: crosswalk.SchemeONET, Key: e.ElementID, Names: []string{e.Name}})
	}
	for _, n := range curated {
		if n.Kind == domain.KindSkill {
			ids[[2]string{crosswalk.SchemeCurated, n.ID}] = n.ID
			from = append(from, crosswalk.Concept{Scheme: crosswalk.SchemeCurated, Key: n.ID, Names: append([]string{n.Name}, n.Aliases...)})
		}
	}
	escoID := map[string]string{}
	for _, sk := range d.Skills {
		escoID[sk.URI] = sk.ID
		to = append(to, crosswalk.Concept{Key: sk.URI, Names: append([]string{sk.Label}, sk.Aliases...)})
	}
	for _, g := range d.SkillGroups {
		escoID[g.URI] = g.ID
		to = append(to, crosswalk.Concept{Key: g.URI, Names: append([]string{g.Label}, g.Aliases...)})
	}
	problems := m.Skipped
	var out []store.SkillEquivalence
	for _, x := range m.Matches {
		a, b := ids[[2]string{x.Scheme, x.Key}], escoID[x.URI]
		switch {
		case a == "":
			problems = append(problems, crosswalk.Problem{File: crosswalk.SkillsFile, Line: x.Line, Reason: fmt.Sprintf("%s:%s is not a skill of the releases read", x.Scheme, x.Key)})
		case b == "":
			problems = append(problems, crosswalk.Problem{File: crosswalk.SkillsFile, Line: x.Line, Reason: fmt.Sprintf("%s is not a skill of %s (or became a technology)", x.URI, d.Release)})
		case x.Match != crosswalk.MatchNone:
			out = append(out, store.SkillEquivalence{From: a, To: b, Exact: x.Match == crosswalk.MatchExact})
		}
	}
	return out, problems, crosswalk.SkillCandidates(m, from, to), nil
}

// importESCO: skillgraph import esco [PATH]. ESCO's ids must not take those of the curated
// skills and roles nor of the O*NET skills and knowledge, whichever is imported first: they
// are read from the seed and the O*NET files, not from the graph.
func importESCO(ctx context.Context, cfg *config, f importFlags, path string, start time.Time, say func(string, ...any), stdout, stderr io.Writer) error {
	// The import holds the release, both releases' links and their rows (some 100 MB): the
	// server's GOGC (400 by default) would let its garbage grow to four times that before a
	// collection, so it collects at 100 at most.
	if gc := debug.SetGCPercent(100); gc >= 0 && gc < 100 {
		debug.SetGCPercent(gc)
	}
	o, known, od, curated, err := escoOptions(f.onet, f.skills)
	if err != nil {
		return err
	}
	o.Release = f.release
	d, err := esco.Read(path, o)
	if err != nil {
		return fmt.Errorf("import aborted, nothing written: %w", err)
	}
	d.ResolveTechnologies(onet.Resolver(known))
	crosswalkDir := f.crosswalk
	if crosswalkDir == "" {
		crosswalkDir = defaultCrosswalks
	}
	matches, cw, err := escoMatches(crosswalkDir, d, od)
	if err != nil {
		return fmt.Errorf("import aborted, nothing written: %w", err)
	}
	sameAs, sameAsProblems, candidates, err := skillEquivalences(crosswalkDir, d, od, curated)
	if err != nil {
		return fmt.Errorf("import aborted, nothing written: %w", err)
	}
	onetDir := f.onet
	if onetDir == "" {
		onetDir = defaultONET
	}
	tasks, err := od.ReadTasks(onetDir)
	if err != nil {
		return fmt.Errorf("import aborted, nothing written: %w", err)
	}
	suggests := bridge.ESCOToONET(d, od, tasks)
	say("read %s and matched its skills to %s in %.1fs\n", d.Release, od.Release, time.Since(start).Seconds())
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close(context.Background())
	if done, err := skipImported(ctx, st, f, d.Release, "", stdout, store.ESCOImportNeeds...); done || err != nil {
		return err
	}
	printWarnings(stderr, d.Warnings)
	for i, p := range cw.Unresolved {
		if i == 20 {
			fmt.Fprintf(stderr, "crosswalk: ... and %d more unresolved rows\n", len(cw.Unresolved)-20)
			break
		}
		fmt.Fprintf(stderr, "crosswalk: unresolved %s\n", p)
	}
	for _, p := range sameAsProblems {
		fmt.Fprintf(stderr, "skill mapping: skipped %s\n", p)
	}
	links := store.ESCOLinks{Matches: matches, MatchSource: crosswalk.Source, Curated: curatedNamesakes(d, o.ReservedOccupationIDs),
		SameAs: sameAs, SameAsSource: crosswalk.SkillsSource,
		Suggests: suggests, SuggestsSource: bridge.Source(d.Release, od.Release)}
	sum, err := st.ImportESCO(ctx, d, links, f.batchSize, func(step string, done, total int) {
		say("write %-30s %7d/%-7d %5.1fs", step, done, total, time.Since(start).Seconds())
		if done == total {
			say("write %-30s %7d rows  %5.1fs\n", step, total, time.Since(start).Seconds())
		}
	})
	if err != nil {
		return fmt.Errorf("import of %s interrupted (run it again to complete it): %w", d.Release, err)
	}
	fmt.Fprintf(stdout, "imported %s from %s in %.1fs (peak RSS %d MB): %d occupations, %d skills and knowledge concepts, %d skill groups, %d REQUIRES (%d essential, %d optional), %d skill BROADER, %d occupation BROADER, %d skill RELATED_TO\n",
		d.Release, path, time.Since(start).Seconds(), peakRSSMB(), sum.Occupations, sum.Skills, sum.SkillGroups, sum.Requires, sum.Essential,
		sum.Requires-sum.Essential, sum.SkillBroader, sum.RoleBroader, sum.Related)
	fmt.Fprintf(stdout, "ISCO-08: %d occupation groups, %d group BROADER, %d occupations IN_GROUP of their unit group\n",
		sum.OccupationGroups, sum.GroupBroader, sum.InGroup)
	var resolved []string
	for _, t := range d.Technologies {
		resolved = append(resolved, fmt.Sprintf("%q -> %s", t.Label, t.Technology))
	}
	fmt.Fprintf(stdout, "resolved %d knowledge concepts to technologies (%d USES; %d of their hierarchy and relation edges dropped): %s\n",
		len(d.Technologies), sum.Uses, d.DroppedForTechnologies, strings.Join(resolved, ", "))
	hint := ""
	if len(candidates) > 0 && !f.candidates {
		hint = " (-candidates lists them)"
	}
	fmt.Fprintf(stdout, "linked %d skills as SAME_AS from the reviewed mapping (%s); %d name candidates unreviewed%s\n",
		sum.SameAs, crosswalk.SkillsFile, len(candidates), hint)
	fmt.Fprintf(stdout, "linked %d skills to the O*NET occupations their text matches best: %d SUGGESTS from %d task statements\n",
		countFrom(suggests), sum.Suggests, countTasks(tasks))
	if f.candidates {
		for _, c := range candidates {
			fmt.Fprintf(stdout, "candidate\t%s:%s\t%s\t%s\t%q\n", c.From.Scheme, c.From.Key, c.From.Names[0], c.ESCO.Key, c.Name)
		}
	}
	printSkipped(stdout, d.Skipped(), d.Rows)
	return nil
}

// countFrom counts the skills links start from.
func countFrom(links []bridge.Link) int {
	from := map[string]bool{}
	for _, l := range links {
		from[l.From] = true
	}
	return len(from)
}

func countTasks(tasks map[string][]string) int {
	n := 0
	for _, ts := range tasks {
		n += len(ts)
	}
	return n
}

// peakRSSMB is this process's peak resident set size (Linux reports ru_maxrss in KiB).
func peakRSSMB() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return -1
	}
	return ru.Maxrss / 1024
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
