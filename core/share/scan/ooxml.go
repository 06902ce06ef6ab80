package scan

import (
	"archive/zip"
	"bytes"
	"io"
	"path"
	"sort"
	"strconv"
	"strings"
)

// zipFile finds an entry by name.
func zipFile(zr *zip.Reader, name string) *zip.File {
	for _, f := range zr.File {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// eachTag streams an entry's XML, calling fn for every tag.
func (s *scanner) eachTag(f *zip.File, fn func(x *xmlReader) error) error {
	rc, err := s.open(f)
	if err != nil {
		return err
	}
	defer rc.Close()
	x := newXMLReader(rc)
	for {
		err := x.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if err := fn(x); err != nil {
			return err
		}
	}
}

// rels reads a relationships part: Id → target path inside the zip, and
// the targets of relationships whose Type ends in "/"+typ.
func (s *scanner) rels(zr *zip.Reader, relsPath, base string) (map[string]string, map[string]string, error) {
	ids, byType := map[string]string{}, map[string]string{}
	f := zipFile(zr, relsPath)
	if f == nil {
		return ids, byType, nil
	}
	err := s.eachTag(f, func(x *xmlReader) error {
		if name, closing, _ := x.name(); closing || string(name) != "Relationship" {
			return nil
		}
		id, _ := x.attr("Id")
		target, _ := x.attr("Target")
		typ, _ := x.attr("Type")
		if mode, _ := x.attr("TargetMode"); mode == "External" {
			return nil
		}
		if strings.HasPrefix(target, "/") {
			target = strings.TrimPrefix(target, "/")
		} else {
			target = path.Join(base, target)
		}
		ids[id] = target
		if i := strings.LastIndexByte(typ, '/'); i >= 0 {
			byType[typ[i+1:]] = target
		}
		return nil
	})
	return ids, byType, err
}

type sheetRef struct{ name, part string }

// xlsx searches a workbook: shared strings, inline strings, formula
// strings and numbers of every sheet, reported by sheet name and cell.
func (s *scanner) xlsx(w where, zr *zip.Reader) error {
	ids, byType, err := s.rels(zr, "xl/_rels/workbook.xml.rels", "xl")
	if err != nil {
		return err
	}
	var sheets []sheetRef
	wb := zipFile(zr, "xl/workbook.xml")
	err = s.eachTag(wb, func(x *xmlReader) error {
		if name, closing, _ := x.name(); closing || string(name) != "sheet" {
			return nil
		}
		n, _ := x.attr("name")
		id, ok := x.attr("r:id")
		if !ok {
			id = relID(x.tag)
		}
		sheets = append(sheets, sheetRef{n, ids[id]})
		return nil
	})
	if err != nil {
		return err
	}
	// Shared strings: which indexes hold a number (and which kinds).
	shared := map[int][]string{}
	sstPath := byType["sharedStrings"]
	if sstPath == "" {
		sstPath = "xl/sharedStrings.xml"
	}
	if f := zipFile(zr, sstPath); f != nil {
		idx := -1
		var text []byte
		var hs []hit
		phonetic := 0
		err := s.eachTag(f, func(x *xmlReader) error {
			name, closing, empty := x.name()
			switch string(name) {
			case "si":
				if !closing {
					idx++
					text = text[:0]
				} else if hs = hits(text, hs); len(hs) > 0 {
					for _, h := range hs {
						shared[idx] = append(shared[idx], h.kind)
					}
				}
			case "rPh": // phonetic guide (furigana): not the cell's text
				if !empty {
					if closing {
						phonetic--
					} else {
						phonetic++
					}
				}
			case "t":
				if closing && phonetic == 0 {
					text = unescape(text, x.text)
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	used := map[int]bool{}
	for _, sh := range sheets {
		f := zipFile(zr, sh.part)
		if f == nil {
			continue
		}
		if err := s.sheet(w, f, sh.name, shared, used); err != nil {
			return err
		}
	}
	// A shared string with a number that no cell shows is still in the file.
	var orphans []int
	for idx := range shared {
		if !used[idx] {
			orphans = append(orphans, idx)
		}
	}
	sort.Ints(orphans)
	for _, idx := range orphans {
		for _, k := range shared[idx] {
			s.found(w, Finding{Kind: k})
		}
	}
	return nil
}

// relID finds an r:id written with another prefix (…:id="rId1").
func relID(tag []byte) string {
	i := bytes.Index(tag, []byte(`:id="`))
	if i < 0 {
		return ""
	}
	rest := tag[i+5:]
	if j := bytes.IndexByte(rest, '"'); j >= 0 {
		return string(rest[:j])
	}
	return ""
}

// sheet searches one worksheet part.
func (s *scanner) sheet(w where, f *zip.File, name string, shared map[int][]string, used map[int]bool) error {
	var (
		ref, typ    []byte
		row, col    int
		inCell      bool
		value, text []byte
		phonetic    int
		hs          []hit
	)
	return s.eachTag(f, func(x *xmlReader) error {
		tname, closing, empty := x.name()
		switch string(tname) {
		case "row":
			if !closing {
				if r, ok := x.rawAttr("r"); ok {
					row, _ = strconv.Atoi(string(r))
				} else {
					row++
				}
				col = 0
			}
		case "c":
			if closing {
				inCell = false
				s.cell(w, name, ref, typ, value, text, shared, used, &hs)
				return nil
			}
			col++
			if r, ok := x.rawAttr("r"); ok {
				ref = append(ref[:0], r...)
				if c := colOf(r); c > 0 {
					col = c
				}
			} else {
				ref = append(append(ref[:0], colName(col)...), strconv.Itoa(row)...)
			}
			t, _ := x.rawAttr("t")
			typ = append(typ[:0], t...)
			value, text = value[:0], text[:0]
			inCell = !empty
		case "v":
			if closing && inCell {
				value = unescape(value[:0], x.text)
			}
		case "rPh":
			if !empty {
				if closing {
					phonetic--
				} else {
					phonetic++
				}
			}
		case "t":
			if closing && inCell && phonetic == 0 {
				text = unescape(text, x.text)
			}
		}
		return nil
	})
}

func (s *scanner) cell(w where, sheet string, ref, typ []byte, value, text []byte, shared map[int][]string, used map[int]bool, hs *[]hit) {
	report := func(kind string) {
		s.found(w, Finding{Kind: kind, Sheet: sheet, Cell: string(ref)})
	}
	switch string(typ) {
	case "s":
		if len(shared) == 0 {
			return
		}
		idx, err := strconv.Atoi(string(bytes.TrimSpace(value)))
		if err != nil {
			return
		}
		if kinds, ok := shared[idx]; ok {
			used[idx] = true
			for _, k := range kinds {
				report(k)
			}
		}
		return
	case "inlineStr":
		value = text
	case "", "n":
		if len(value) < 12 && bytes.IndexAny(value, "eE") < 0 {
			return // fewer than twelve digits
		}
		digits, ok := integerDigits(value)
		if !ok {
			return
		}
		value = digits
	}
	*hs = hits(value, *hs)
	for _, h := range *hs {
		report(h.kind)
	}
}

// integerDigits returns the decimal digits of a numeric cell value when it
// is a non-negative integer written exactly ("123456789018",
// "1.23456789018E+11", "123456789018.0").
func integerDigits(v []byte) ([]byte, bool) {
	v = bytes.TrimSpace(v)
	mant, exp := v, 0
	if i := bytes.IndexAny(v, "eE"); i >= 0 {
		e, err := strconv.Atoi(string(v[i+1:]))
		if err != nil || e > 30 || e < -30 {
			return nil, false
		}
		mant, exp = v[:i], e
	}
	intPart, frac := mant, []byte(nil)
	if i := bytes.IndexByte(mant, '.'); i >= 0 {
		intPart, frac = mant[:i], mant[i+1:]
	}
	if len(intPart) == 0 || len(intPart)+len(frac) > 40 {
		return nil, false
	}
	digits := make([]byte, 0, 40)
	digits = append(digits, intPart...)
	digits = append(digits, frac...)
	for _, c := range digits {
		if c < '0' || c > '9' {
			return nil, false
		}
	}
	// The value is digits × 10^(exp − len(frac)).
	shift := exp - len(frac)
	if shift >= 0 {
		for range shift {
			digits = append(digits, '0')
		}
	} else {
		cut := len(digits) + shift
		if cut < 0 {
			cut = 0
		}
		for _, c := range digits[cut:] {
			if c != '0' {
				return nil, false // not an integer
			}
		}
		digits = digits[:cut]
	}
	for len(digits) > 1 && digits[0] == '0' {
		digits = digits[1:]
	}
	return digits, len(digits) > 0
}

// colOf returns the 1-based column of a cell reference ("B12" → 2).
func colOf(ref []byte) int {
	c := 0
	for i := 0; i < len(ref); i++ {
		ch := ref[i]
		switch {
		case ch >= 'A' && ch <= 'Z':
			c = c*26 + int(ch-'A'+1)
		case ch >= 'a' && ch <= 'z':
			c = c*26 + int(ch-'a'+1)
		default:
			return c
		}
	}
	return c
}

// colName returns the letters of a 1-based column (28 → "AB").
func colName(c int) string {
	var b []byte
	for c > 0 {
		c--
		b = append([]byte{byte('A' + c%26)}, b...)
		c /= 26
	}
	return string(b)
}

// docxParts are the parts of a document whose text is searched, in this
// order; the body first.
func docxParts(zr *zip.Reader) []*zip.File {
	var body *zip.File
	var rest []*zip.File
	for _, f := range zr.File {
		n := f.Name
		switch {
		case n == "word/document.xml":
			body = f
		case strings.HasPrefix(n, "word/") && strings.HasSuffix(n, ".xml") && !strings.Contains(n[5:], "/") &&
			(strings.HasPrefix(n[5:], "header") || strings.HasPrefix(n[5:], "footer") ||
				n == "word/footnotes.xml" || n == "word/endnotes.xml" || n == "word/comments.xml"):
			rest = append(rest, f)
		}
	}
	sort.Slice(rest, func(i, j int) bool { return rest[i].Name < rest[j].Name })
	if body == nil {
		return rest
	}
	return append([]*zip.File{body}, rest...)
}

// docx searches a Word document paragraph by paragraph: the text of the
// runs of a paragraph is joined, so a number split over runs (formatting,
// spell-check marks, tracked changes) is found.
func (s *scanner) docx(w where, zr *zip.Reader) error {
	for _, f := range docxParts(zr) {
		part := ""
		if f.Name != "word/document.xml" {
			part = strings.TrimSuffix(f.Name[5:], ".xml")
		}
		if err := s.paragraphs(w, f, part); err != nil {
			return err
		}
	}
	return nil
}

func (s *scanner) paragraphs(w where, f *zip.File, part string) error {
	type para struct {
		n    int
		text []byte
	}
	var (
		stack []para
		count int
		hs    []hit
	)
	emit := func(p para) {
		hs = hits(p.text, hs)
		for _, h := range hs {
			s.found(w, Finding{Kind: h.kind, Paragraph: p.n, Part: part})
		}
	}
	err := s.eachTag(f, func(x *xmlReader) error {
		name, closing, empty := x.name()
		switch string(name) {
		case "p":
			if closing {
				if len(stack) > 0 {
					emit(stack[len(stack)-1])
					stack = stack[:len(stack)-1]
				}
			} else {
				count++
				p := para{n: count}
				if empty {
					return nil
				}
				stack = append(stack, p)
			}
		case "t", "delText", "instrText":
			if closing && len(stack) > 0 {
				top := &stack[len(stack)-1]
				top.text = unescape(top.text, x.text)
				if len(top.text) > maxXMLText {
					return errTooLarge
				}
			}
		case "tab":
			if len(stack) > 0 {
				top := &stack[len(stack)-1]
				top.text = append(top.text, '\t')
			}
		case "br", "cr":
			if len(stack) > 0 {
				top := &stack[len(stack)-1]
				top.text = append(top.text, '\n')
			}
		}
		return nil
	})
	for len(stack) > 0 { // a damaged part: search what was read
		emit(stack[len(stack)-1])
		stack = stack[:len(stack)-1]
	}
	return err
}
