package bridge

import (
	"math"
	"testing"
)

func TestStemJoinsTheFormsOfAWord(t *testing.T) {
	for _, forms := range [][]string{
		{"operate", "operates", "operating", "operation", "operator", "operators"},
		{"weld", "welds", "welding", "welder", "welders"},
		{"demolish", "demolishing", "demolished"},
		{"plan", "planning", "planned"},
	} {
		for _, f := range forms[1:] {
			if stem(f) != stem(forms[0]) {
				t.Errorf("stem(%q) = %q, stem(%q) = %q", f, stem(f), forms[0], stem(forms[0]))
			}
		}
	}
	// Words that only look alike stay apart, and short words are kept whole.
	for _, p := range [][2]string{{"process", "proceed"}, {"bus", "bu"}} {
		if stem(p[0]) == stem(p[1]) {
			t.Errorf("%q and %q share the stem %q", p[0], p[1], stem(p[0]))
		}
	}
}

func TestMatchRanksTheOccupationWhoseTasksSayIt(t *testing.T) {
	docs := []Doc{
		{ID: "demolition", Fields: []Field{{"Construction Laborers", 3}, {"Operate jackhammers to break concrete.", 1}, {"Demolish structures.", 1}}},
		{ID: "welding", Fields: []Field{{"Welders", 3}, {"Weld components in flat, vertical, or overhead positions.", 1}}},
		{ID: "office", Fields: []Field{{"Office Clerks", 3}, {"Operate office machines, such as photocopiers.", 1}}},
	}
	ix := NewIndex(docs)
	ls := ix.Match("operate-jackhammer", []Field{{"operate jackhammer", 2}}, 2)
	if len(ls) != 2 || ls[0].To != "demolition" || ls[0].Score != 1 || ls[0].Rank != 1 || ls[1].To != "office" || ls[1].Score >= 1 {
		t.Fatalf("operate jackhammer: %+v", ls)
	}
	// The word pair "operate jackhammer" and the rarer word make the first far ahead.
	if ls[1].Score > 0.5 {
		t.Errorf("the office clerks score %v of the best", ls[1].Score)
	}
	if ls := ix.Match("x", []Field{{"knit sweaters", 1}}, 5); len(ls) != 0 {
		t.Errorf("a query sharing no word matched %+v", ls)
	}
	// Shares: squared scores over their sum, so a skill's links sum to 1.
	var sum float64
	for _, l := range shares(ix.Match("weld", []Field{{"weld metal; operate welding equipment", 1}}, 3)) {
		sum += l.Score
	}
	if math.Abs(sum-1) > 1e-12 {
		t.Errorf("shares sum to %v", sum)
	}
}

func TestBoundedMatchScoresItsCandidatesInFull(t *testing.T) {
	docs := []Doc{
		{ID: "a", Fields: []Field{{"operate cranes operate cranes", 1}}},
		{ID: "b", Fields: []Field{{"operate forklifts", 1}}},
		{ID: "c", Fields: []Field{{"operate", 1}}},
		{ID: "d", Fields: []Field{{"knit", 1}}},
	}
	all, bounded := NewIndex(docs), NewIndex(docs)
	all.Limit, bounded.Limit = 0, 1
	q := []Field{{"operate forklifts", 1}}
	want, got := all.Match("q", q, 3), bounded.Match("q", q, 3)
	// "operate" is read only where it weighs most (c, the shortest text), yet b, reached by
	// "forklifts", gets what "operate" gives it too: its score is the exhaustive one.
	if len(got) != 2 || got[0].To != "b" || got[1].To != "c" || math.Abs(got[1].Score-want[1].Score) > 1e-12 {
		t.Errorf("bounded %+v, exhaustive %+v", got, want)
	}
	// a, which only "operate" reaches and not among its postings read, is left out.
	if len(want) != 3 || want[2].To != "a" {
		t.Errorf("exhaustive %+v", want)
	}
}
