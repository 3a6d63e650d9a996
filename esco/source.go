package esco

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/skillgraph/skillgraph/internal/input"
)

// A release's CSV files are found by name wherever they are: in the zips of a folder, in a
// zip given itself, or unpacked in a folder (at any depth). Names are compared without case,
// language suffix and extension, so "occupationSkillRelations.csv" (1.1.1) and
// "occupationSkillRelations_en.csv" (later releases) are the same file.

type entry struct {
	name string // as reported in warnings: the file's own name
	open func() (io.ReadCloser, error)
}

type source struct {
	files   map[string]entry // key(name) -> entry
	closers []io.Closer
	release string // the version a zip or folder name gives, "" if none
}

var (
	langSuffixRE = regexp.MustCompile(`_[a-z]{2}$`)
	versionRE    = regexp.MustCompile(`(?i)(?:^|[^a-z0-9])(?:esco[ _-]*)?v(\d+(?:\.\d+)+)|esco[ _-]+(\d+(?:\.\d+)+)`)
)

func key(name string) string {
	base := strings.ToLower(filepath.Base(name))
	base = strings.TrimSuffix(base, ".csv")
	return langSuffixRE.ReplaceAllString(base, "")
}

func versionIn(name string) string {
	if m := versionRE.FindStringSubmatch(name); m != nil {
		return m[1] + m[2]
	}
	return ""
}

func openSource(path string) (*source, error) {
	s := &source{files: map[string]entry{}}
	fi, err := os.Stat(path)
	if err != nil {
		return nil, &InputError{File: path, Reason: "cannot read: " + err.Error()}
	}
	if !fi.IsDir() {
		if err := s.addZip(path); err != nil {
			s.close()
			return nil, err
		}
		return s, nil
	}
	s.release = versionIn(filepath.Base(filepath.Clean(path)))
	err = filepath.WalkDir(path, func(p string, de fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		switch name := strings.ToLower(de.Name()); {
		case de.IsDir():
		case strings.HasSuffix(name, ".zip"):
			return s.addZip(p)
		case strings.HasSuffix(name, ".csv"):
			return s.add(de.Name(), func() (io.ReadCloser, error) { return os.Open(p) })
		}
		return nil
	})
	if err != nil {
		s.close()
		var ie *InputError
		if errors.As(err, &ie) {
			return nil, err
		}
		return nil, &InputError{File: path, Reason: "cannot read: " + err.Error()}
	}
	return s, nil
}

func (s *source) addZip(path string) error {
	z, err := zip.OpenReader(path)
	if err != nil {
		return &InputError{File: filepath.Base(path), Reason: "not a readable zip: " + err.Error()}
	}
	s.closers = append(s.closers, z)
	if v := versionIn(filepath.Base(path)); v != "" && s.release == "" {
		s.release = v
	}
	for _, f := range z.File {
		if f.FileInfo().IsDir() || !strings.HasSuffix(strings.ToLower(f.Name), ".csv") {
			continue
		}
		if err := s.add(filepath.Base(f.Name), f.Open); err != nil {
			return err
		}
	}
	return nil
}

func (s *source) add(name string, open func() (io.ReadCloser, error)) error {
	k := key(name)
	if other, dup := s.files[k]; dup {
		return &InputError{File: name, Reason: fmt.Sprintf("found twice (also as %s): give one release", other.name)}
	}
	s.files[k] = entry{name: name, open: open}
	return nil
}

func (s *source) close() {
	for _, c := range s.closers {
		c.Close()
	}
}

// each calls fn for every well-formed row of the file named by k, requiring the columns
// cols; rows that cannot be parsed or have the wrong number of fields are skipped with a
// warning. A missing file aborts unless optional, in which case fn is never called.
func (d *Dataset) each(s *source, k string, optional bool, cols []string, fn func(t *input.Row)) error {
	e, ok := s.files[key(k)]
	if !ok {
		if optional {
			return nil
		}
		return &InputError{File: k, Reason: "not found in the release"}
	}
	rc, err := e.open()
	if err != nil {
		return &InputError{File: e.name, Reason: "cannot read: " + err.Error()}
	}
	defer rc.Close()
	return input.ReadCSV(rc, e.name, cols, func(r *input.Row) {
		d.Rows[e.name]++
		fn(r)
	}, func(line int, reason string) {
		d.Rows[e.name]++
		d.warn(e.name, line, "%s", reason)
	})
}

// RawFiles is a release's CSV files as they are, found as Read finds them: for tools that
// rewrite a release (the synthetic data generator, package synth) rather than read it.
type RawFiles struct{ s *source }

// OpenRaw opens the release at path (a folder of zips or of CSV files, or one zip).
func OpenRaw(path string) (*RawFiles, error) {
	s, err := openSource(path)
	if err != nil {
		return nil, err
	}
	return &RawFiles{s: s}, nil
}

// Open opens the file named name (without language suffix and extension, e.g. "skills");
// file is its own name ("skills_en.csv"). A file the release lacks gives fs.ErrNotExist.
func (r *RawFiles) Open(name string) (rc io.ReadCloser, file string, err error) {
	e, ok := r.s.files[key(name)]
	if !ok {
		return nil, "", fmt.Errorf("%s: %w", name, fs.ErrNotExist)
	}
	rc, err = e.open()
	return rc, e.name, err
}

// Close releases the zips.
func (r *RawFiles) Close() { r.s.close() }
