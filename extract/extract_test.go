package extract_test

import (
	"strings"
	"testing"

	"github.com/skillgraph/skillgraph/domain"
	"github.com/skillgraph/skillgraph/extract"
	"github.com/skillgraph/skillgraph/store"
)

func tech(id, name string, aliases ...string) store.DictionaryNode {
	return store.DictionaryNode{Kind: domain.KindTechnology, Node: &domain.Technology{Node: domain.Node{ID: id, Name: name, Source: "seed:x"}}, Names: append([]string{name}, aliases...)}
}

func role(id, source, name string, aliases ...string) store.DictionaryNode {
	return store.DictionaryNode{Kind: domain.KindRole, Node: &domain.Role{Node: domain.Node{ID: id, Name: name, Source: source}}, Names: append([]string{name}, aliases...)}
}

var dict = extract.Build([]store.DictionaryNode{
	tech("csharp", "C#"), tech("cpp", "C++"), tech("c", "C"), tech("nodejs", "Node.js", "Node"),
	tech("dotnet", ".NET", "ASP.NET"), tech("go", "Go", "Golang"), tech("java", "Java"), tech("javascript", "JavaScript"),
	tech("ruby", "Ruby"), tech("rails", "Ruby on Rails", "Rails"), tech("rest", "REST", "RESTful API"), tech("express", "Express.js", "Express"),
	role("dev", "seed:x", "Backend Developer"), role("15-1", "O*NET", "Programmers", "Coder"), role("15-2", "O*NET", "Analysts", "Coder"),
	role("15-3", "O*NET", "Web Developers", "Webmaster"), role("15-4", "O*NET", "Webmasters", "Webmaster"),
})

func found(text string) string {
	var out []string
	for _, m := range dict.Find(text) {
		out = append(out, m.Text+"="+domain.IDOf(m.Node))
	}
	return strings.Join(out, " ")
}

func TestFind(t *testing.T) {
	cases := map[string]string{
		"We use C#, C++ and C daily.":                   "C#=csharp C++=cpp C=c",
		"Node.js and ASP.NET on .NET; node too.":        "Node.js=nodejs ASP.NET=dotnet .NET=dotnet node=nodejs",
		"JavaScript is not Java.":                       "JavaScript=javascript Java=java",
		"Ruby on Rails beats Ruby.":                     "Ruby on Rails=rails Ruby=ruby",
		"We go to the office. Go there. We write Go.":   "Go=go",
		"golang and GOLANG are fine":                    "golang=go GOLANG=go",
		"Gopher, Javanese and Rubyist are not matches.": "",
		"A RESTful API; we rest. REST is good. Express": "RESTful API=rest",
		"We use Express to serve":                       "Express=express",
		"Backend developer wanted, no coder":            "Backend developer=dev",
		"Webmaster":                                     "",
	}
	for text, want := range cases {
		if got := found(text); got != want {
			t.Errorf("%q: got %q, want %q", text, got, want)
		}
	}
}

func TestOffsetsAreRunes(t *testing.T) {
	text := "Équipe: développeur Go et C#."
	ms := dict.Find(text)
	if len(ms) != 2 {
		t.Fatalf("%v", ms)
	}
	runes := []rune(text)
	for _, m := range ms {
		if string(runes[m.Start:m.End]) != m.Text {
			t.Errorf("offsets %d-%d give %q, text %q", m.Start, m.End, string(runes[m.Start:m.End]), m.Text)
		}
	}
	if ms[0].Start != 20 || ms[1].Text != "C#" {
		t.Errorf("%+v", ms)
	}
}
