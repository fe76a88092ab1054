package demo

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"chitieu/internal/chitieu"
)

// Recruitment and leadership positions in the demo: recruitment by exam from 2014 in the provincial
// office (with a few cadres taken on without one), the office's leadership titles with the
// vacancies the cadres' comings and goings leave (the head of the schools department is missing
// until March 2014), and the current plan's target of professional courses of the Central Union.

// ProfessionalTarget is the current plan's professional_training target's code.
const ProfessionalTarget = "boi-duong-nghiep-vu-2027"

// professionalTarget is the current plan's target for the commitment to send full-time cadres to
// the Central Union's professional courses: in any two years, most of them should have had one.
func professionalTarget() chitieu.Target {
	t := chitieu.NewTarget()
	t.Code, t.Kind, t.Plan = ProfessionalTarget, chitieu.TargetProfessionalTraining, CurrentPlan
	t.Name = "Cán bộ chuyên trách cơ quan Tỉnh Đoàn được bồi dưỡng nghiệp vụ tại Trung ương Đoàn trong 2 năm gần nhất đạt 60% (đến hết nhiệm kỳ 2022–2027)"
	t.ScopeUnit, t.FullTimeOnly, t.Comparator, t.Threshold = Office, true, chitieu.AtLeast, 0.6
	t.BaselineDate, t.Deadline = d(2022, 7, 1), d(2027, 6, 30)
	t.WindowDays, t.Provider = 730, "Trung ương Đoàn"
	return t
}

// recruitmentStart is the day the plan's recruitment exam applies from.
var recruitmentStart = d(2014, 1, 1)

// Hiring of the cadres that office.go names.
var (
	contracted  = chitieu.Hiring{Recruitment: chitieu.RecruitedOther}
	notRecorded = chitieu.Hiring{}
)

// officeUnits are the provincial office and its departments.
var officeUnits = []string{office, vanPhong, toChuc, tuyenGiao, phongTrao, truongHoc, thieuNhi, trungTam}

// hiringOf is how a cadre was recruited: as office.go says, or else, for the office's cadres
// taken on from 2014, elected (the secretaries), transferred from another agency (heads of
// departments), contracted (part-time staff) or recruited by an exam passed six weeks before.
// Before 2014 nobody recorded it.
func hiringOf(p person) chitieu.Hiring {
	switch {
	case p.hiring != nil:
		return *p.hiring
	case p.joined < recruitmentStart || !slices.Contains(officeUnits, p.unit):
		return chitieu.Hiring{}
	case p.partTime:
		return chitieu.Hiring{Recruitment: chitieu.RecruitedOther}
	case strings.HasPrefix(p.position, "Bí thư"), strings.HasPrefix(p.position, "Phó Bí thư"):
		return chitieu.Hiring{Recruitment: chitieu.RecruitedByElection}
	case strings.HasPrefix(p.position, "Trưởng"), strings.HasPrefix(p.position, "Chánh"), strings.HasPrefix(p.position, "Giám đốc"):
		return chitieu.Hiring{Recruitment: chitieu.RecruitedByTransfer}
	}
	return chitieu.Hiring{Recruitment: chitieu.RecruitedByExam, ExamOn: p.joined.AddDays(-45), ExamResult: chitieu.ExamPassed}
}

