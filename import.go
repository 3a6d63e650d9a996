package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"syscall"
	"time"

	"github.com/skillgraph/skillgraph/onet"
)

type importFlags struct {
	release   string
	skills    string
	ifNew     bool
	batchSize int
	progress  string
}

func (f *importFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.release, "release", "", `release name written as provenance (default: read from "Read Me.txt", e.g. "O*NET 29.2")`)
	fs.StringVar(&f.skills, "skills", "", `folder of O*NET's Skills.txt and Knowledge.txt when not DIR (make import-onet passes the committed data/onet-29.0-skills-knowledge); without them, no skills or ratings are imported`)
	fs.BoolVar(&f.ifNew, "if-new", false, "do nothing when the graph holds a complete import of the release already (make run uses it)")
	fs.IntVar(&f.batchSize, "batch", 10000, "records per write transaction")
	fs.StringVar(&f.progress, "progress", "auto", "progress display: auto (only on a terminal), on, off")
}

// importCmd: skillgraph import onet DIR. It reads and validates the whole release before it
// writes anything; rows it skips are listed with file, line and reason.
func importCmd(ctx context.Context, cfg *config, f importFlags, args []string, stdout, stderr io.Writer) error {
	if len(args) != 2 || args[0] != "onet" {
		return errors.New("usage: skillgraph import onet DIR [-skills DIR] [-if-new] [-release NAME] [-batch N] [-progress auto|on|off]")
	}
	if f.batchSize < 1 {
		return errors.New("-batch must be at least 1")
	}
	dir := args[1]
	show := f.progress == "on" || (f.progress == "auto" && isTerminal(stderr))
	start := time.Now()
	say := func(format string, a ...any) {
		if show {
			fmt.Fprintf(stderr, "\r\033[K"+format, a...)
		}
	}

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
	if f.ifNew {
		done, err := st.ImportComplete(ctx, d.Release, d.SkillsRelease)
		if err != nil {
			return err
		}
		if done {
			fmt.Fprintf(stdout, "%s is in the graph already: nothing to import\n", d.Release)
			return nil
		}
	}
	for i, w := range d.Warnings {
		if i == 20 {
			fmt.Fprintf(stderr, "warning: ... and %d more skipped rows\n", len(d.Warnings)-20)
			break
		}
		fmt.Fprintf(stderr, "warning: skipped %s\n", w)
	}

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
	if skipped := d.Skipped(); len(skipped) > 0 {
		files := make([]string, 0, len(skipped))
		for f := range skipped {
			files = append(files, f)
		}
		sort.Strings(files)
		for _, f := range files {
			fmt.Fprintf(stdout, "skipped %d of %d rows in %s\n", skipped[f], d.Rows[f], f)
		}
	}
	return nil
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
