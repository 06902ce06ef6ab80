package scan

// pdf searches the text of a PDF.
func (s *scanner) pdf(w where, data []byte) error {
	s.unscanned(w, ReasonNoText)
	return nil
}
