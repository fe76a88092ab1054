package chitieu

import "context"

// YouthReport is a unit's count of the youth gathered into the Union or the Association on a
// day (số liệu tập hợp thanh niên).
type YouthReport struct {
	ID                 int64  `json:"id"`
	Unit               string `json:"unit"`
	ReportedOn         Date   `json:"reported_on"`
	YouthPopulation    int64  `json:"youth_population"`
	UnionMembers       int64  `json:"union_members"`       // đoàn viên
	AssociationMembers int64  `json:"association_members"` // hội viên
	Gathered           int64  `json:"gathered"`            // in either, each person once
}

// Normalize cleans the report's free text.
func (r *YouthReport) Normalize() { r.Unit = CleanText(r.Unit) }

// Validate checks the counts against each other: every member is a youth gathered, and no one
// is gathered twice or from outside the population.
func (r *YouthReport) Validate() error {
	if err := r.ValidateValues(); err != nil {
		return err
	}
	switch {
	case r.Unit == "":
		return Invalid("unit", RuleRequired)
	case r.ReportedOn.IsZero():
		return Invalid("reported_on", RuleRequired)
	case r.YouthPopulation < 0:
		return Invalid("youth_population", RuleNotNegative)
	case r.UnionMembers < 0:
		return Invalid("union_members", RuleNotNegative)
	case r.AssociationMembers < 0:
		return Invalid("association_members", RuleNotNegative)
	case r.Gathered < 0:
		return Invalid("gathered", RuleNotNegative)
	case r.Gathered < max(r.UnionMembers, r.AssociationMembers):
		return Invalid("gathered", RuleGatheredAtLeast)
	case r.Gathered > r.UnionMembers+r.AssociationMembers:
		return Invalid("gathered", RuleGatheredSum)
	case r.Gathered > r.YouthPopulation:
		return Invalid("gathered", RuleGatheredPopulation)
	}
	return nil
}

// YouthReportFilter selects youth reports.
type YouthReportFilter struct {
	Unit string // that unit's own reports
	Page
}

// YouthReportService keeps youth reports.
type YouthReportService interface {
	FindYouthReportByID(ctx context.Context, id int64) (*YouthReport, error)
	FindYouthReports(ctx context.Context, filter YouthReportFilter) ([]*YouthReport, int, error)
	CreateYouthReport(ctx context.Context, r *YouthReport) error
	// UpdateYouthReport replaces the report's fields.
	UpdateYouthReport(ctx context.Context, id int64, r *YouthReport) (*YouthReport, error)
	DeleteYouthReport(ctx context.Context, id int64) error
}
