package chitieu

// Change is one committed write, handed to a ChangeListener after the commit. Exactly one of the
// record fields is set: the record as written, or as it was before it was deleted when Deleted.
type Change struct {
	Unit        *Unit
	Cadre       *Cadre
	Training    *Training
	YouthReport *YouthReport
	Target      *Target
	Position    *Position
	Assignment  *Assignment
	// RecruitmentRule is never deleted, only replaced.
	RecruitmentRule *RecruitmentRule
	Deleted         bool
	// Actor is who made the change (ActorFromContext), so that the figures can give each
	// writer its own writes without recomputing them for every reader.
	Actor string
}

// ChangeListener follows the database: the store calls it after every commit that changes a
// record the figures are computed from.
type ChangeListener interface {
	RecordsChanged(changes ...Change)
}

// Apply writes the change into the dataset.
func (ds *Dataset) Apply(c Change) {
	switch {
	case c.Unit != nil && c.Deleted:
		ds.RemoveUnit(c.Unit.Code)
	case c.Unit != nil:
		ds.PutUnit(*c.Unit)
	case c.Cadre != nil && c.Deleted:
		ds.RemoveCadre(c.Cadre.ID)
	case c.Cadre != nil:
		ds.PutCadre(*c.Cadre)
	case c.Training != nil && c.Deleted:
		ds.RemoveTraining(c.Training.ID)
	case c.Training != nil:
		ds.PutTraining(*c.Training)
	case c.YouthReport != nil && c.Deleted:
		ds.RemoveYouthReport(c.YouthReport.ID)
	case c.YouthReport != nil:
		ds.PutYouthReport(*c.YouthReport)
	case c.Target != nil && c.Deleted:
		ds.RemoveTarget(c.Target.Code)
	case c.Target != nil:
		ds.PutTarget(*c.Target)
	default:
		ds.applyStaffing(c)
	}
}
