package main

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"math/rand"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/skillgraph/skillgraph/bridge"
	"github.com/skillgraph/skillgraph/crosswalk"
	"github.com/skillgraph/skillgraph/domain"
	"github.com/skillgraph/skillgraph/esco"
	"github.com/skillgraph/skillgraph/internal/neo4jtest"
	"github.com/skillgraph/skillgraph/onet"
	"github.com/skillgraph/skillgraph/store"
)

// escoPath is the ESCO release the repository carries.
var escoPath = filepath.Join("data", "esco-1.1.1")

func mustImportESCO(tb testing.TB) string {
	tb.Helper()
	var out bytes.Buffer
	if err := run(context.Background(), []string{"import", "esco", escoPath, "-progress", "off"}, testEnv(tb), &out, io.Discard); err != nil {
		tb.Fatal(err)
	}
	return out.String()
}

// escoRead is what the ESCO import reads from the committed releases, before it writes.
type escoRead struct {
	o       esco.Options
	od      *onet.Dataset
	curated []domain.NodeInput
	d       *esco.Dataset
	matches []store.ESCOMatch
	cw      *crosswalk.Dataset
}

func mustReadESCO(tb testing.TB) escoRead {
	tb.Helper()
	o, known, od, curated, err := escoOptions("", "")
	if err != nil {
		tb.Fatal(err)
	}
	d, err := esco.Read(escoPath, o)
	if err != nil {
		tb.Fatal(err)
	}
	d.ResolveTechnologies(onet.Resolver(known))
	matches, cw, err := escoMatches(defaultCrosswalks, d, od)
	if err != nil {
		tb.Fatal(err)
	}
	return escoRead{o, od, curated, d, matches, cw}
}

