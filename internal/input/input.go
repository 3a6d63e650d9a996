// Package input is what the dataset readers (onet, esco, crosswalk) share: how a skipped row
// and an aborting problem are reported, and a streaming CSV reader addressing columns by
// header name.
package input

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Warning is a skipped row.
type Warning struct {
	File   string
	Line   int
	Reason string
}

func (w Warning) String() string { return fmt.Sprintf("%s:%d: %s", w.File, w.Line, w.Reason) }

// Warnf makes a Warning.
func Warnf(file string, line int, format string, args ...any) Warning {
	return Warning{File: file, Line: line, Reason: fmt.Sprintf(format, args...)}
}

// Skipped counts the warnings per file.
func Skipped(ws []Warning) map[string]int {
	out := map[string]int{}
	for _, w := range ws {
		out[w.File]++
	}
	return out
}

// Error aborts a read: the input is not a release of the expected format.
type Error struct {
	File   string
	Line   int // 0 when not about a line
	Reason string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Reason)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Reason)
}

// Row is one CSV record, its columns addressed by header name. It is valid only during the
// call it is passed to.
type Row struct {
	File string
	Line int // where the record starts (a quoted cell may span lines)
	col  map[string]int
	rec  []string
}

// Get is a column's value, trimmed of surrounding space.
func (r *Row) Get(col string) string { return strings.TrimSpace(r.rec[r.col[col]]) }

// Raw is a column's value as it is.
func (r *Row) Raw(col string) string { return r.rec[r.col[col]] }

// ReadCSV streams the CSV file named file from rd: a header line naming at least cols, then
// records. fn gets each record with as many fields as the header; bad gets each one that is
// not valid CSV or has another number of fields, with its line and the reason. A missing
// header or column, or a failing read, is an *Error.
func ReadCSV(rd io.Reader, file string, cols []string, fn func(*Row), bad func(line int, reason string)) error {
	br := bufio.NewReaderSize(rd, 1<<16)
	if bom, _ := br.Peek(3); bytes.Equal(bom, []byte("\xef\xbb\xbf")) {
		br.Discard(3)
	}
	r := csv.NewReader(br)
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	header, err := r.Read()
	if err != nil {
		return &Error{File: file, Line: 1, Reason: "no header: " + err.Error()}
	}
	row := &Row{File: file, col: map[string]int{}}
	for i, h := range header {
		row.col[strings.TrimSpace(h)] = i
	}
	for _, c := range cols {
		if _, ok := row.col[c]; !ok {
			return &Error{File: file, Line: 1, Reason: fmt.Sprintf("missing column %q (header: %s)", c, strings.Join(header, ", "))}
		}
	}
	width := len(header)
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return nil
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			bad(pe.StartLine, "not valid CSV: "+pe.Err.Error())
			continue
		}
		if err != nil {
			return &Error{File: file, Reason: "cannot read: " + err.Error()}
		}
		line, _ := r.FieldPos(0)
		if len(rec) != width {
			bad(line, fmt.Sprintf("has %d fields, the header has %d", len(rec), width))
			continue
		}
		row.Line, row.rec = line, rec
		fn(row)
	}
}
