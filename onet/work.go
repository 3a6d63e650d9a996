package onet

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// What the occupations do: their task statements. The ESCO import reads them to link ESCO
// skills to the O*NET occupations whose work they describe (package bridge); the O*NET
// import does not. (The detailed work activities O*NET links the tasks to were tried too
// and did not help: eval/RESULTS.md.)
const (
	TaskFile  = "Task Statements.txt"
	colTaskID = "Task ID"
	colTask   = "Task"
)

// ReadTasks reads the task statements of the occupations of d from the release in dir, by
// O*NET-SOC code, in file order. A release without the file gives none (nil, nil); a row
// naming an occupation the release lacks is skipped with a warning in d.
func (d *Dataset) ReadTasks(dir string) (map[string][]string, error) {
	if _, err := os.Stat(filepath.Join(dir, TaskFile)); errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	occ := make(map[string]*Occupation, len(d.Occupations))
	for i := range d.Occupations {
		occ[d.Occupations[i].Code] = &d.Occupations[i]
	}
	t, err := d.readTable(dir, TaskFile, colCode, colTaskID, colTask)
	if err != nil {
		return nil, err
	}
	out := map[string][]string{}
	for _, r := range t.rows {
		if c, ok := d.code(t, r, colCode, occ); ok {
			if task := t.get(r, colTask); task != "" {
				out[c] = append(out[c], task)
			}
		}
	}
	return out, nil
}
