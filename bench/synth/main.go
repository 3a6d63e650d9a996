// Command synth writes synthetic O*NET, ESCO and crosswalk releases at a scale factor of the
// real ones (package synth), for make bench-scale:
//
//	go run ./bench/synth -scale 3 -out DIR
//
// and prints the import commands that read them.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/skillgraph/skillgraph/synth"
)

func main() {
	var o synth.Options
	flag.Float64Var(&o.Scale, "scale", 3, fmt.Sprintf("size as a factor of the real releases (more than 0, at most %g)", synth.MaxScale))
	flag.Uint64Var(&o.Seed, "seed", 1, "seed of every random choice: one seed, the same files")
	flag.StringVar(&o.Out, "out", "", "folder to write (required)")
	flag.StringVar(&o.ONETDir, "onet", "data/onet-29.2", "the real O*NET release")
	flag.StringVar(&o.SkillsDir, "skills", "data/onet-29.0-skills-knowledge", "the real O*NET Skills and Knowledge")
	flag.StringVar(&o.ESCOPath, "esco", "data/esco-1.1.1", "the real ESCO release")
	flag.StringVar(&o.CrosswalkDir, "crosswalk", "data/crosswalks", "the real crosswalks")
	flag.Parse()
	if o.Out == "" || flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	l, err := synth.Generate(o)
	if err != nil {
		fmt.Fprintln(os.Stderr, "synth:", err)
		os.Exit(1)
	}
	fmt.Printf("skillgraph import onet %q -skills %q\n", l.ONET, l.Skills)
	fmt.Printf("skillgraph import esco %q -onet %q -skills %q -crosswalk %q\n", l.ESCO, l.ONET, l.Skills, l.Crosswalk)
}
