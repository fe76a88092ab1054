package spreadsheet

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strconv"

	"chitieu/internal/chitieu"
	"chitieu/internal/i18n"
)

// Read reads a file of a kind into an import batch, parsing each row as it is read, so that
// the cells of a large file are never all held at once.
func Read(kind chitieu.ImportKind, name string, data []byte, lim Limits) (*chitieu.ImportBatch, error) {
	if !kind.Valid() {
		return nil, chitieu.Invalid("kind", chitieu.RuleSheetKind)
	}
	var b *chitieu.ImportBatch
	var m *mapping
	h := headerFinder{kind: kind}
	err := readRows(name, data, lim, func(num int, cells []string) error {
		if m == nil {
			var err error
			if m, err = h.try(cells); err != nil || m == nil {
				return err
			}
			b = &chitieu.ImportBatch{Kind: kind, File: name, Columns: m.header}
			return nil
		}
		parseRow(b, m, Row{Num: num, Cells: cells})
		return nil
	})
	if err == nil && m == nil {
		err = h.firstErr
	}
	if err != nil {
		return nil, err
	}
	return b, nil
}

// Open returns a batch that streams the file's records (see chitieu.ImportBatch): a goroutine
// reads and parses the sheet and hands its records over in chunks. Nothing is read until the batch
// is imported (the store reads it whole before its write transaction); a file that cannot be
// read is the import's error (a *FileError).
func Open(kind chitieu.ImportKind, name string, data []byte, lim Limits) *chitieu.ImportBatch {
	sum := sha256.Sum256(data)
	b := &chitieu.ImportBatch{Kind: kind, File: name, Digest: hex.EncodeToString(sum[:])}
	b.Stream = func(yield func(chitieu.ImportItem) bool) error {
		if !kind.Valid() {
			return chitieu.Invalid("kind", chitieu.RuleSheetKind)
		}
		const chunkSize = 256 // rows handed over at a time, to keep the channel's cost low
		chunks := make(chan []chitieu.ImportItem, 8)
		stop := make(chan struct{})
		errc := make(chan error, 1)
		go func() {
			defer close(chunks)
			var m *mapping
			h := headerFinder{kind: kind}
			chunk := make([]chitieu.ImportItem, 0, chunkSize)
			send := func() error {
				select {
				case chunks <- chunk:
					chunk = make([]chitieu.ImportItem, 0, chunkSize)
					return nil
				case <-stop:
					return errStopped
				}
			}
			err := readRows(name, data, lim, func(num int, cells []string) error {
				if m == nil {
					var err error
					if m, err = h.try(cells); err != nil || m == nil {
						return err
					}
					b.Columns = m.header // read by the consumer after the first chunk
					return nil
				}
				if chunk = append(chunk, parseItem(kind, m, Row{Num: num, Cells: cells})); len(chunk) == chunkSize {
					return send()
				}
				return nil
			})
			if err == nil && m == nil {
				err = h.firstErr
			}
			if err == nil && len(chunk) > 0 {
				err = send()
			}
			errc <- err
		}()
		defer func() {
			close(stop)
			for range chunks { // let the reader end
			}
		}()
		for chunk := range chunks {
			for _, it := range chunk {
				if !yield(it) {
					return nil
				}
			}
		}
		if err := <-errc; err != errStopped {
			return err
		}
		return nil
	}
	return b
}

var errStopped = errors.New("spreadsheet: stopped")

// Parse turns a table into records of the kind. A file whose header does not fit the kind is
// an error; a cell that cannot be read is a problem of its row, and the row is left out.
// Units stay as written (a code or a name): the store resolves them.
func Parse(kind chitieu.ImportKind, name string, t *Table) (*chitieu.ImportBatch, error) {
	if !kind.Valid() {
		return nil, chitieu.Invalid("kind", chitieu.RuleSheetKind)
	}
	m, err := mapHeader(kind, t.Header)
	if err != nil {
		return nil, err
	}
	b := &chitieu.ImportBatch{Kind: kind, File: name, Columns: m.header}
	for _, row := range t.Rows {
		parseRow(b, m, row)
	}
	return b, nil
}

