package chitieu

import "context"

// ImportKind is what a spreadsheet import brings in.
type ImportKind string

// Import kinds; they are also the last part of the import and export URLs.
const (
	ImportCadres       ImportKind = "cadres"
	ImportTrainings    ImportKind = "trainings"
	ImportYouthReports ImportKind = "youth-reports"
)

// ImportKinds lists the kinds in the order they are shown.
var ImportKinds = []ImportKind{ImportCadres, ImportTrainings, ImportYouthReports}

// Valid tells whether k is a known kind.
func (k ImportKind) Valid() bool {
	return k == ImportCadres || k == ImportTrainings || k == ImportYouthReports
}

// Message is a text for the user in each language the service speaks: Vietnamese first.
type Message struct {
	VI string `json:"vi"`
	EN string `json:"en"`
}

// In returns the message in lang ("en" or anything else for Vietnamese).
func (m Message) In(lang string) string {
	if lang == "en" && m.EN != "" {
		return m.EN
	}
	if m.VI == "" {
		return m.EN
	}
	return m.VI
}

// Problem is what is wrong with a cell or a row of an imported file. Row is the row number as
// the spreadsheet shows it (1 is the header row); Column is the header as written in the file,
// empty for the row as a whole.
type Problem struct {
	Row     int
	Column  string
	Message Message
}

// HeldLevel is a qualification a cadre row says the cadre holds: a level and when it was
// obtained (zero: the cadre held it when it joined).
type HeldLevel struct {
	Level Level
	On    Date
}

// CadreRow is one row of a cadre import. Cadre.ID is set when the file names the cadre's id.
type CadreRow struct {
	Row             int
	Cadre           Cadre
	PoliticalTheory HeldLevel
	Education       HeldLevel
	MovedOn         Date // a move of an existing cadre from that day: see MoveOf
}

// CadreRef names a cadre in a file: by id, or by name, unit and birth date.
type CadreRef struct {
	ID        int64
	FullName  string
	Unit      string
	BirthDate Date
}

// TrainingRow is one row of a training record import. Training.ID is set when the file names
// the record's id; Training.CadreID is resolved from Cadre by the store.
type TrainingRow struct {
	Row      int
	Cadre    CadreRef
	Training Training
}

// YouthReportRow is one row of a youth report import.
type YouthReportRow struct {
	Row    int
	Report YouthReport
}

// ImportBatch is a file read into records, before the store matches them with its own. Columns
// maps a record field to its header as written in the file, for the store's problems to name.
// Problems are those found reading the file; rows with a problem are left out of the records.
//
// A batch holds its rows in the slices, or, when Stream is set, yields them as they are read
// (Rows, the slices and Problems are then empty, and Columns is set before the first row), so
// that reading a large file and writing its records go on at once.
type ImportBatch struct {
	Kind         ImportKind
	File         string
	Rows         int // data rows read (empty rows excluded)
	Columns      map[string]string
	Cadres       []CadreRow
	Trainings    []TrainingRow
	YouthReports []YouthReportRow
	Problems     []Problem
	Digest       string // the file's SHA-256 in hex, for the import's audit row; "" when unknown

	// Stream yields each row until yield returns false; its error is the file's (one that
	// cannot be read past some row, say).
	Stream func(yield func(ImportItem) bool) error
}

// ImportItem is one data row: its record, or the problems that kept it from being read.
type ImportItem struct {
	Row         int
	Cadre       *CadreRow
	Training    *TrainingRow
	YouthReport *YouthReportRow
	Problems    []Problem
}

// Each yields the batch's records in the order of their rows, from the stream or the slices
// (whose problems are in Problems, not yielded).
func (b *ImportBatch) Each(yield func(ImportItem) bool) error {
	if b.Stream != nil {
		return b.Stream(yield)
	}
	for i := range b.Cadres {
		if !yield(ImportItem{Row: b.Cadres[i].Row, Cadre: &b.Cadres[i]}) {
			return nil
		}
	}
	for i := range b.Trainings {
		if !yield(ImportItem{Row: b.Trainings[i].Row, Training: &b.Trainings[i]}) {
			return nil
		}
	}
	for i := range b.YouthReports {
		if !yield(ImportItem{Row: b.YouthReports[i].Row, YouthReport: &b.YouthReports[i]}) {
			return nil
		}
	}
	return nil
}

// Row actions of an import.
const (
	RowCreate    = "create"
	RowUpdate    = "update"
	RowUnchanged = "unchanged"
	RowError     = "error"
)

// RowResult is what an import does, or would do, with one row: the action and the record's id.
type RowResult struct {
	Row    int
	Action string
	ID     int64
	Name   string // whom or what the row is about: the cadre's name, the report's unit
}

// ImportResult is the outcome of an import or of its dry run. Applied is true only when every
// row was good and the changes were committed; with any problem nothing is written.
type ImportResult struct {
	Kind      ImportKind
	File      string
	Rows      int
	Created   int
	Updated   int
	Unchanged int
	Applied   bool
	Results   []RowResult
	Problems  []Problem
}

// ImportService applies an import batch: all of it in one transaction, or nothing. With apply
// false it works out the same result and writes nothing.
type ImportService interface {
	Import(ctx context.Context, batch *ImportBatch, apply bool) (*ImportResult, error)
}