// TestImportESCO imports the committed ESCO release once into the curated seed and checks it
// against what package esco reads from the zips: counts per kind, type and relationship,
// randomly chosen occupations and skills field by field through the API, the ids reserved
// for curated and O*NET skills, the kept statistics, and an idempotent re-import.
func TestImportESCO(t *testing.T) {
	st := neo4jtest.MustSeed(t)
	r := mustReadESCO(t)
	o, od, curated, d, matches, cw := r.o, r.od, r.curated, r.d, r.matches, r.cw
	sameAs, sameAsProblems, candidates, err := skillEquivalences(defaultCrosswalks, d, od, curated)
	if err != nil {
		t.Fatal(err)
	}
	// The whole graph, as make run builds it: O*NET with its skills, then ESCO.
	mustImportSkills(t, neo4jtest.MustONetDir(t))
	onetCounts := neo4jtest.Counts(t)
	out := mustImportESCO(t)
	essential := 0
	for _, r := range d.Requirements {
		if r.Essential {
			essential++
		}
	}
	roleBroader := 0
	for _, b := range d.OccupationHierarchy {
		if b.Kind == esco.KindOccupation && b.BroaderKind == esco.KindOccupation {
			roleBroader++
		}
	}
	if !strings.Contains(out, fmt.Sprintf("resolved %d knowledge concepts to technologies (%d USES", len(d.Technologies), len(d.TechnologyUses))) {
		t.Errorf("summary lacks the resolved technologies: %s", out)
	}
	want := fmt.Sprintf("%d occupations, %d skills and knowledge concepts, %d skill groups, %d REQUIRES (%d essential, %d optional), %d skill BROADER, %d occupation BROADER, %d skill RELATED_TO",
		len(d.Occupations), len(d.Skills), len(d.SkillGroups), len(d.Requirements), essential, len(d.Requirements)-essential, len(d.SkillHierarchy), roleBroader, len(d.Related))
	if !strings.Contains(out, "imported "+d.Release) || !strings.Contains(out, want) {
		t.Errorf("summary %q lacks %q", out, want)
	}
	counts := neo4jtest.Counts(t)
	src := map[string]any{"src": d.Release}

	t.Run("ExactCounts", func(t *testing.T) {
		one := func(q string) map[string]any { return neo4jtest.MustQuery(t, q, src)[0] }
		if r := one(`MATCH (r:Role {source: $src}) RETURN count(r) AS n, count(r.uri) AS uris, count(r.iscoGroup) AS isco`); r["n"] != int64(len(d.Occupations)) ||
			r["uris"] != r["n"] || r["isco"] != r["n"] {
			t.Errorf("ESCO roles %v, want %d with uri and ISCO group", r, len(d.Occupations))
		}
		types := map[string]int64{"group": int64(len(d.SkillGroups))}
		for _, s := range d.Skills {
			types[s.Type]++
		}
		got := map[string]int64{}
		for _, r := range neo4jtest.MustQuery(t, `MATCH (s:Skill {source: $src}) RETURN coalesce(s.type, '') AS t, count(s) AS n`, src) {
			got[r["t"].(string)] = r["n"].(int64)
		}
		if !reflect.DeepEqual(got, types) {
			t.Errorf("ESCO skills per type %v, want %v", got, types)
		}
		if r := one(`MATCH (:Role)-[e:REQUIRES {source: $src}]->(:Skill) RETURN count(e) AS n, count(CASE WHEN e.essential THEN 1 END) AS essential`); r["n"] != int64(len(d.Requirements)) || r["essential"] != int64(essential) {
			t.Errorf("ESCO REQUIRES %v, want %d, %d essential", r, len(d.Requirements), essential)
		}
		if r := one(`MATCH (:Skill)-[e:BROADER {source: $src}]->(:Skill) RETURN count(e) AS n`); r["n"] != int64(len(d.SkillHierarchy)) {
			t.Errorf("skill BROADER %v, want %d", r, len(d.SkillHierarchy))
		}
		if r := one(`MATCH (:Role)-[e:BROADER {source: $src}]->(:Role) RETURN count(e) AS n`); r["n"] != int64(roleBroader) {
			t.Errorf("occupation BROADER %v, want %d", r, roleBroader)
		}
		if r := one(`MATCH (:Skill)-[e:RELATED_TO {source: $src}]->(:Skill) RETURN count(e) AS n`); r["n"] != int64(len(d.Related)) {
			t.Errorf("skill RELATED_TO %v, want %d", r, len(d.Related))
		}
		// The curated seed and O*NET are untouched: ESCO's colliding concepts took other ids.
		if counts["Role"] != onetCounts["Role"]+int64(len(d.Occupations)) || counts["Skill"] != onetCounts["Skill"]+int64(len(d.Skills)+len(d.SkillGroups)) {
			t.Errorf("nodes %v, before ESCO %v", counts, onetCounts)
		}
		for _, id := range []string{"communication", "project-management", "design-thinking", "product-manager", "software-architect"} {
			if r := neo4jtest.MustQuery(t, `MATCH (n {id: $id}) WHERE n:Role OR n:Skill RETURN n.source AS s`, map[string]any{"id": id}); len(r) != 1 || !strings.HasPrefix(r[0]["s"].(string), "seed:") {
				t.Errorf("%s: %v", id, r)
			}
		}
		// The curated roles ESCO has namesakes of link to them (CLOSEST_TO).
		namesakes := curatedNamesakes(d, o.ReservedOccupationIDs)
		if len(namesakes) < 3 {
			t.Errorf("curated namesakes %v", namesakes)
		}
		for escoID, curatedID := range namesakes {
			r := neo4jtest.MustQuery(t, `MATCH (:Role {id: $c})-[e:CLOSEST_TO]->(x:Role) WHERE x.source = $src RETURN x.id AS id, e.source AS s`,
				map[string]any{"c": curatedID, "src": d.Release})
			if len(r) != 1 || r[0]["id"] != escoID || r[0]["s"] != d.Release {
				t.Errorf("%s -> %s: %v", curatedID, escoID, r)
			}
		}
		for _, s := range d.Skills {
			for _, reserved := range o.ReservedSkillIDs {
				if s.ID == reserved {
					t.Errorf("ESCO skill %s took the reserved id %s", s.URI, s.ID)
				}
			}
		}
		neo4jtest.MustRelEndsMatchKinds(t)
		neo4jtest.MustKeptNeedWeights(t)
	})

	a := MustAPIOn(t, st)
	rng := rand.New(rand.NewSource(171))
	t.Run("RandomOccupationsFieldByField", func(t *testing.T) {
		need := map[string][2]int{} // occupation id -> essential, optional
		for _, r := range d.Requirements {
			n := need[r.Occupation]
			if r.Essential {
				n[0]++
			} else {
				n[1]++
			}
			need[r.Occupation] = n
		}
		broader := map[string][]string{}
		for _, b := range d.OccupationHierarchy {
			if b.Kind == esco.KindOccupation && b.BroaderKind == esco.KindOccupation {
				broader[b.ID] = append(broader[b.ID], b.BroaderID)
			}
		}
		for i := 0; i < 6; i++ {
			oc := d.Occupations[rng.Intn(len(d.Occupations))]
			data := a.MustData(t, `query($id: ID!) { role(id: $id) { name description aliases uri escoCode iscoGroup source
				essential: skills(where: {essential: {eq: true}}) { totalCount }
				optional: skills(where: {essential: {eq: false}}) { totalCount }
				broaderRoles(first: 100) { edges { node { id: slug } } } } }`, map[string]any{"id": oc.ID})
			r := get(data, "role").(map[string]any)
			aliases := []any{}
			for _, al := range oc.Aliases {
				aliases = append(aliases, al)
			}
			wantFields := map[string]any{"name": oc.Label, "description": oc.Description, "aliases": aliases, "uri": oc.URI,
				"escoCode": oc.Code, "iscoGroup": oc.ISCOGroup, "source": d.Release}
			for k, v := range wantFields {
				if !reflect.DeepEqual(r[k], v) {
					t.Errorf("%s %s = %v, want %v", oc.ID, k, r[k], v)
				}
			}
			if e, opt := get(r, "essential", "totalCount"), get(r, "optional", "totalCount"); e != float64(need[oc.ID][0]) || opt != float64(need[oc.ID][1]) {
				t.Errorf("%s: %v essential and %v optional skills, want %v", oc.ID, e, opt, need[oc.ID])
			}
			var up []string
			for _, e := range get(r, "broaderRoles", "edges").([]any) {
				up = append(up, get(e, "node", "id").(string))
			}
			sort.Strings(up)
			sort.Strings(broader[oc.ID])
			if strings.Join(up, ",") != strings.Join(broader[oc.ID], ",") {
				t.Errorf("%s broader %v, want %v", oc.ID, up, broader[oc.ID])
			}
		}
	})

	t.Run("RandomSkillsFieldByField", func(t *testing.T) {
		up, down := map[string]int{}, map[string]int{}
		for _, b := range d.SkillHierarchy {
			up[b.ID]++
			down[b.BroaderID]++
		}
		for i := 0; i < 6; i++ {
			s := d.Skills[rng.Intn(len(d.Skills))]
			data := a.MustData(t, `query($id: ID!) { skill(id: $id) { name description uri type reuseLevel source
				broader { totalCount } narrower { totalCount } } }`, map[string]any{"id": s.ID})
			r := get(data, "skill").(map[string]any)
			var typ, reuse any
			if s.Type != "" {
				typ = s.Type
			}
			if s.ReuseLevel != "" {
				reuse = s.ReuseLevel
			}
			wantFields := map[string]any{"name": s.Label, "description": s.Description, "uri": s.URI, "type": typ, "reuseLevel": reuse, "source": d.Release}
			for k, v := range wantFields {
				if r[k] != v {
					t.Errorf("%s %s = %v, want %v", s.ID, k, r[k], v)
				}
			}
			if get(r, "broader", "totalCount") != float64(up[s.ID]) || get(r, "narrower", "totalCount") != float64(down[s.ID]) {
				t.Errorf("%s: broader %v narrower %v, want %d %d", s.ID, get(r, "broader", "totalCount"), get(r, "narrower", "totalCount"), up[s.ID], down[s.ID])
			}
		}
	})

	t.Run("OccupationGroups", func(t *testing.T) { testISCOGroups(t, a, d.Release, out) })

	t.Run("FindByURI", func(t *testing.T) {
		s := d.Skills[rng.Intn(len(d.Skills))]
		data := a.MustData(t, `query($uri: String!) { skills(where: {uri: {eq: $uri}}) { edges { node { id: slug } } } }`, map[string]any{"uri": s.URI})
		if e := get(data, "skills", "edges").([]any); len(e) != 1 || get(e[0], "node", "id") != s.ID {
			t.Errorf("skill by uri %s: %v", s.URI, e)
		}
	})

	t.Run("OneTechnologyOneNode", func(t *testing.T) {
		// The knowledge concepts that name a technology are that Technology: curated
		// (PostgreSQL, Python) or O*NET's; no Skill twin, and their requirements are USES.
		if len(d.Technologies) < 5 {
			t.Fatalf("only %d concepts resolved: %v", len(d.Technologies), d.Technologies)
		}
		if counts["Technology"] != onetCounts["Technology"] {
			t.Errorf("ESCO added technologies: %d -> %d", onetCounts["Technology"], counts["Technology"])
		}
		uses := map[string]int64{}
		for _, u := range d.TechnologyUses {
			uses[u.Technology]++
		}
		for _, m := range d.Technologies {
			r := neo4jtest.MustQuery(t, `MATCH (x:Technology|Skill) WHERE x.uri = $uri RETURN labels(x)[0] AS kind, x.id AS id,
				COUNT { (x)<-[e:USES]-(:Role) WHERE e.source = $src } AS uses`, map[string]any{"uri": m.URI, "src": d.Release})
			if len(r) != 1 || r[0]["kind"] != "Technology" || r[0]["id"] != m.Technology || r[0]["uses"] != uses[m.Technology] {
				t.Errorf("%s (%s): %v, want the technology %s with %d ESCO uses", m.Label, m.URI, r, m.Technology, uses[m.Technology])
			}
		}
		for _, name := range []string{"PostgreSQL", "Python", "MySQL"} {
			if n := neo4jtest.MustQuery(t, `MATCH (x) WHERE (x:Technology OR x:Skill) AND toLower(x.name) = toLower($n) RETURN count(x) AS n`, map[string]any{"n": name})[0]["n"]; n != int64(1) {
				t.Errorf("%d nodes named %s", n, name)
			}
		}
	})

	t.Run("Crosswalk", func(t *testing.T) {
		// Every crosswalk row is resolved or reported; every match is written (O*NET is in).
		if cw.Resolved()+len(cw.Unresolved) < cw.Rows || cw.Resolved() == 0 {
			t.Errorf("crosswalk: %d rows, %d resolved, %d unresolved", cw.Rows, cw.Resolved(), len(cw.Unresolved))
		}
		direct := 0
		for _, m := range matches {
			if m.InheritedFrom == "" {
				direct++
			}
		}
		r := neo4jtest.MustQuery(t, `MATCH (a:Role {source: $src})-[e:MATCHES]->(b:Role) WHERE b.source STARTS WITH 'O*NET'
			RETURN count(e) AS n, count(e.inheritedFrom) AS inherited`, src)[0]
		if r["n"] != int64(len(matches)) || r["inherited"] != int64(len(matches)-direct) {
			t.Errorf("MATCHES %v, want %d, %d inherited", r, len(matches), len(matches)-direct)
		}
		for i := 0; i < 4; i++ {
			m := matches[rng.Intn(len(matches))]
			data := a.MustData(t, `query($id: ID!, $code: ID!) { role(id: $id) { onetMatches(where: {node: {id: {eq: $code}}}) {
				edges { confidence similarity inheritedFrom source node { id: slug source } } } } }`, map[string]any{"id": m.Occupation, "code": m.Code})
			edges := get(data, "role", "onetMatches", "edges").([]any)
			if len(edges) != 1 {
				t.Fatalf("%s -> %s: %v", m.Occupation, m.Code, edges)
			}
			var from any
			if m.InheritedFrom != "" {
				from = m.InheritedFrom
			}
			e := edges[0].(map[string]any)
			if e["confidence"] != m.Confidence || e["similarity"] != m.Similarity || e["inheritedFrom"] != from || e["source"] != crosswalk.Source {
				t.Errorf("%s -> %s: %v, want %+v", m.Occupation, m.Code, e, m)
			}
		}
	})

	t.Run("SkillEquivalences", func(t *testing.T) {
		// Every reviewed row names a skill of the releases the repository carries.
		if len(sameAsProblems) > 0 {
			t.Errorf("reviewed mapping rows not resolved: %v", sameAsProblems)
		}
		exact := 0
		for _, e := range sameAs {
			if e.Exact {
				exact++
			}
		}
		r := neo4jtest.MustQuery(t, `MATCH (a:Skill)-[e:SAME_AS]->(b:Skill {source: $src}) WHERE a.source STARTS WITH 'O*NET' OR a.source STARTS WITH 'seed:'
			RETURN count(e) AS n, count(CASE WHEN e.exact THEN 1 END) AS exact, collect(DISTINCT e.source) AS sources`, src)[0]
		if r["n"] != int64(len(sameAs)) || r["exact"] != int64(exact) || !reflect.DeepEqual(r["sources"], []any{crosswalk.SkillsSource}) {
			t.Errorf("SAME_AS %v, want %d, %d exact, source %q", r, len(sameAs), exact, crosswalk.SkillsSource)
		}
		wantLine := fmt.Sprintf("linked %d skills as SAME_AS from the reviewed mapping (%s); %d name candidates unreviewed", len(sameAs), crosswalk.SkillsFile, len(candidates))
		if strings.Count(out, wantLine) != 1 {
			t.Errorf("summary has %q %d times, want once: %s", wantLine, strings.Count(out, wantLine), out)
		}
		// A name shared by an O*NET element and ESCO concepts links nothing by itself:
		// ESCO lists "coordination" as an alias of logistics, reviewed and refused.
		if n := neo4jtest.MustQuery(t, `MATCH (:Skill {elementId: '2.B.1.b'})-[e:SAME_AS]-() RETURN count(e) AS n`, nil)[0]["n"]; n != int64(0) {
			t.Errorf("Coordination has %d equivalents, want none", n)
		}
		// Both directions through the API, with the edge's properties: O*NET's Mathematics
		// knowledge area is ESCO's mathematics (and its ISCED-F field); the curated
		// Communication is close to ESCO's.
		data := a.MustData(t, `{ skill(id: "mathematics-knowledge") { equivalents { edges { exact source node { uri } } } } }`, nil)
		uris := map[any]any{}
		for _, e := range get(data, "skill", "equivalents", "edges").([]any) {
			uris[get(e, "node", "uri")] = get(e, "exact")
		}
		if uris["http://data.europa.eu/esco/skill/4339176e-3acd-4f7f-a5d9-445bee3d23f2"] != true || uris["http://data.europa.eu/esco/isced-f/0541"] != true {
			t.Errorf("mathematics-knowledge equivalents %v", uris)
		}
		var escoComm string
		for _, sk := range d.Skills {
			if sk.URI == "http://data.europa.eu/esco/skill/15d76317-c71a-4fa2-aadc-2ecc34e627b7" {
				escoComm = sk.ID
			}
		}
		data = a.MustData(t, `query($id: ID!) { skill(id: $id) { equivalents(where: {exact: {eq: false}}) { edges { node { id: slug } } } } }`, map[string]any{"id": escoComm})
		if e := get(data, "skill", "equivalents", "edges").([]any); len(e) != 1 || get(e[0], "node", "id") != "communication" {
			t.Errorf("ESCO communication (%s) equivalents %v, want the curated communication", escoComm, e)
		}
	})

	t.Run("TextMatches", func(t *testing.T) {
		// Each ESCO skill links to the O*NET occupations its text matches best (SUGGESTS),
		// exactly as package bridge computes them from the committed releases.
		tasks, err := od.ReadTasks(defaultONET)
		if err != nil {
			t.Fatal(err)
		}
		links := bridge.ESCOToONET(d, od, tasks)
		// The committed data give these figures; a change of the data or of the matching
		// must be seen here (and measured again: eval/RESULTS.md).
		if len(links) != 415305 || countFrom(links) != len(d.Skills) || countTasks(tasks) != 18796 {
			t.Errorf("%d links from %d skills, %d tasks; want 415305 from all %d skills, 18796 tasks", len(links), countFrom(links), countTasks(tasks), len(d.Skills))
		}
		r := neo4jtest.MustQuery(t, `MATCH (s:Skill {source: $src})-[e:SUGGESTS]->(r:Role) WHERE r.source STARTS WITH 'O*NET'
			WITH s, count(e) AS n, sum(e.score) AS total, min(e.rank) AS first, max(e.rank) AS last, collect(DISTINCT e.source) AS sources
			RETURN sum(n) AS n, count(s) AS skills, max(n) AS most, min(total) AS low, max(total) AS high,
			       min(first) AS first, max(last - n) AS gaps, collect(DISTINCT sources) AS sources`, src)[0]
		want := map[string]any{"n": int64(len(links)), "skills": int64(len(d.Skills)), "most": int64(bridge.Top), "first": int64(1), "gaps": int64(0),
			"sources": []any{[]any{bridge.Source(d.Release, od.Release)}}}
		for k, v := range want {
			if !reflect.DeepEqual(r[k], v) {
				t.Errorf("SUGGESTS %s = %v, want %v", k, r[k], v)
			}
		}
		// Each skill's scores are its shares of evidence: they sum to 1.
		if low, high := r["low"].(float64), r["high"].(float64); low < 1-1e-9 || high > 1+1e-9 {
			t.Errorf("a skill's scores sum to %v .. %v, want 1", low, high)
		}
		// A sample link, property by property.
		l := links[rng.Intn(len(links))]
		e := neo4jtest.MustQuery(t, `MATCH (:Skill {id: $from})-[e:SUGGESTS]->(:Role {id: $to}) RETURN e.score AS score, e.rank AS rank`,
			map[string]any{"from": l.From, "to": l.To})
		if len(e) != 1 || e[0]["score"] != l.Score || e[0]["rank"] != int64(l.Rank) {
			t.Errorf("%s -> %s: %v, want %+v", l.From, l.To, e, l)
		}
		wantLine := fmt.Sprintf("linked %d skills to the O*NET occupations their text matches best: %d SUGGESTS from 18796 task statements", len(d.Skills), len(links))
		if !strings.Contains(out, wantLine) {
			t.Errorf("summary lacks %q: %s", wantLine, out)
		}
	})

	t.Run("RoleMatchesOfAnESCOPerson", func(t *testing.T) {
		// A welder, by ESCO's essential skills alone (36 of them, none an O*NET skill),
		// finds O*NET's Welders, Cutters, Solderers, and Brazers (the crosswalk's match,
		// which roleMatches does not read) first among the O*NET occupations, through the
		// text of its skills; the explanation names them.
		var skills []string
		for _, r := range d.Requirements {
			if r.Occupation == "welder" && r.Essential {
				skills = append(skills, r.Skill)
			}
		}
		if len(skills) < 20 {
			t.Fatalf("welder's essential skills: %v", skills)
		}
		data := a.MustData(t, `query($skills: [ID!]) { roleMatches(skills: $skills, where: {source: {startsWith: "O*NET"}}, first: 3) {
			role { id: slug } score share similarity work workSkills { id: slug source } } }`, map[string]any{"skills": skills})
		ms := get(data, "roleMatches").([]any)
		if len(ms) != 3 || get(ms[0], "role", "id") != "51-4121.00" {
			t.Fatalf("welder's matches: %v", ms)
		}
		m := ms[0].(map[string]any)
		if m["work"] != 1.0 || m["score"].(float64) > 1 || m["score"].(float64) < 0.1 {
			t.Errorf("first match %v: want work 1, score in [0.1, 1]", m)
		}
		ws := m["workSkills"].([]any)
		if len(ws) != 5 || get(ws[0], "source") != d.Release {
			t.Errorf("workSkills %v, want 5 ESCO skills", ws)
		}
		for _, w := range ws {
			if !slices.Contains(skills, get(w, "id").(string)) {
				t.Errorf("workSkills %v names a skill not given", w)
			}
		}
		if w := get(ms[1], "work").(float64); w >= 1 || w <= 0 {
			t.Errorf("second match's work %v, want in (0, 1)", w)
		}
	})

	t.Run("StatisticsAgreeWithAFullRefresh", func(t *testing.T) {
		before := statistics(t)
		if err := st.RefreshStats(context.Background()); err != nil {
			t.Fatal(err)
		}
		compareStatistics(t, before, statistics(t))
	})

	t.Run("ReimportChangesNothing", func(t *testing.T) {
		mustImportESCO(t)
		mustBeUnchanged(t, st, counts)
	})

	t.Run("IfNewCompletesAnImportMadeBeforeTheGroups", func(t *testing.T) {
		ifNew := func() string {
			var out bytes.Buffer
			if err := run(context.Background(), []string{"import", "esco", escoPath, "-if-new", "-progress", "off"}, testEnv(t), &out, io.Discard); err != nil {
				t.Fatal(err)
			}
			return out.String()
		}
		if out := ifNew(); !strings.Contains(out, "is in the graph already") {
			t.Errorf("-if-new on a complete import: %s", out)
		}
		// The graph as an import made before the groups left it: no groups, no count of them.
		neo4jtest.MustQuery(t, `MATCH (g:OccupationGroup) DETACH DELETE g`, nil)
		neo4jtest.MustQuery(t, `MATCH (i:Import {release: $src}) REMOVE i.occupationGroups`, src)
		if out := ifNew(); !strings.Contains(out, "ISCO-08: 619 occupation groups") {
			t.Errorf("-if-new on an import made before the groups: %s", out)
		}
		mustBeUnchanged(t, st, counts)
	})

	t.Run("InterruptedThenRerunEqualsClean", func(t *testing.T) {
		st := neo4jtest.MustSeed(t)
		mustImportSkills(t, neo4jtest.MustONetDir(t))
		// Stop it in the middle of the requirements, as a kill would.
		ctx, cancel := context.WithCancel(context.Background())
		links := store.ESCOLinks{Matches: matches, MatchSource: crosswalk.Source, Curated: curatedNamesakes(d, o.ReservedOccupationIDs),
			SameAs: sameAs, SameAsSource: crosswalk.SkillsSource}
		// (No SUGGESTS: the import stops before them, and the rerun writes them.)
		_, err := st.ImportESCO(ctx, d, links, 500, func(step string, done, total int) {
			if step == "ESCO requirements" && done >= 1000 {
				cancel()
			}
		})
		if err == nil {
			t.Fatal("the interrupted import reported success")
		}
		if status, err := st.ImportStatus(context.Background(), d.Release); err != nil || status != "running" {
			t.Errorf("status after interruption %q, %v", status, err)
		}
		partial := neo4jtest.Counts(t)
		if partial["REQUIRES"] >= counts["REQUIRES"] || partial["MATCHES"] != 0 {
			t.Errorf("interruption did not stop mid-way: %v", partial)
		}
		mustImportESCO(t)
		if after := neo4jtest.Counts(t); !neo4jtest.SameCounts(counts, after) {
			t.Errorf("rerun after interruption: %v, clean import: %v", after, counts)
		}
		if status, _ := st.ImportStatus(context.Background(), d.Release); status != "complete" {
			t.Errorf("status %q", status)
		}
	})
}

