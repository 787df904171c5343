package charts

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// fontFallback names, after Liberation Sans, fonts with the same metrics
// (Arial) or close ones, so a browser without Liberation fonts draws text
// the width the layout measured.
var (
	liberationSans = []byte("font-family:Liberation Sans;")
	fontFallback   = []byte("font-family:'Liberation Sans',Arial,Helvetica,sans-serif;")
)

// finishSVG cuts vgsvg's output to start at "<svg", adds font fallbacks
// and checks that the markup is safe to insert into a page.
func finishSVG(b []byte, id string) ([]byte, error) {
	i := bytes.Index(b, []byte("<svg"))
	if i < 0 {
		return nil, fmt.Errorf("charts: %s: the SVG backend wrote no <svg> element", id)
	}
	b = bytes.ReplaceAll(b[i:], liberationSans, fontFallback)
	if err := checkSVG(b); err != nil {
		return nil, fmt.Errorf("charts: %s: refusing to return unsafe SVG: %w", id, err)
	}
	return b, nil
}

// svgElements and svgAttrs are everything vgsvg writes for a chart
// (without embedded fonts or images). Anything else in the output means
// that text escaped into markup.
var (
	svgElements = map[string]bool{"svg": true, "g": true, "path": true, "text": true}
	svgAttrs    = map[xml.Name]bool{
		{Local: "width"}: true, {Local: "height"}: true, {Local: "viewBox"}: true,
		{Local: "xmlns"}: true, {Space: "xmlns", Local: "xlink"}: true,
		{Local: "transform"}: true, {Local: "style"}: true,
		{Local: "d"}: true, {Local: "x"}: true, {Local: "y"}: true,
	}
)

// Namespaces the chart markup may declare, each only for its own prefix.
const (
	svgNS   = "http://www.w3.org/2000/svg"
	xlinkNS = "http://www.w3.org/1999/xlink"
)

// checkSVG reports whether b is one well-formed <svg> element, in the SVG
// namespace, that holds only chart elements and attributes: no script,
// no event handler, no link, no processing instruction or DTD.
//
// The markup is read by an XML decoder here but by the HTML parser in a
// page, so it also refuses what the two read differently: comments
// (HTML closes "<!-->" at once, XML does not, so a comment could hide an
// element from this check) and CDATA sections. A style attribute may
// hold only the characters of a chart's styles, with no parentheses or
// backslashes, so no url(…) (a remote request) and no CSS escape.
func checkSVG(b []byte) error {
	if bytes.Contains(b, []byte("<![CDATA[")) {
		return errors.New("unexpected CDATA section")
	}
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = true
	depth, roots := 0, 0
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Space != svgNS || !svgElements[t.Name.Local] {
				return fmt.Errorf("unexpected element <%s> in namespace %q", t.Name.Local, t.Name.Space)
			}
			if depth == 0 {
				if roots++; roots > 1 || t.Name.Local != "svg" {
					return errors.New("want a single <svg> root element")
				}
			}
			for _, a := range t.Attr {
				// The decoder resolves a prefix to its namespace URL;
				// compare the names as written.
				name := a.Name
				if name.Space == svgNS {
					name.Space = ""
				}
				if !svgAttrs[name] {
					return fmt.Errorf("unexpected attribute %q on <%s>", a.Name.Space+":"+a.Name.Local, t.Name.Local)
				}
				if err := checkAttrValue(name, a.Value); err != nil {
					return fmt.Errorf("attribute %q on <%s>: %w", a.Name.Space+":"+a.Name.Local, t.Name.Local, err)
				}
			}
			depth++
		case xml.EndElement:
			depth--
		case xml.CharData:
			if depth == 0 && len(bytes.TrimSpace(t)) > 0 {
				return errors.New("text outside the <svg> element")
			}
		case xml.ProcInst, xml.Directive, xml.Comment:
			return fmt.Errorf("unexpected %T", t)
		}
	}
	if roots != 1 || depth != 0 {
		return errors.New("want one complete <svg> element")
	}
	return nil
}

// checkAttrValue checks the value of an allowed attribute: a namespace
// declaration must name its own namespace (so no prefix can map an
// element or attribute of another namespace onto an allowed name), and a
// style holds only letters, digits, spaces and "#:;.,'%+-_".
func checkAttrValue(name xml.Name, v string) error {
	switch name {
	case xml.Name{Local: "xmlns"}:
		if v != svgNS {
			return fmt.Errorf("declares namespace %q, want %q", v, svgNS)
		}
	case xml.Name{Space: "xmlns", Local: "xlink"}:
		if v != xlinkNS {
			return fmt.Errorf("declares namespace %q, want %q", v, xlinkNS)
		}
	case xml.Name{Local: "style"}:
		for _, r := range v {
			ok := 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || strings.ContainsRune(" \t#:;.,'%+-_", r)
			if !ok {
				return fmt.Errorf("style holds %q; a chart's style holds only letters, digits, spaces and #:;.,'%%+-_", r)
			}
		}
	}
	return nil
}
