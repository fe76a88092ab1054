package remoteread

// SetGathered sets the function a handler calls between gathering a read under the records'
// lock and computing it.
func SetGathered(h *Handler, f func()) { h.gathered = f }
