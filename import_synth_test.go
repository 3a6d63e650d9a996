package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/skillgraph/skillgraph/esco"
	"github.com/skillgraph/skillgraph/internal/neo4jtest"
	"github.com/skillgraph/skillgraph/onet"
	"github.com/skillgraph/skillgraph/synth"
)

// TestImportSynthetic: the importer takes the synthetic releases make bench-scale measures.
// To stay small, the copies are made of a sample: a 5 % sample of the real releases, then
// that sample three times over (its own rows and two copies), imported after the seed with
// the commands bench-scale runs; the graph has what the readers read, its copies included.
func TestImportSynthetic(t *testing.T) {
	sample, err := synth.Generate(synth.Options{Scale: 0.05, Seed: 1, ONETDir: defaultONET, SkillsDir: defaultONETSkills,
		ESCOPath: defaultESCO, CrosswalkDir: defaultCrosswalks, Out: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	l, err := synth.Generate(synth.Options{Scale: 3, Seed: 1, ONETDir: sample.ONET, SkillsDir: sample.Skills,
		ESCOPath: sample.ESCO, CrosswalkDir: sample.Crosswalk, Out: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	od, err := onet.ReadWith(l.ONET, onet.Options{SkillsDir: l.Skills})
	if err != nil {
		t.Fatal(err)
	}
	sd, err := onet.ReadWith(sample.ONET, onet.Options{SkillsDir: sample.Skills})
	if err != nil {
		t.Fatal(err)
	}
	if len(od.Occupations) != 3*len(sd.Occupations) {
		t.Fatalf("%d occupations, want 3 x %d", len(od.Occupations), len(sd.Occupations))
	}

	neo4jtest.MustSeed(t)
	var out bytes.Buffer
	ctx := context.Background()
	if err := run(ctx, []string{"import", "onet", l.ONET, "-skills", l.Skills, "-progress", "off"}, testEnv(t), &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if err := run(ctx, []string{"import", "esco", l.ESCO, "-onet", l.ONET, "-skills", l.Skills, "-crosswalk", l.Crosswalk, "-progress", "off"}, testEnv(t), &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	if want := fmt.Sprintf("imported O*NET 29.2 from %s", l.ONET); !strings.Contains(text, want) || !strings.Contains(text, fmt.Sprintf(": %d occupations,", len(od.Occupations))) {
		t.Errorf("O*NET summary: want %q and %d occupations:\n%s", want, len(od.Occupations), text)
	}
	o, _, _, _, err := escoOptions(l.ONET, l.Skills)
	if err != nil {
		t.Fatal(err)
	}
	ed, err := esco.Read(l.ESCO, o)
	if err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("imported ESCO 1.1.1 from %s", l.ESCO); !strings.Contains(text, want) || !strings.Contains(text, fmt.Sprintf(": %d occupations,", len(ed.Occupations))) {
		t.Errorf("ESCO summary: want %q and %d occupations:\n%s", want, len(ed.Occupations), text)
	}
	neo4jtest.MustRelEndsMatchKinds(t)
	// The copies are in the graph, tied to it: a copied O*NET occupation (major group 12 and
	// up, even) with technologies and ratings, an ESCO copy matched to an O*NET occupation.
	r := neo4jtest.MustQuery(t, `MATCH (r:Role) WHERE r.name ENDS WITH ' (Maritime)' AND r.id =~ '\d[02468]-.*'
		RETURN count(r) AS roles, sum(COUNT { (r)-[:USES]->() }) AS uses, sum(COUNT { (r)-[:REQUIRES]->() }) AS ratings`, nil)[0]
	if r["roles"] != int64(len(sd.Occupations)) || r["uses"].(int64) == 0 || r["ratings"].(int64) == 0 {
		t.Errorf("first copies of the O*NET occupations: %v, want %d roles with uses and ratings", r, len(sd.Occupations))
	}
	m := neo4jtest.MustQuery(t, `MATCH (e:Role)-[:MATCHES]->(o:Role) WHERE e.name ENDS WITH ' (maritime)' RETURN count(*) AS n`, nil)[0]
	if m["n"].(int64) == 0 {
		t.Error("no ESCO copy matches an O*NET occupation")
	}
}
