package charts

import (
	"bytes"
	"html"
	"strings"
	"testing"

	"rolloutplanner/planner/fit"
)

// scanTags reads markup as an HTML tokenizer would, without an XML
// decoder: every "<" opens a tag (after an optional "/") whose name and
// attribute names it returns, lower-cased, with each attribute's value
// unescaped. ok is false for markup it cannot read as plain tags
// (comments, CDATA, declarations, unquoted values).
type tag struct {
	name  string
	attrs map[string]string
}

func scanTags(b []byte) (tags []tag, ok bool) {
	isName := func(c byte) bool {
		return c != 0 && !strings.ContainsRune(" \t\n\r\f/>=\"'<", rune(c))
	}
	i := 0
	for {
		j := bytes.IndexByte(b[i:], '<')
		if j < 0 {
			return tags, true
		}
		i += j + 1
		if i < len(b) && b[i] == '/' {
			i++
		}
		start := i
		for i < len(b) && isName(b[i]) {
			i++
		}
		t := tag{name: strings.ToLower(string(b[start:i])), attrs: map[string]string{}}
		if t.name == "" {
			return nil, false
		}
		for {
			for i < len(b) && strings.IndexByte(" \t\n\r\f", b[i]) >= 0 {
				i++
			}
			if i >= len(b) {
				return nil, false
			}
			if b[i] == '>' {
				i++
				break
			}
			if b[i] == '/' && i+1 < len(b) && b[i+1] == '>' {
				i += 2
				break
			}
			start := i
			for i < len(b) && isName(b[i]) {
				i++
			}
			name := strings.ToLower(string(b[start:i]))
			for i < len(b) && strings.IndexByte(" \t\n\r\f", b[i]) >= 0 {
				i++
			}
			if name == "" || i >= len(b) || b[i] != '=' {
				return nil, false
			}
			i++
			for i < len(b) && strings.IndexByte(" \t\n\r\f", b[i]) >= 0 {
				i++
			}
			if i >= len(b) || (b[i] != '"' && b[i] != '\'') {
				return nil, false
			}
			q := b[i]
			end := bytes.IndexByte(b[i+1:], q)
			if end < 0 {
				return nil, false
			}
			t.attrs[name] = html.UnescapeString(string(b[i+1 : i+1+end]))
			i += end + 2
		}
		tags = append(tags, t)
	}
}

// FuzzCheckSVG feeds any bytes to finishSVG, the check every chart's SVG
// passes before it is inserted into a page or a report. Whatever it
// accepts, read as an HTML tokenizer reads it, must hold only the chart
// elements (svg, g, path, text) and attributes: no script, no event
// handler, no link, no comment, no url(…) in a style.
//
// fuzz: 50000x
func FuzzCheckSVG(f *testing.F) {
	x := []float64{1, 2, 3, 5, 8, 13, 21}
	c, err := fit.Calibrate(x)
	if err != nil {
		f.Fatal(err)
	}
	chart, err := FitSVG(x, c, `a <b> & "c" 'd'`)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(chart)
	const open = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">`
	for _, s := range []string{
		open + `<g transform="scale(1, -1)"><path d="M0,0L1,1" style="fill:#FFFFFF"/><text x="1" y="2">&lt;script&gt;</text></g></svg>`,
		open + `<!--><g onload="alert(1)"/>--></svg>`,
		open + `<!---><image href="x" onerror="alert(1)"/>--></svg>`,
		open + `<text><![CDATA[</text><image href=x onerror=alert(1)>]]></text></svg>`,
		open + `<g onload="alert(1)"/></svg>`,
		open + `<script>alert(1)</script></svg>`,
		open + `<g style="fill:url(https://evil.example/x)"/></svg>`,
		open + `<g style="fill:u\72l(https://evil.example/x)"/></svg>`,
		`<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/2000/svg"><xlink:g xlink:d="M0,0"/></svg>`,
		`<svg xmlns="http://www.w3.org/2000/svg"><g xmlns="http://evil.example/"><script/></g></svg>`,
		`<?xml version="1.0"?>` + open + `</svg>`,
	} {
		f.Add([]byte(s))
	}
	elements := map[string]bool{"svg": true, "g": true, "path": true, "text": true}
	attrs := map[string]bool{"width": true, "height": true, "viewbox": true, "xmlns": true, "xmlns:xlink": true,
		"transform": true, "style": true, "d": true, "x": true, "y": true}
	f.Fuzz(func(t *testing.T, b []byte) {
		out, err := finishSVG(b, "fuzz")
		if err != nil {
			return
		}
		if err := checkSVG(out); err != nil {
			t.Fatalf("finishSVG's output fails checkSVG: %v", err)
		}
		tags, ok := scanTags(out)
		if !ok {
			t.Fatalf("accepted markup an HTML tokenizer does not read as plain tags: %q", out)
		}
		for _, tg := range tags {
			if !elements[tg.name] {
				t.Fatalf("accepted element <%s>: %q", tg.name, out)
			}
			for name, v := range tg.attrs {
				if !attrs[name] || strings.HasPrefix(name, "on") || strings.Contains(name, "href") {
					t.Fatalf("accepted attribute %s=%q on <%s>: %q", name, v, tg.name, out)
				}
				if l := strings.ToLower(v); strings.Contains(l, "url(") || strings.Contains(l, "javascript:") || strings.ContainsAny(l, `\`) {
					t.Fatalf("accepted attribute %s=%q on <%s>: %q", name, v, tg.name, out)
				}
			}
		}
	})
}

// TestCheckSVG lists markup the check must refuse, including what an XML
// decoder and the HTML parser read differently.
func TestCheckSVG(t *testing.T) {
	const open = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">`
	cases := []struct {
		name, svg string
		ok        bool
	}{
		{"chart markup", open + `<g transform="scale(1, -1)"><path d="M0,0L1,1" style="fill:none;stroke:#0072B2;stroke-width:1.8;stroke-dasharray:5,3"/><text x="1" y="-2.5e-05" style="font-family:'Liberation Sans',Arial;font-size:10px">a &lt;b&gt;</text></g></svg>`, true},
		{"comment", open + `<!-- note --></svg>`, false},
		{"empty comment HTML closes at once", open + `<!--><g onload="alert(1)"/>--></svg>`, false},
		{"CDATA", open + `<text><![CDATA[x]]></text></svg>`, false},
		{"script", open + `<script>alert(1)</script></svg>`, false},
		{"event handler", open + `<g onload="alert(1)"/></svg>`, false},
		{"href", open + `<g xlink:href="javascript:alert(1)"/></svg>`, false},
		{"url in style", open + `<g style="fill:url(https://evil.example/x)"/></svg>`, false},
		{"CSS escape in style", open + `<g style="fill:u\72l(x)"/></svg>`, false},
		{"xlink prefix bound to SVG", `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/2000/svg"><xlink:g/></svg>`, false},
		{"default namespace elsewhere", open + `<g xmlns="http://evil.example/"/></svg>`, false},
		{"DTD", `<!DOCTYPE svg>` + open + `</svg>`, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if err := checkSVG([]byte(tc.svg)); (err == nil) != tc.ok {
				t.Errorf("checkSVG = %v, want ok %v", err, tc.ok)
			}
		})
	}
}
