package metrics_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/prometheus/common/expfmt"

	"chitieu/internal/chitieu"
	"chitieu/internal/metrics"
)

// blocksPlan has enough units and cadres for families of several blocks, units named with
// quotes, backslashes, new lines and Vietnamese, and targets of every kind.
func blocksPlan(rng *rand.Rand) (*chitieu.Dataset, []string) {
	ds := chitieu.NewDataset()
	ds.PutUnit(chitieu.Unit{Code: "tinh", Name: "Tỉnh Đoàn"})
	codes := []string{"tinh"}
	names := []string{`Ban "Tuyên giáo"`, `Đoàn phường C:\Rạch Giá`, "Chi đoàn\nthôn 3", "Xã Vĩnh Hòa Hiệp"}
	for i := range 300 {
		code := fmt.Sprintf("don-vi-%03d", i)
		ds.PutUnit(chitieu.Unit{Code: code, Name: names[i%len(names)] + fmt.Sprint(i), Parent: codes[rng.IntN(len(codes))]})
		codes = append(codes, code)
		ds.PutYouthReport(chitieu.YouthReport{ID: int64(i + 1), Unit: code, ReportedOn: date("2015-01-01"), YouthPopulation: 1000, Gathered: 600})
		ds.Apply(chitieu.Change{Position: &chitieu.Position{ID: int64(i + 1), Unit: code, Title: "Bí thư", Seats: 1, CreatedOn: date("2013-01-01")}})
	}
	for id := int64(1); id <= 1500; id++ {
		ds.PutCadre(chitieu.Cadre{ID: id, FullName: "Cán bộ", Unit: codes[rng.IntN(len(codes))], FullTime: rng.IntN(4) > 0, JoinedOn: date("2013-01-01")})
	}
	for _, kind := range []chitieu.TargetKind{chitieu.TargetPoliticalTheory, chitieu.TargetEducation, chitieu.TargetYouthGathering} {
		t := chitieu.NewTarget()
		t.Code, t.Name, t.Kind, t.ScopeUnit, t.MinLevel = string(kind), "Chỉ tiêu "+string(kind), kind, "tinh", "trung_cap"
		if kind == chitieu.TargetEducation {
			t.MinLevel = "dai_hoc"
		}
		t.Threshold, t.BaselineDate, t.Deadline, t.FullTimeOnly = 0.8, date("2013-01-01"), date("2030-12-31"), true
		ds.PutTarget(t)
	}
	return ds, codes
}

// randomWrite is a write the figures take by its parts: a cadre moved or added, a training
// record entered or changed, a youth report entered.
func randomWrite(rng *rand.Rand, codes []string, i int) chitieu.Change {
	unit := codes[rng.IntN(len(codes))]
	switch rng.IntN(4) {
	case 0:
		return chitieu.Change{Cadre: &chitieu.Cadre{ID: 1 + rng.Int64N(1600), FullName: "Cán bộ", Unit: unit, FullTime: rng.IntN(2) == 0, JoinedOn: date("2014-01-01")}}
	case 1:
		return chitieu.Change{Training: &chitieu.Training{ID: 1 + rng.Int64N(500), CadreID: 1 + rng.Int64N(1500), Kind: chitieu.PoliticalTheory,
			Level: []chitieu.Level{"so_cap", "trung_cap", "cao_cap"}[rng.IntN(3)], Status: chitieu.Completed, CompletedOn: date("2014-06-01")}}
	case 2:
		return chitieu.Change{Training: &chitieu.Training{ID: 1000 + rng.Int64N(500), CadreID: 1 + rng.Int64N(1500), Kind: chitieu.Education,
			Level: "dai_hoc", Status: chitieu.Completed, CompletedOn: date("2014-06-01")}}
	}
	return chitieu.Change{YouthReport: &chitieu.YouthReport{ID: int64(1000 + i), Unit: unit, ReportedOn: date("2015-06-01"),
		YouthPopulation: 1000, Gathered: rng.Int64N(1000)}}
}

// After each of random sequences of writes, every format of the served exposition, gzipped and
// not, is byte for byte a full encoding of the same snapshot through a registry (which the
// blocks reused from earlier snapshots must not change), and its values are the registry's.
func TestExpositionByBlockAfterWrites(t *testing.T) {
	hcm, _ := time.LoadLocation("Asia/Ho_Chi_Minh")
	day := date("2016-01-01")
	for seed := range uint64(3) {
		rng := rand.New(rand.NewPCG(seed, 17))
		ds, codes := blocksPlan(rng)
		fig := ds.Figures(day)
		src := &swappable{fig.Snapshot()}
		opts := metrics.Options{CadreLevels: seed == 1}
		e := metrics.NewExporter(src, hcm, metrics.Build{Version: "test"}, opts)
		for i := range 40 {
			if i > 0 {
				for range 1 + rng.IntN(3) {
					if fig = fig.Apply(ds, randomWrite(rng, codes, i)); fig == nil {
						t.Fatal("a write fell back to the full recompute")
					}
				}
				src.s = fig.Snapshot()
			}
			if i%3 == 0 {
				if err := e.Prepare(src.s); err != nil {
					t.Fatal(err)
				}
			}
			for _, tc := range []struct {
				accept string
				format expfmt.Format
			}{{"", expfmt.FmtText}, {acceptPrometheus, expfmt.FmtOpenMetrics_1_0_0}, {acceptProtobuf, expfmt.FmtProtoDelim}} {
				if rng.IntN(2) == 0 && i%5 != 0 { // formats asked for now and then, so some blocks wait
					continue
				}
				full := figuresWith(t, src.s, tc.format, opts)
				for _, encoding := range []string{"", "gzip"} {
					_, body := scrape(t, e, tc.accept, encoding)
					if !bytes.HasPrefix(body, full) {
						d := firstDifference(body, full)
						t.Fatalf("seed %d, snapshot %d, %s %q: the figures differ from a full encoding at byte %d of %d:\n%s\nwant\n%s",
							seed, i, tc.format, encoding, d, len(full), body[max(0, d-300):d+200], full[max(0, d-300):d+200])
					}
				}
			}
		}
		// The values, parsed, are the registry's.
		_, body := scrape(t, e, "", "gzip")
		got := decode(t, body, expfmt.FmtText)
		want := decode(t, figuresWith(t, src.s, expfmt.FmtText, opts), expfmt.FmtText)
		for name, mf := range want {
			if got[name] == nil || len(got[name].Metric) != len(mf.Metric) {
				t.Fatalf("%s: served differently", name)
			}
			for j, m := range mf.Metric {
				if g := got[name].Metric[j]; g.GetGauge().GetValue() != m.GetGauge().GetValue() || g.String() != m.String() {
					t.Fatalf("%s: %v, want %v", name, g, m)
				}
			}
		}
	}
}

func firstDifference(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}