// leadership are the office's leadership titles and their seats, from 2013-01-01.
var leadership = []struct {
	unit, title string
	seats       int
}{
	{office, "Bí thư Tỉnh Đoàn", 1},
	{office, "Phó Bí thư Tỉnh Đoàn", 2},
	{vanPhong, "Chánh Văn phòng", 1},
	{vanPhong, "Phó Chánh Văn phòng", 1},
	{toChuc, "Trưởng Ban Tổ chức – Kiểm tra", 1},
	{toChuc, "Phó Trưởng Ban Tổ chức – Kiểm tra", 1},
	{tuyenGiao, "Trưởng Ban Tuyên giáo", 1},
	{tuyenGiao, "Phó Trưởng Ban Tuyên giáo", 1},
	{phongTrao, "Trưởng Ban Phong trào", 1},
	{phongTrao, "Phó Trưởng Ban Phong trào", 2},
	{truongHoc, "Trưởng Ban Thanh thiếu nhi Trường học", 1},
	{truongHoc, "Phó Trưởng Ban Thanh thiếu nhi Trường học", 1},
	{thieuNhi, "Trưởng Ban Công tác Thiếu nhi", 1},
	{thieuNhi, "Phó Trưởng Ban Công tác Thiếu nhi", 1},
	{trungTam, "Giám đốc Trung tâm", 1},
	{trungTam, "Phó Giám đốc Trung tâm", 1},
}

// titleOf is the leadership title of a cadre's position: its part before a comma or a
// parenthesis ("Phó Bí thư Tỉnh Đoàn, Chủ tịch Hội …" holds a seat of Phó Bí thư).
func titleOf(position string) string {
	if i := strings.IndexAny(position, ",("); i >= 0 {
		position = position[:i]
	}
	return strings.TrimSpace(position)
}

// seedStaffing enters the recruitment rule of the office, the leadership positions and an
// assignment for each cadre whose position is one of them, from 2013-01-01 or the day they
// joined. A cadre who comes to a full title takes the seat of its longest holder, whose
// assignment ends that day.
func seedStaffing(ctx context.Context, s Services, people []person, ids []int64) error {
	if s.RecruitmentRule != nil {
		rule := chitieu.RecruitmentRule{StartDate: recruitmentStart, ScopeUnit: Office,
			Exempt: []chitieu.RecruitmentKind{chitieu.RecruitedByTransfer, chitieu.RecruitedByElection}}
		if _, err := s.RecruitmentRule.UpdateRecruitmentRule(ctx, &rule); err != nil {
			return fmt.Errorf("demo: recruitment rule: %w", err)
		}
	}
	if s.Positions == nil {
		return nil
	}
	start := d(2013, 1, 1)
	for _, l := range leadership {
		pos := chitieu.Position{Unit: l.unit, Title: l.title, Seats: l.seats, CreatedOn: start}
		if err := s.Positions.CreatePosition(ctx, &pos); err != nil {
			return fmt.Errorf("demo: position %s of %s: %w", l.title, l.unit, err)
		}
		// The holders in the order they came.
		var holders []int
		for i, p := range people {
			if p.unit == l.unit && titleOf(p.position) == l.title && (p.left.IsZero() || p.left > start) {
				holders = append(holders, i)
			}
		}
		slices.SortStableFunc(holders, func(a, b int) int { return int(max(people[a].joined, start) - max(people[b].joined, start)) })
		var held []*chitieu.Assignment
		for _, i := range holders {
			p := people[i]
			a := &chitieu.Assignment{PositionID: pos.ID, CadreID: ids[i], StartedOn: max(p.joined, start), EndedOn: p.left}
			current := slices.DeleteFunc(slices.Clone(held), func(h *chitieu.Assignment) bool {
				return !h.EndedOn.IsZero() && h.EndedOn <= a.StartedOn
			})
			if len(current) >= l.seats {
				oldest := current[0]
				ended, err := s.Positions.UpdateAssignment(ctx, oldest.ID, chitieu.AssignmentUpdate{
					EndedOn: chitieu.Optional[chitieu.Date]{Set: true, Value: a.StartedOn}})
				if err != nil {
					return fmt.Errorf("demo: end assignment %d: %w", oldest.ID, err)
				}
				*oldest = *ended
			}
			if err := s.Positions.CreateAssignment(ctx, a); err != nil {
				return fmt.Errorf("demo: assignment to %s of %s from %s: %w", l.title, l.unit, a.StartedOn, err)
			}
			held = append(held, a)
		}
	}
	return nil
}