// parseRow reads one data row into the batch: a record, or the row's problems.
func parseRow(b *chitieu.ImportBatch, m *mapping, row Row) {
	b.Rows++
	it := parseItem(b.Kind, m, row)
	switch {
	case len(it.Problems) > 0:
		b.Problems = append(b.Problems, it.Problems...)
	case it.Cadre != nil:
		b.Cadres = append(b.Cadres, *it.Cadre)
	case it.Training != nil:
		b.Trainings = append(b.Trainings, *it.Training)
	case it.YouthReport != nil:
		b.YouthReports = append(b.YouthReports, *it.YouthReport)
	}
}

// parseItem reads one data row: its record, or its problems.
func parseItem(kind chitieu.ImportKind, m *mapping, row Row) chitieu.ImportItem {
	p := rowParser{m: m, row: row}
	it := chitieu.ImportItem{Row: row.Num}
	switch kind {
	case chitieu.ImportCadres:
		r := p.cadre()
		it.Cadre = &r
	case chitieu.ImportTrainings:
		r := p.training()
		it.Training = &r
	case chitieu.ImportYouthReports:
		r := p.youthReport()
		it.YouthReport = &r
	}
	if len(p.problems) > 0 {
		return chitieu.ImportItem{Row: row.Num, Problems: p.problems}
	}
	return it
}

// rowParser reads the cells of one row, collecting a problem for each that cannot be read.
type rowParser struct {
	m        *mapping
	row      Row
	problems []chitieu.Problem
}

func (p *rowParser) text(field string) string {
	i, ok := p.m.at[field]
	if !ok {
		return ""
	}
	return chitieu.CleanText(unformula(p.row.Cell(i)))
}

// fail records that the cell of field broke rule, worded by the catalogue as the domain's
// refusals are.
func (p *rowParser) fail(field string, rule chitieu.Rule, args ...any) {
	p.check(chitieu.Invalid(field, rule, args...))
}

func (p *rowParser) id(field string) int64 {
	s := p.text(field)
	if s == "" {
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		if f, ok := ParseCount(s); ok && f > 0 {
			return f
		}
		p.fail(field, chitieu.RuleCellID, s)
		return 0
	}
	return n
}

func (p *rowParser) date(field string) chitieu.Date {
	s := p.text(field)
	d, ok := ParseDate(s)
	if !ok {
		p.fail(field, chitieu.RuleCellDate, s)
	}
	return d
}

func (p *rowParser) count(field string) int64 {
	s := p.text(field)
	if s == "" {
		p.fail(field, chitieu.RuleRequired)
		return 0
	}
	n, ok := ParseCount(s)
	if !ok {
		p.fail(field, chitieu.RuleCellCount, s)
	}
	return n
}

func (p *rowParser) level(field string, kind chitieu.TrainingKind) chitieu.Level {
	s := p.text(field)
	l, ok := ParseLevel(kind, s)
	if !ok {
		p.fail(field, chitieu.RuleCellLevel, s, levelLabelList(kind))
	}
	return l
}

func (p *rowParser) held(levelField, onField string, kind chitieu.TrainingKind) chitieu.HeldLevel {
	h := chitieu.HeldLevel{Level: p.level(levelField, kind)}
	s := p.text(onField)
	on, ok := ParseYearOrDate(s)
	switch {
	case !ok:
		p.fail(onField, chitieu.RuleCellYearOrDate, s)
	case on != 0 && h.Level == chitieu.LevelNone:
		p.fail(levelField, chitieu.RuleLevelWithYear)
	}
	h.On = on
	return h
}

