package metrics_test

import (
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"chitieu/internal/chitieu"
	"chitieu/internal/metrics"
)

// TestCollectorStaffing: on 2014-07-01 the office has one cadre hired in 2014 without an
// exam and one seat of two vacant since 2014-06-01, when its holder's assignment ended.
func TestCollectorStaffing(t *testing.T) {
	ds := chitieu.NewDataset()
	ds.PutUnit(chitieu.Unit{Code: "tinh", Name: "Tỉnh Đoàn"})
	ds.PutUnit(chitieu.Unit{Code: "ban-a", Name: "Ban A", Parent: "tinh"})
	ds.PutCadre(chitieu.Cadre{ID: 1, FullName: "a", Unit: "ban-a", FullTime: true, JoinedOn: date("2014-02-01")})
	ds.PutCadre(chitieu.Cadre{ID: 2, FullName: "b", Unit: "ban-a", FullTime: true, JoinedOn: date("2013-01-01")})
	ds.PutCadre(chitieu.Cadre{ID: 3, FullName: "c", Unit: "tinh", FullTime: true, JoinedOn: date("2013-01-01")})
	ds.Apply(chitieu.Change{Position: &chitieu.Position{ID: 1, Unit: "ban-a", Title: "Phó Trưởng ban", Seats: 2, CreatedOn: date("2014-01-01")}})
	ds.Apply(chitieu.Change{Position: &chitieu.Position{ID: 2, Unit: "tinh", Title: "Bí thư", Seats: 1, CreatedOn: date("2013-01-01")}})
	ds.Apply(chitieu.Change{Assignment: &chitieu.Assignment{ID: 1, PositionID: 1, CadreID: 2, StartedOn: date("2014-01-01")}})
	ds.Apply(chitieu.Change{Assignment: &chitieu.Assignment{ID: 2, PositionID: 1, CadreID: 1, StartedOn: date("2014-02-01"), EndedOn: date("2014-06-01")}})
	ds.Apply(chitieu.Change{Assignment: &chitieu.Assignment{ID: 3, PositionID: 2, CadreID: 3, StartedOn: date("2013-01-01")}})

	hcm, _ := time.LoadLocation("Asia/Ho_Chi_Minh")
	c := metrics.NewCollector(fixedSnapshot{ds.Snapshot(date("2014-07-01"))}, hcm, metrics.Options{})
	// 2014-06-01 starts at 2014-05-31T17:00:00Z = 1401555600.
	want := `
# HELP chitieu_cadres_recruited_without_exam Active full-time cadres of the unit who joined on or after the recruitment rule's start date, were not recruited in an exempt way and have no passed exam.
# TYPE chitieu_cadres_recruited_without_exam gauge
chitieu_cadres_recruited_without_exam{unit="ban-a"} 1
chitieu_cadres_recruited_without_exam{unit="tinh"} 0
# HELP chitieu_leadership_seats Seats of a leadership title (chức danh lãnh đạo) of the unit today.
# TYPE chitieu_leadership_seats gauge
chitieu_leadership_seats{title="Bí thư",unit="tinh"} 1
chitieu_leadership_seats{title="Phó Trưởng ban",unit="ban-a"} 2
# HELP chitieu_leadership_vacant_seats Seats of the title not held today by an active cadre.
# TYPE chitieu_leadership_vacant_seats gauge
chitieu_leadership_vacant_seats{title="Bí thư",unit="tinh"} 0
chitieu_leadership_vacant_seats{title="Phó Trưởng ban",unit="ban-a"} 1
# HELP chitieu_leadership_vacant_since_timestamp_seconds Start of the day the oldest current vacancy of the title began; absent while none is vacant.
# TYPE chitieu_leadership_vacant_since_timestamp_seconds gauge
chitieu_leadership_vacant_since_timestamp_seconds{title="Phó Trưởng ban",unit="ban-a"} 1.4015556e+09
`
	if err := testutil.CollectAndCompare(c, strings.NewReader(want), "chitieu_cadres_recruited_without_exam",
		"chitieu_leadership_seats", "chitieu_leadership_vacant_seats", "chitieu_leadership_vacant_since_timestamp_seconds"); err != nil {
		t.Error(err)
	}
}
