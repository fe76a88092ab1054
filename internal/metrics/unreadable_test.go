package metrics_test

import (
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"chitieu/internal/chitieu"
	"chitieu/internal/metrics"
)

// Rows left out at load are counted by table, and every table of the closed set is exported, 0
// included, whatever the rows hold (no label comes from the data).
func TestUnreadableCollector(t *testing.T) {
	ds := chitieu.NewDataset()
	ds.NoteUnreadable(chitieu.UnreadableRow{Table: "cadres", ID: "1", Field: "birth_date", Problem: `date: "0000-06-15" is not YYYY-MM-DD`})
	ds.NoteUnreadable(chitieu.UnreadableRow{Table: "cadres", ID: "2", Field: "full_name", Problem: "must not hold the control or invisible character U+0000"})
	ds.NoteUnreadable(chitieu.UnreadableRow{Table: "youth_reports", ID: "7", Field: "youth_population", Problem: "must be at most 100000000"})
	c := metrics.NewUnreadableCollector(fixedSnapshot{ds.Snapshot(date("2016-01-01"))})
	want := `# HELP chitieu_records_unreadable Stored rows left out of the figures because a value cannot be read back (chitieu check lists them); 0 when none.
# TYPE chitieu_records_unreadable gauge
chitieu_records_unreadable{table="assignments"} 0
chitieu_records_unreadable{table="cadres"} 2
chitieu_records_unreadable{table="positions"} 0
chitieu_records_unreadable{table="recruitment_rule"} 0
chitieu_records_unreadable{table="targets"} 0
chitieu_records_unreadable{table="trainings"} 0
chitieu_records_unreadable{table="units"} 0
chitieu_records_unreadable{table="youth_reports"} 1
`
	if err := testutil.CollectAndCompare(c, strings.NewReader(want)); err != nil {
		t.Fatal(err)
	}
}