func (p *rowParser) cadre() chitieu.CadreRow {
	r := chitieu.CadreRow{Row: p.row.Num}
	c := &r.Cadre
	c.ID = p.id("id")
	c.FullName = p.text("full_name")
	c.Unit = p.text("unit")
	c.Position = p.text("position")
	if s := p.text("full_time"); true {
		v, ok := ParseBool(s, true)
		if !ok {
			p.fail("full_time", chitieu.RuleCellYesNo, s)
		}
		c.FullTime = v
	}
	c.JoinedOn = p.date("joined_on")
	c.LeftOn = p.date("left_on")
	c.BirthDate = p.date("birth_date")
	if s := p.text("gender"); true {
		g, ok := ParseGender(s)
		if !ok {
			p.fail("gender", chitieu.RuleCellGender, s)
		}
		c.Gender = g
	}
	r.PoliticalTheory = p.held("political_theory_level", "political_theory_on", chitieu.PoliticalTheory)
	r.Education = p.held("education_level", "education_on", chitieu.Education)
	if s := p.text("recruitment"); s != "" {
		k, ok := recruitmentIndex[valueKey(s)]
		if !ok {
			p.fail("recruitment", chitieu.RuleCellRecruitment, s, recruitmentChoices())
		}
		c.Recruitment = k
	}
	c.ExamOn = p.date("exam_on")
	r.MovedOn = p.date("moved_on")
	if s := p.text("exam_result"); s != "" {
		e, ok := examIndex[valueKey(s)]
		if !ok {
			p.fail("exam_result", chitieu.RuleCellExamResult, s)
		}
		c.ExamResult = e
	}
	if len(p.problems) == 0 {
		p.check(c.Validate())
	}
	return r
}

func (p *rowParser) training() chitieu.TrainingRow {
	r := chitieu.TrainingRow{Row: p.row.Num}
	r.Cadre = chitieu.CadreRef{ID: p.id("cadre_id"), FullName: p.text("full_name"), Unit: p.text("unit"), BirthDate: p.date("birth_date")}
	if r.Cadre.ID == 0 && (r.Cadre.FullName == "" || r.Cadre.Unit == "") && len(p.problems) == 0 {
		p.fail("cadre_id", chitieu.RuleCadreIdentified)
	}
	t := &r.Training
	t.ID = p.id("id")
	s := p.text("kind")
	kind, ok := kindIndex[valueKey(s)]
	if !ok {
		p.fail("kind", chitieu.RuleCellTrainingKind, s)
	}
	t.Kind = kind
	if kind.HasLevels() {
		t.Level = p.level("level", kind)
	} else if ok && p.text("level") != "" {
		p.fail("level", chitieu.RuleEmptyForKind, chitieu.Term(chitieu.Professional))
	}
	t.Course = p.text("course")
	t.Provider = p.text("provider")
	s = p.text("status")
	st, ok := statusIndex[valueKey(s)]
	if !ok {
		p.fail("status", chitieu.RuleCellTrainingStatus, s)
	}
	t.Status = st
	t.StartedOn = p.date("started_on")
	t.ExpectedOn = p.date("expected_on")
	t.CompletedOn = p.date("completed_on")
	if len(p.problems) == 0 {
		v := *t
		v.CadreID = 1 // resolved by the store; the rest of the record is checked here
		p.check(v.Validate())
	}
	return r
}

func (p *rowParser) youthReport() chitieu.YouthReportRow {
	r := chitieu.YouthReportRow{Row: p.row.Num}
	y := &r.Report
	y.Unit = p.text("unit")
	y.ReportedOn = p.date("reported_on")
	y.YouthPopulation = p.count("youth_population")
	y.UnionMembers = p.count("union_members")
	y.AssociationMembers = p.count("association_members")
	y.Gathered = p.count("gathered")
	if len(p.problems) == 0 {
		p.check(y.Validate())
	}
	return r
}

// check turns a broken rule of the domain into a problem of the column of its field.
func (p *rowParser) check(err error) {
	if err == nil {
		return
	}
	field, msg := i18n.Problem(err)
	p.problems = append(p.problems, chitieu.Problem{Row: p.row.Num, Column: p.m.header[field], Message: msg})
}
