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
		"Webmaster":                                     "Webmaster=15-4",
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

// Short forms, soft skills in lower case, titles shared by occupations, one-word titles.
func TestFindShortFormsAndTitles(t *testing.T) {
	skill := func(id, name string, aliases ...string) store.DictionaryNode {
		return store.DictionaryNode{Kind: domain.KindSkill, Node: &domain.Skill{Node: domain.Node{ID: id, Name: name, Source: "seed:x"}}, Names: append([]string{name}, aliases...)}
	}
	onet := func(id, name string) store.DictionaryNode {
		return store.DictionaryNode{Kind: domain.KindTechnology, Node: &domain.Technology{Node: domain.Node{ID: id, Name: name, Source: "O*NET"}}, Names: []string{name}}
	}
	d := extract.Build([]store.DictionaryNode{
		onet("apache-kafka", "Apache Kafka"), onet("ibm-terraform", "IBM Terraform"), onet("jenkins-ci", "Jenkins CI"),
		onet("oracle-database", "Oracle Database"), onet("atlassian-jira", "Atlassian JIRA"), onet("kafka-x", "Kafka"),
		onet("microsoft-ad", "Microsoft Active Directory"), onet("ad-software", "Active Directory software"),
		skill("communication", "Communication", "Communication skills"), skill("caching", "Caching strategies", "Caching"),
		role("senior", "seed:x", "Senior Backend Developer"), role("backend", "seed:x", "Backend Developer"), role("ux", "seed:x", "UX Designer"),
		role("29-1141.00", "O*NET", "Registered Nurses", "Staff Nurse"), role("29-1141.01", "O*NET", "Acute Care Nurses", "Registered Nurse", "Staff Nurse"),
		role("41-9012.00", "O*NET", "Models", "Model"), role("47-2111.00", "O*NET", "Electricians"),
	})
	cases := map[string]string{
		// a real name (Kafka) beats the short form of Apache Kafka; Terraform and Jenkins are short forms
		"Kafka, Terraform and Jenkins; JIRA.": "Kafka=kafka-x Terraform=ibm-terraform Jenkins=jenkins-ci JIRA=atlassian-jira",
		// one-word short forms: capitalised, not at a sentence start unless distinctive
		"We model the database. Database work. Terraform it.": "",
		"JIRA tickets":                                                "JIRA=atlassian-jira",
		"Active Directory and Oracle Database":                        "Active Directory=microsoft-ad Oracle Database=oracle-database",
		"good communication and caching":                              "communication=communication caching=caching",
		"Senior Backend Engineer, or Backend Engineers; UX designers": "Senior Backend Engineer=senior Backend Engineers=backend UX designers=ux",
		"Registered Nurse or Staff Nurse":                             "Registered Nurse=29-1141.00 Staff Nurse=29-1141.00",
		"data models. Models wanted. Electrician needed":              "Models=41-9012.00 Electrician=47-2111.00",
	}
	for text, want := range cases {
		var out []string
		for _, m := range d.Find(text) {
			out = append(out, m.Text+"="+domain.IDOf(m.Node))
		}
		if got := strings.Join(out, " "); got != want {
			t.Errorf("%q: got %q, want %q", text, got, want)
		}
	}
}
