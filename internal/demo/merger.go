package demo

import (
	"context"
	"fmt"
	"math"

	"chitieu/internal/chitieu"
)

// The 2025 reorganisation: Nghị quyết 202/2025/QH15 of the National Assembly (12 June 2025)
// merged Kiên Giang and An Giang into a new An Giang province from 1 July 2025, and abolished
// the district level; Nghị quyết 1654/NQ-UBTVQH15 (16 June 2025) of its Standing Committee set
// up the new An Giang's 102 commune-level units (85 communes, 14 wards, 3 special zones), among
// them phường Rạch Giá and phường Vĩnh Thông (from Rạch Giá city), xã An Biên, xã U Minh Thượng
// and đặc khu Phú Quốc, whose Youth Unions take the cadres of the district unions here. The
// other district unions' cadres continue at the new provincial union until they are placed.
// Old An Giang's union has no records in the demo, so only Kiên Giang's is merged.
const NewProvince = "an-giang-moi" // Tỉnh Đoàn An Giang, from 1 July 2025

// communes are the commune-level units of the new An Giang that take a district union's cadres.
var communes = map[string]chitieu.Unit{
	"an-bien":       {Code: "xa-an-bien", Name: "Đoàn xã An Biên"},
	"u-minh-thuong": {Code: "xa-u-minh-thuong", Name: "Đoàn xã U Minh Thượng"},
	"phu-quoc":      {Code: "dac-khu-phu-quoc", Name: "Đoàn đặc khu Phú Quốc"},
}

// Merger returns the body of the 2025 merger as a client posts it to /api/v1/reorganisations.
func Merger() chitieu.Reorganisation {
	unit := func(code, name, parent string) chitieu.OrgUnitRef {
		var ref chitieu.OrgUnitRef
		if err := ref.UnmarshalJSON(fmt.Appendf(nil, `{"code":%q,"name":%q,"parent":%q}`, code, name, parent)); err != nil {
			panic(err) // a constant body
		}
		return ref
	}
	r := chitieu.Reorganisation{EffectiveOn: d(2025, 7, 1), Note: "Nghị quyết 202/2025/QH15; Nghị quyết 1654/NQ-UBTVQH15",
		Changes: []chitieu.OrgChange{
			{Op: chitieu.OpCreate, Unit: unit(NewProvince, "Tỉnh Đoàn An Giang", "")},
			{Op: chitieu.OpMerge, Units: []string{Province}, Into: chitieu.OrgInto{Code: NewProvince}},
			{Op: chitieu.OpRename, Unit: chitieu.OrgUnitRef{Code: Office}, Name: "Cơ quan Tỉnh Đoàn An Giang"},
			{Op: chitieu.OpSplit, Unit: chitieu.OrgUnitRef{Code: "rach-gia"}, Into: chitieu.OrgInto{Units: []chitieu.Unit{
				{Code: "phuong-rach-gia", Name: "Đoàn phường Rạch Giá"}, {Code: "phuong-vinh-thong", Name: "Đoàn phường Vĩnh Thông"}}},
				PostingsTo: "phuong-rach-gia"},
		}}
	for _, ds := range districts {
		if ds.code == "rach-gia" {
			continue
		}
		heir := NewProvince
		if c, ok := communes[ds.code]; ok {
			r.Changes = append(r.Changes, chitieu.OrgChange{Op: chitieu.OpCreate, Unit: unit(c.Code, c.Name, NewProvince)})
			heir = c.Code
		}
		r.Changes = append(r.Changes, chitieu.OrgChange{Op: chitieu.OpDissolve, Unit: chitieu.OrgUnitRef{Code: ds.code}, To: heir})
	}
	return r
}

// moves are cadres moved between district unions over the years after the plan (chuyển công
// tác): the n-th district cadre in post on the day, counted in the order entered, moves to the
// unit. None moves into the office, whose figures the current plan's targets follow.
var moves = []struct {
	nth  int
	on   chitieu.Date
	unit string
}{
	{3, d(2017, 3, 1), "ha-tien"},
	{20, d(2018, 9, 1), "rach-gia"},
	{45, d(2020, 1, 1), "phu-quoc"},
	{70, d(2022, 6, 1), "kien-luong"},
	{95, d(2023, 10, 1), "an-bien"},
}

// seedMoves enters the moves up to until (all when it is zero) as postings.
func seedMoves(ctx context.Context, s Services, people []person, ids []int64, until chitieu.Date) error {
	for _, m := range moves {
		if !until.IsZero() && m.on > until {
			break
		}
		n := 0
		for i, p := range people {
			if _, inDistrict := districtByCode[p.unit]; !inDistrict || p.joined > m.on || (!p.left.IsZero() && p.left <= m.on) || p.unit == m.unit {
				continue
			}
			if n++; n < m.nth {
				continue
			}
			posting := chitieu.Posting{CadreID: ids[i], Unit: m.unit, FullTime: !p.partTime, Position: p.position, From: m.on}
			if err := s.Postings.CreatePosting(ctx, &posting); err != nil {
				return fmt.Errorf("demo: move of cadre %d to %s: %w", ids[i], m.unit, err)
			}
			people[i].unit = m.unit
			break
		}
	}
	return nil
}

var districtByCode = func() map[string]district {
	m := map[string]district{}
	for _, ds := range districts {
		m[ds.code] = ds
	}
	return m
}()

// heirParts are the commune-level unions that report youth after the merger, each with the
// part of its former district's youth it holds (made up: Phú Quốc became one special zone
// whole, Rạch Giá's city two wards, the other districts' communes one of several).
var heirParts = []struct {
	district, unit string
	part           float64
}{
	{"rach-gia", "phuong-rach-gia", 0.55},
	{"rach-gia", "phuong-vinh-thong", 0.45},
	{"an-bien", "xa-an-bien", 0.3},
	{"u-minh-thuong", "xa-u-minh-thuong", 0.5},
	{"phu-quoc", "dac-khu-phu-quoc", 1},
}

// youthAfterMerger makes up the youth reports of the commune-level unions the merger created, at
// the end of 2025 and in mid-2026: each holds its part of its former district's youth, with the
// district's last shares of union members and of overlap, and a share gathered a little higher.
func youthAfterMerger(reports []chitieu.YouthReport) []chitieu.YouthReport {
	last := map[string]chitieu.YouthReport{}
	for _, rep := range reports {
		if rep.ReportedOn >= last[rep.Unit].ReportedOn {
			last[rep.Unit] = rep
		}
	}
	var out []chitieu.YouthReport
	for i, day := range []chitieu.Date{d(2025, 12, 31), d(2026, 6, 30)} {
		for _, h := range heirParts {
			was, ok := last[h.district]
			if !ok || was.YouthPopulation == 0 || was.UnionMembers == 0 {
				continue
			}
			pop := float64(was.YouthPopulation) * h.part
			share := float64(was.Gathered)/float64(was.YouthPopulation) + 0.01*float64(i+1)
			union := float64(was.UnionMembers) / float64(was.YouthPopulation)
			overlap := float64(was.UnionMembers+was.AssociationMembers-was.Gathered) / float64(was.UnionMembers)
			gathered := int64(math.Round(share * pop))
			members := int64(math.Round(union * pop))
			both := int64(math.Round(overlap * float64(members)))
			out = append(out, chitieu.YouthReport{
				Unit: h.unit, ReportedOn: day, YouthPopulation: int64(math.Round(pop)),
				UnionMembers: members, AssociationMembers: gathered - members + both, Gathered: gathered,
			})
		}
	}
	return out
}