// escoCSV reads a file of the committed ESCO zips as rows by column name: straight from the
// zips, not through package esco, so that the import is checked against the files.
func escoCSV(t *testing.T, name string) []map[string]string {
	t.Helper()
	zips, _ := filepath.Glob(filepath.Join(escoPath, "*.zip"))
	for _, z := range zips {
		zr, err := zip.OpenReader(z)
		if err != nil {
			t.Fatal(err)
		}
		defer zr.Close()
		for _, f := range zr.File {
			if f.Name != name {
				continue
			}
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			recs, err := csv.NewReader(rc).ReadAll()
			if err != nil || len(recs) < 2 {
				t.Fatalf("%s: %v", name, err)
			}
			out := make([]map[string]string, 0, len(recs)-1)
			for _, rec := range recs[1:] {
				row := map[string]string{}
				for i, col := range recs[0] {
					row[col] = rec[i]
				}
				out = append(out, row)
			}
			return out
		}
	}
	t.Fatalf("no %s in %s", name, escoPath)
	return nil
}

// testISCOGroups checks the ISCO-08 groups of an ESCO import against ISCOGroups_en.csv, the
// group hierarchy against broaderRelationsOccPillar.csv and every occupation's unit group
// against occupations_en.csv, then reads them through the API.
func testISCOGroups(t *testing.T, a apiOn, release, summary string) {
	groups := escoCSV(t, "ISCOGroups_en.csv")
	occupations := escoCSV(t, "occupations_en.csv")
	hierarchy := 0
	for _, b := range escoCSV(t, "broaderRelationsOccPillar.csv") {
		if b["conceptType"] == "ISCOGroup" && b["broaderType"] == "ISCOGroup" {
			hierarchy++
		}
	}
	iscoOf, perGroup := map[string]string{}, map[string]int{} // occupation URI -> unit group; unit group -> occupations
	for _, o := range occupations {
		iscoOf[o["conceptUri"]] = o["iscoGroup"]
		perGroup[o["iscoGroup"]]++
	}
	if len(groups) != 619 || hierarchy != 609 || len(occupations) != 3007 {
		t.Fatalf("the committed release has %d ISCO groups, %d group hierarchy rows, %d occupations", len(groups), hierarchy, len(occupations))
	}
	want := fmt.Sprintf("ISCO-08: %d occupation groups, %d group BROADER, %d occupations IN_GROUP of their unit group", len(groups), hierarchy, len(occupations))
	if !strings.Contains(summary, want) {
		t.Errorf("summary %q lacks %q", summary, want)
	}
	src := map[string]any{"src": release}

	// Every group, field by field.
	rows := neo4jtest.MustQuery(t, `MATCH (g:OccupationGroup) RETURN g.id AS id, g.code AS code, g.level AS level, g.name AS name,
		g.description AS description, g.aliases AS aliases, g.uri AS uri, g.source AS source`, nil)
	got := map[string]map[string]any{}
	for _, r := range rows {
		got[r["uri"].(string)] = r
	}
	if len(rows) != len(groups) || len(got) != len(groups) {
		t.Errorf("%d OccupationGroup nodes (%d URIs), want %d", len(rows), len(got), len(groups))
	}
	for _, g := range groups {
		r := got[g["conceptUri"]]
		w := map[string]any{"id": g["code"], "code": g["code"], "level": int64(len(g["code"])), "name": strings.TrimSpace(g["preferredLabel"]),
			"description": strings.TrimSpace(g["description"]), "aliases": []any{}, "uri": g["conceptUri"], "source": release}
		for k, v := range w {
			if r == nil || !reflect.DeepEqual(r[k], v) {
				t.Errorf("group %s: %s = %v, want %v", g["code"], k, r[k], v)
				break
			}
		}
	}

	// The hierarchy: as many BROADER as rows, each one level up to the group its code begins with.
	r := neo4jtest.MustQuery(t, `MATCH (a:OccupationGroup)-[e:BROADER]->(b:OccupationGroup)
		RETURN count(e) AS n, count(CASE WHEN e.source = $src AND b.level = a.level - 1 AND a.code STARTS WITH b.code THEN 1 END) AS nested`, src)[0]
	if r["n"] != int64(hierarchy) || r["nested"] != r["n"] {
		t.Errorf("group BROADER %v, want %d, each nested", r, hierarchy)
	}
	if n := neo4jtest.MustQuery(t, `MATCH (g:OccupationGroup) WHERE g.level > 1 AND NOT (g)-[:BROADER]->() RETURN count(g) AS n`, nil)[0]["n"]; n != int64(0) {
		t.Errorf("%v groups below the major groups have no broader group", n)
	}

	// Every ESCO occupation in exactly its iscoGroup's unit group.
	bad := 0
	for _, r := range neo4jtest.MustQuery(t, `MATCH (r:Role {source: $src}) OPTIONAL MATCH (r)-[e:IN_GROUP]->(g)
		RETURN r.uri AS uri, r.iscoGroup AS isco, collect(g.code + ' ' + e.source + ' ' + labels(g)[0]) AS groups`, src) {
		wantGroups := []any{iscoOf[r["uri"].(string)] + " " + release + " OccupationGroup"}
		if !reflect.DeepEqual(r["groups"], wantGroups) || r["isco"] != iscoOf[r["uri"].(string)] {
			if bad++; bad <= 5 {
				t.Errorf("occupation %s (iscoGroup %v) is in %v, want %v", r["uri"], r["isco"], r["groups"], wantGroups)
			}
		}
	}
	if n := neo4jtest.MustQuery(t, `MATCH ()-[e:IN_GROUP]->() RETURN count(e) AS n`, nil)[0]["n"]; n != int64(len(occupations)) {
		t.Errorf("%v IN_GROUP, want %d", n, len(occupations))
	}

	// Through the API: the unit group with the most occupations, its place in the tree.
	top := ""
	for code, n := range perGroup {
		if n > perGroup[top] || n == perGroup[top] && code < top {
			top = code
		}
	}
	data := a.MustData(t, `query($id: ID!, $gid: ID!) {
		occupationGroup(id: $id) { id slug code level name source roles { totalCount }
			broader { edges { node { code level broader { edges { node { code broader { edges { node { code level narrower { totalCount } } } } } } } } } } }
		node(id: $gid) { ... on OccupationGroup { code } }
		nodes(ids: [$gid, "Role:backend-developer"]) { id }
		occupationGroups(orderBy: [{field: ROLE_COUNT, direction: DESC}, {field: CODE}], first: 1) { edges { node { code roles { totalCount } } } }
		majors: occupationGroups(where: {level: {eq: 1}}, orderBy: [{field: CODE, direction: DESC}], first: 100) { totalCount edges { node { code } } }
		sub: occupationGroups(where: {id: {startsWith: "25"}}) { totalCount }
		under25: roles(where: {occupationGroups: {some: {code: {startsWith: "25"}}}}) { totalCount }
	}`, map[string]any{"id": top, "gid": "OccupationGroup:" + top})
	g := get(data, "occupationGroup")
	if get(g, "id") != "OccupationGroup:"+top || get(g, "slug") != top || get(g, "level") != 4.0 || get(g, "source") != release ||
		get(g, "roles", "totalCount") != float64(perGroup[top]) {
		t.Errorf("group %s: %v, want %d roles", top, g, perGroup[top])
	}
	up := []any{get(g, "broader", "edges", 0, "node", "code"), get(g, "broader", "edges", 0, "node", "broader", "edges", 0, "node", "code"),
		get(g, "broader", "edges", 0, "node", "broader", "edges", 0, "node", "broader", "edges", 0, "node", "code")}
	if !reflect.DeepEqual(up, []any{top[:3], top[:2], top[:1]}) {
		t.Errorf("the groups above %s: %v", top, up)
	}
	if get(data, "node", "code") != top || get(data, "nodes", 0, "id") != "OccupationGroup:"+top || get(data, "nodes", 1, "id") != "Role:backend-developer" {
		t.Errorf("node and nodes: %v %v", get(data, "node"), get(data, "nodes"))
	}
	if get(data, "occupationGroups", "edges", 0, "node", "code") != top {
		t.Errorf("by ROLE_COUNT: %v, want %s", get(data, "occupationGroups"), top)
	}
	var majors []string
	for _, e := range get(data, "majors", "edges").([]any) {
		majors = append(majors, get(e, "node", "code").(string))
	}
	if strings.Join(majors, "") != "9876543210" || get(data, "majors", "totalCount") != 10.0 {
		t.Errorf("major groups by code DESC: %v", majors)
	}
	sub, under := 0, 0
	for _, gr := range groups {
		if strings.HasPrefix(gr["code"], "25") {
			sub++
		}
	}
	for code, n := range perGroup {
		if strings.HasPrefix(code, "25") {
			under += n
		}
	}
	if get(data, "sub", "totalCount") != float64(sub) || get(data, "under25", "totalCount") != float64(under) {
		t.Errorf("groups under 25: %v, want %d; roles: %v, want %d", get(data, "sub"), sub, get(data, "under25"), under)
	}

	// Random occupations: their one group is their iscoGroup.
	rng := rand.New(rand.NewSource(17))
	for i := 0; i < 4; i++ {
		o := occupations[rng.Intn(len(occupations))]
		data := a.MustData(t, `query($uri: String!) { roles(where: {uri: {eq: $uri}}) { edges { node { iscoGroup occupationGroups { totalCount edges { node { code level } } } } } } }`,
			map[string]any{"uri": o["conceptUri"]})
		n := get(data, "roles", "edges", 0, "node")
		if get(n, "occupationGroups", "totalCount") != 1.0 || get(n, "occupationGroups", "edges", 0, "node", "code") != o["iscoGroup"] || get(n, "iscoGroup") != o["iscoGroup"] {
			t.Errorf("%s: %v, want the group %s", o["conceptUri"], n, o["iscoGroup"])
		}
	}
}
