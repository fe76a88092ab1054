package figures_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"chitieu/internal/chitieu"
)

var (
	movedOnce sync.Once
	moved     *chitieu.Dataset
)

// movedProvince is the large province (2,000 units, 200,000 cadres, 1,000,000 records) with a
// third of its cadres moved once to another unit (not one merged) from a day after they joined, and 50 communes
// merged into a new unit on 2020-07-01: the tree and the postings change over the ten years.
func movedProvince(b *testing.B) *chitieu.Dataset {
	movedOnce.Do(func() {
		ds := province(2000, 200000, 1000000)
		for id := int64(3); id <= 200000; id += 3 {
			c := *ds.Cadre(id)
			p := chitieu.Posting{CadreID: id, Unit: fmt.Sprintf("don-vi-%d", 100+id%1900), FullTime: c.FullTime,
				From: c.JoinedOn.AddMonths(12 + int(id%60))}
			c.SetPostings(append(c.PostingList(), p))
			ds.PutCadre(c)
		}
		merged := make([]string, 50)
		for i := range merged {
			merged[i] = fmt.Sprintf("don-vi-%d", 21+i)
		}
		var into chitieu.OrgUnitRef
		if err := into.UnmarshalJSON([]byte(`{"code":"hop-nhat","name":"Hợp nhất","parent":"tinh"}`)); err != nil {
			b.Fatal(err)
		}
		units := map[string]*chitieu.Unit{}
		for _, u := range ds.Units() {
			units[u.Code] = u
		}
		res, err := chitieu.PlanReorganisation(context.Background(), &chitieu.Reorganisation{EffectiveOn: chitieu.NewDate(2020, 7, 1),
			Changes: []chitieu.OrgChange{{Op: chitieu.OpCreate, Unit: into}, {Op: chitieu.OpMerge, Units: merged, Into: chitieu.OrgInto{Code: "hop-nhat"}}}},
			units, ds)
		if err != nil {
			b.Fatal(err)
		}
		for _, u := range res.Units {
			ds.PutUnit(*u)
		}
		for _, p := range res.Postings {
			c := *ds.Cadre(p.CadreID)
			ps := c.PostingList()
			if ps[len(ps)-1].From == p.From {
				ps = ps[:len(ps)-1]
			}
			c.SetPostings(append(ps, p))
			ds.PutCadre(c)
		}
		moved = ds
	})
	return moved
}

// BenchmarkHistoryWithPostings is the history of one target over ten years (2015–2024) on the
// large province whose cadres move and whose tree changes: every day at once (DailyCounts, as
// the remote read of the history asks it), and month by month as the API's history.
func BenchmarkHistoryWithPostings(b *testing.B) {
	ds := movedProvince(b)
	from, to := chitieu.NewDate(2015, 1, 1), chitieu.NewDate(2024, 12, 31)
	for _, code := range []string{"ly-luan-chinh-tri", "boi-duong", "tap-hop-thanh-nien"} {
		t := ds.Target(code)
		b.Run("daily/"+code, func(b *testing.B) {
			for b.Loop() {
				ds.DailyCounts(t, from, to, false)
			}
		})
	}
	days, err := chitieu.HistoryDays(from, to, chitieu.StepMonth)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("monthly/ly-luan-chinh-tri", func(b *testing.B) {
		t := ds.Target("ly-luan-chinh-tri")
		for b.Loop() {
			ds.History(t, days)
		}
	})
}
