package figures

import "chitieu/internal/chitieu"

// AnnualReport computes the annual review on day d from the records in memory, after applying
// the queued changes so that a client reads its own writes.
func (k *Keeper) AnnualReport(d chitieu.Date) *chitieu.AnnualReport {
	k.applyPending()
	k.mu.RLock()
	defer k.mu.RUnlock()
	return k.ds.AnnualReport(d)
}
