package fit_test

import (
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"rolloutplanner/planner/fit"
)

func TestParse(t *testing.T) {
	cases := []struct {
		name string
		text string
		want []float64
	}{
		{"one per line", "12.5\n13\n14.25\n", []float64{12.5, 13, 14.25}},
		{"blank lines and comments", "\n# from last month\n12\n\n  13  \n# more\n14", []float64{12, 13, 14}},
		{"CRLF", "1\r\n2\r\n3\r\n", []float64{1, 2, 3}},
		{"CR only", "1\r2\r3", []float64{1, 2, 3}},
		{"header skipped", "minutes\n4\n5", []float64{4, 5}},
		{"title and header", "Startup times, March\nid,duration\n1,4\n2,5", []float64{4, 5}},
		{"header names the column", "duration_min,instance_id\n4,17\n5,18", []float64{4, 5}},
		{"last numeric column", "date,host,elapsed seconds?\n2024-05-01,web_0,12.5\n2024-05-02,web_1,13.5", []float64{12.5, 13.5}},
		{"semicolons", "a;b\n1;2.5\n3;4.5", []float64{2.5, 4.5}},
		{"tabs", "x\ty\n1\t2\n3\t4", []float64{2, 4}},
		{"spaces", "1 2\n3 4", []float64{2, 4}},
		{"quoted fields", `"id","minutes"` + "\n" + `"a","7"` + "\n" + `"b", "8.5"`, []float64{7, 8.5}},
		{"exponent and zero", "1e1\n0\n.5", []float64{10, 0, 0.5}},
		{"signs, points and exponents", "+2.5E-1\n5.\n1e+2\n-0\n1e-400", []float64{0.25, 5, 100, 0, 0}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := fit.Parse(tc.text)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestParseColumn(t *testing.T) {
	got, err := fit.ParseColumn("a,b,c\n1,2,3\n4,5,6", 0)
	if err != nil || !slices.Equal(got, []float64{1, 4}) {
		t.Errorf("column 0: %v, %v", got, err)
	}
	_, err = fit.ParseColumn("1,2\n3", 1)
	assertLines(t, err, 2)
}

// assertLines checks that err is a *fit.ParseError naming exactly lines.
func assertLines(t *testing.T, err error, lines ...int) {
	t.Helper()
	var pe *fit.ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("error %v (%T), want *fit.ParseError", err, err)
	}
	var got []int
	for _, l := range pe.Lines {
		got = append(got, l.Line)
		if l.Reason == "" {
			t.Errorf("line %d has no reason", l.Line)
		}
		if !strings.Contains(pe.Error(), "line "+strconv.Itoa(l.Line)) {
			t.Errorf("message %q does not name line %d", pe.Error(), l.Line)
		}
	}
	if !slices.Equal(got, lines) {
		t.Errorf("bad lines %v, want %v (%v)", got, lines, err)
	}
}

func TestParseErrors(t *testing.T) {
	cases := []struct {
		name  string
		text  string
		lines []int // bad lines; nil for an error about the whole text
	}{
		{"empty", "", nil},
		{"only blanks and comments", "\n \n# x\n", nil},
		{"only a header", "duration\n", nil},
		{"word after data", "12\n13\nabc\n14", []int{3}},
		{"unit suffix", "12\n13 min\n", []int{2}},
		{"typo", "12\n1o\n", []int{2}},
		{"negative", "12\n-3\n", []int{2}},
		{"NaN", "12\nNaN\n", []int{2}},
		{"Inf", "12\n+Inf\n", []int{2}},
		{"missing column", "a,b\n1,2\n3\n4,5", []int{3}},
		{"empty column", "a,b\n1,2\n3,\n", []int{3}},
		{"many bad lines all named", "1\nx\n2\ny\nz\n", []int{2, 4, 5}},
		{"line numbers count blanks", "1\n\n\n# c\nbad\n", []int{5}},
		{"first data line negative", "minutes\n-1\n", []int{2}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := fit.Parse(tc.text)
			if err == nil {
				t.Fatalf("no error, got %v", got)
			}
			if got != nil {
				t.Errorf("values %v returned with an error", got)
			}
			if tc.lines == nil {
				var pe *fit.ParseError
				if !errors.As(err, &pe) || len(pe.Lines) != 0 || pe.Msg == "" {
					t.Errorf("error %v, want a message about the whole text", err)
				}
				return
			}
			assertLines(t, err, tc.lines...)
		})
	}
}

// TestParseRejectsOtherSyntax checks that the forms strconv.ParseFloat
// reads but a person pasting minutes would not mean are errors that name
// the line and say what to write.
func TestParseRejectsOtherSyntax(t *testing.T) {
	cases := []struct {
		name, field, reason string
	}{
		{"hex float", "0x1p3", "not a plain decimal number"},
		{"hex integer", "0x10", "not a plain decimal number"},
		{"upper-case hex", "0X1P-2", "not a plain decimal number"},
		{"hex with underscore", "0x_1p3", "underscores"},
		{"underscores", "1_000", "underscores"},
		{"underscore in fraction", "1.000_5", "underscores"},
		{"Inf", "Inf", "not a finite number"},
		{"+Inf", "+Inf", "not a finite number"},
		{"infinity", "infinity", "not a finite number"},
		{"-Infinity", "-Infinity", "not a finite number"},
		{"NaN", "NaN", "not a finite number"},
		{"nan", "nan", "not a finite number"},
		{"overflow", "1e400", "too large"},
		{"overflow with many digits", "9" + strings.Repeat("9", 400), "too large"},
	}
	for _, tc := range cases {
		for _, layout := range []struct{ name, text string }{
			{"first line", tc.field + "\n12\n"},
			{"later line", "12\n" + tc.field + "\n"},
			{"csv column", "id,minutes\na,12\nb," + tc.field + "\n"},
		} {
			t.Run(tc.name+"/"+layout.name, func(t *testing.T) {
				got, err := fit.Parse(layout.text)
				if err == nil {
					t.Fatalf("no error, got %v", got)
				}
				var pe *fit.ParseError
				if !errors.As(err, &pe) || len(pe.Lines) != 1 {
					t.Fatalf("error %v, want one bad line", err)
				}
				if !strings.Contains(pe.Lines[0].Reason, tc.reason) || !strings.Contains(err.Error(), "line ") {
					t.Errorf("message %q, want one naming the line and saying %q", err, tc.reason)
				}
			})
		}
	}
}

func TestParseErrorListsTen(t *testing.T) {
	text := "1\n" + strings.Repeat("x\n", 25)
	_, err := fit.Parse(text)
	var pe *fit.ParseError
	if !errors.As(err, &pe) || len(pe.Lines) != 10 || pe.More != 15 {
		t.Fatalf("got %v", err)
	}
	if !strings.Contains(err.Error(), "25 bad lines") || !strings.Contains(err.Error(), "15 more") {
		t.Errorf("message %q", err.Error())
	}
}

// FuzzParse checks that Parse never panics, returns either values or an
// error, returns only finite durations ≥ 0, names real lines in its
// errors, and that the values it returns read back unchanged one per line.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"12.5\n13\n", "id,duration\n1,4\n2,5\n", "a;b\r\n1;2\r\n", "\"x\"\t\"y\"\n1\t2",
		"1\nx\n", "# c\n\n1e308\n-0\n", "minutes\n", "1,,2\n3", "0x1p3\n1_000\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		vals, err := fit.Parse(text)
		if (err == nil) == (vals == nil) {
			t.Fatalf("values %v and error %v", vals, err)
		}
		if err != nil {
			var pe *fit.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %T", err)
			}
			nlines := strings.Count(text, "\n") + strings.Count(text, "\r") + 1
			for _, l := range pe.Lines {
				if l.Line < 1 || l.Line > nlines {
					t.Fatalf("line %d of a %d-line text", l.Line, nlines)
				}
			}
			return
		}
		var b strings.Builder
		for _, v := range vals {
			if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
				t.Fatalf("value %v", v)
			}
			b.WriteString(strconv.FormatFloat(v, 'g', -1, 64))
			b.WriteByte('\n')
		}
		again, err := fit.Parse(b.String())
		if err != nil || !slices.Equal(again, vals) {
			t.Fatalf("round trip: %v, %v; want %v", again, err, vals)
		}
	})
}
