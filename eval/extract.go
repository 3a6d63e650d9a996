package eval

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"strings"

	"github.com/skillgraph/skillgraph/domain"
)

// Ad is one labelled job ad: its text and the mentions an expert expects extractSkills to
// find in it, with exact offsets (runes, end exclusive).
type Ad struct {
	ID   string
	Text string
	Want []Label
}

// Label is one expected mention.
type Label struct {
	Start, End int
	Kind       domain.Kind
	NodeID     string
}

func (l Label) String() string { return fmt.Sprintf("%d-%d %s:%s", l.Start, l.End, l.Kind, l.NodeID) }

// markRE: a labelled mention in an ad, [surface](kind:id) with kind s (skill),
// t (technology) or r (role).
var markRE = regexp.MustCompile(`\[([^\]]+)\]\(([str]):([^)]+)\)`)

// adRE starts an ad; what comes before the first is a comment.
var adRE = regexp.MustCompile(`(?m)^=== `)

var markKinds = map[string]domain.Kind{"s": domain.KindSkill, "t": domain.KindTechnology, "r": domain.KindRole}

// ReadAds reads a labelled set: ads separated by lines "=== id", mentions marked up as
// [surface](kind:id); the text of an ad is the markup removed, lines joined by newlines.
func ReadAds(path string) ([]Ad, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var ads []Ad
	for _, block := range adRE.Split(string(b), -1)[1:] {
		id, body, _ := strings.Cut(block, "\n")
		body = strings.TrimSpace(body)
		ad := Ad{ID: strings.TrimSpace(id)}
		var text strings.Builder
		runes, last := 0, 0
		for _, m := range markRE.FindAllStringSubmatchIndex(body, -1) {
			plain := body[last:m[0]]
			text.WriteString(plain)
			runes += len([]rune(plain))
			surface := body[m[2]:m[3]]
			n := len([]rune(surface))
			ad.Want = append(ad.Want, Label{runes, runes + n, markKinds[body[m[4]:m[5]]], body[m[6]:m[7]]})
			text.WriteString(surface)
			runes += n
			last = m[1]
		}
		text.WriteString(body[last:])
		ad.Text = text.String()
		ads = append(ads, ad)
	}
	return ads, nil
}

// ExtractResult is extractSkills against the labelled set: a mention is right when its
// offsets, kind and node are all the expected ones.
type ExtractResult struct {
	Ads, Want, Got, Right int
	Precision, Recall     float64
	Wrong, Missed         []string // a few, to look at
}

// Extract measures ex on ads.
func Extract(ctx context.Context, ex domain.Extractor, ads []Ad) (ExtractResult, error) {
	var r ExtractResult
	for _, ad := range ads {
		got, err := ex.Extract(ctx, ad.Text)
		if err != nil {
			return r, err
		}
		want := map[Label]bool{}
		for _, l := range ad.Want {
			want[l] = true
		}
		seen := map[Label]bool{}
		for _, m := range got {
			l := Label{m.Start, m.End, m.Kind, domain.IDOf(m.Node)}
			seen[l] = true
			if want[l] {
				r.Right++
			} else if len(r.Wrong) < 40 {
				r.Wrong = append(r.Wrong, fmt.Sprintf("%s: %q %s", ad.ID, m.Text, l))
			}
		}
		for _, l := range ad.Want {
			if !seen[l] && len(r.Missed) < 40 {
				r.Missed = append(r.Missed, fmt.Sprintf("%s: %q %s", ad.ID, string([]rune(ad.Text)[l.Start:l.End]), l))
			}
		}
		r.Ads++
		r.Want += len(ad.Want)
		r.Got += len(got)
	}
	if r.Got > 0 {
		r.Precision = float64(r.Right) / float64(r.Got)
	}
	if r.Want > 0 {
		r.Recall = float64(r.Right) / float64(r.Want)
	}
	return r, nil
}
