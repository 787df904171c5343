package app

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"rolloutplanner/model"
)

// Edit is one change a form field makes: the field's JSON path in the
// scenario ("roles[0].warmup.p95", "passes.guest_os.enabled") and the
// text the user entered. Booleans are "true" or "false"; an empirical
// distribution's "values" is a list of numbers separated by commas,
// semicolons or white space; a distribution's "kind" is a model.Kind.
type Edit struct {
	Path  string
	Value string
}

// ApplyEdit parses e.Value for the field at e.Path and stores it in s.
// Text that does not parse leaves s unchanged and returns a
// model.Problem for the path that says what to type instead; an unknown
// path is a programmer error, reported the same way. ApplyEdit does not
// validate the result against the model's rules: call s.Validate.
func ApplyEdit(s *model.Scenario, e Edit) *model.Problem {
	ptr, rest, ok := locate(s, e.Path)
	if !ok {
		return &model.Problem{Path: e.Path, Rule: "is not a field of the scenario"}
	}
	text := strings.TrimSpace(e.Value)
	fail := func(rule string) *model.Problem { return &model.Problem{Path: e.Path, Rule: rule} }
	switch p := ptr.(type) {
	case *string:
		*p = e.Value // names keep their spaces; the model checks their length
	case *bool:
		b, err := strconv.ParseBool(text)
		if err != nil {
			return fail("must be true or false")
		}
		*p = b
	case *int:
		v, ok := parseWhole(text)
		if !ok {
			return fail("must be a whole number")
		}
		*p = v
	case *uint64:
		plain, ok := ungroup(text)
		v, err := strconv.ParseUint(plain, 10, 64)
		if !ok || err != nil {
			return fail("must be a whole number from 0 to 18446744073709551615")
		}
		*p = v
	case *float64:
		v, ok := parseNumber(text)
		if !ok {
			return fail("must be a number")
		}
		*p = v
	case *model.Dist:
		return editDist(p, rest, e.Path, text)
	default:
		return fail("cannot be edited")
	}
	return nil
}

// parseNumber reads a finite decimal number ("0.75", "1e3", "-2"), with
// its whole part grouped by thousands as the page writes numbers or as
// people type them ("10 000", "10,000", "1 234.5"; see ungroup).
func parseNumber(text string) (float64, bool) {
	text, ok := ungroup(text)
	if !ok {
		return 0, false
	}
	v, err := strconv.ParseFloat(text, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false
	}
	return v, true
}

// parseWhole reads a whole number, also grouped ("10 000") or in float
// form ("1e5").
func parseWhole(text string) (int, bool) {
	if v, err := strconv.Atoi(text); err == nil {
		return v, true
	}
	f, ok := parseNumber(text)
	if !ok || f != math.Trunc(f) || math.Abs(f) > 1<<53 {
		return 0, false
	}
	return int(f), true
}

// groupSeparators are the thousands separators ungroup removes: a comma,
// a space, a no-break space, a narrow no-break space (the page's own) and
// a thin space.
const groupSeparators = ", \u00a0\u202f\u2009"

// ungroup removes the thousands separators of a number's whole part:
// "10 000" and "10,000" become "10000". The groups must be whole: one to
// three digits, then groups of exactly three, so "1,5" (a decimal comma)
// is not read as 15. Text without separators is returned as it is.
func ungroup(text string) (string, bool) {
	if !strings.ContainsAny(text, groupSeparators) {
		return text, true
	}
	sign := ""
	if text != "" && (text[0] == '-' || text[0] == '+') {
		sign, text = text[:1], text[1:]
	}
	end := strings.IndexAny(text, ".eE")
	if end < 0 {
		end = len(text)
	}
	whole, rest := text[:end], text[end:]
	if strings.ContainsAny(rest, groupSeparators) {
		return "", false
	}
	groups := strings.FieldsFunc(whole, func(r rune) bool { return strings.ContainsRune(groupSeparators, r) })
	var b strings.Builder
	b.WriteString(sign)
	for i, g := range groups {
		if !allDigits(g) || (i == 0 && len(g) > 3) || (i > 0 && len(g) != 3) {
			return "", false
		}
		b.WriteString(g)
	}
	// One separator between groups, none at either end.
	if n := len(groups); n < 2 || utf8.RuneCountInString(whole) != len(groups[0])+4*(n-1) {
		return "", false
	}
	b.WriteString(rest)
	return b.String(), true
}

func allDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

// editDist changes one part of a distribution: its kind or a parameter.
func editDist(d *model.Dist, part, path, text string) *model.Problem {
	switch part {
	case "kind":
		k := model.Kind(text)
		if !knownKind(k) {
			return &model.Problem{Path: path, Rule: "must be one of " + kindNames()}
		}
		*d = ConvertDist(*d, k)
	case "values":
		vs, bad := ParseValues(text)
		if bad != "" {
			return &model.Problem{Path: path, Rule: fmt.Sprintf("must be numbers separated by commas (%q is not a number)", bad)}
		}
		if d.Kind != model.Empirical {
			return &model.Problem{Path: path, Rule: "is only a parameter of empirical distributions"}
		}
		d.Values = vs // a new slice: components compare slices by identity first
	default:
		if _, has := d.Param(part); !has {
			return &model.Problem{Path: path, Rule: fmt.Sprintf("is not a parameter of a %s distribution", d.Kind)}
		}
		v, ok := parseNumber(text)
		if !ok {
			return &model.Problem{Path: path, Rule: "must be a number"}
		}
		d.SetParam(part, v)
	}
	return nil
}

// ParseValues reads a list of numbers separated by commas, semicolons or
// white space. It returns the first piece that is not a number, if any.
func ParseValues(text string) (vs []float64, bad string) {
	fields := strings.FieldsFunc(text, func(r rune) bool {
		return r == ',' || r == ';' || r == ' ' || r == '\t' || r == '\n' || r == '\r'
	})
	vs = make([]float64, 0, len(fields))
	for _, f := range fields {
		v, ok := parseNumber(f)
		if !ok {
			return nil, f
		}
		vs = append(vs, v)
	}
	return vs, ""
}

// FormatValues writes an empirical distribution's values as ParseValues reads them.
func FormatValues(vs []float64) string {
	var b strings.Builder
	for i, v := range vs {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(FormatNumber(v))
	}
	return b.String()
}

func knownKind(k model.Kind) bool {
	for _, kk := range model.Kinds {
		if kk == k {
			return true
		}
	}
	return false
}

func kindNames() string {
	names := make([]string, len(model.Kinds))
	for i, k := range model.Kinds {
		names[i] = string(k)
	}
	return strings.Join(names, ", ")
}

// ConvertDist returns a distribution of kind k centred where d is: the
// new kind's parameters are chosen so that its mean is d's mean (when d
// is valid and its mean positive, else 1), with a moderate spread. An
// empirical distribution gets nine observations at d's deciles.
func ConvertDist(d model.Dist, k model.Kind) model.Dist {
	if d.Kind == k {
		return d
	}
	valid := len(d.Validate()) == 0
	m := 1.0
	if valid {
		if mm := d.MeanClamped(); mm > 0 && !math.IsInf(mm, 0) {
			m = mm
		} else if mm == 0 {
			m = 0
		}
	}
	r := round4
	switch k {
	case model.Fixed:
		return model.FixedDist(r(m))
	case model.Uniform:
		return model.UniformDist(r(m/2), r(m*1.5))
	case model.Triangular:
		if m == 0 {
			return model.TriangularDist(0, 0, 1)
		}
		return model.TriangularDist(r(m/2), r(m*0.75), r(m*1.75))
	case model.Normal:
		return model.NormalDist(r(m), r(m/5))
	case model.LogNormal:
		if m == 0 {
			m = 1
		}
		// Median m/1.2 and P95 2.2·median keep the mean near m.
		return model.LogNormalDist(r(m/1.2), r(m/1.2*2.2))
	case model.Exponential:
		if m == 0 {
			m = 1
		}
		return model.ExponentialDist(r(m))
	case model.Weibull:
		if m == 0 {
			m = 1
		}
		const shape = 1.5
		return model.WeibullDist(shape, r(m/math.Gamma(1+1/shape)))
	case model.Empirical:
		if !valid {
			return model.EmpiricalDist(r(m))
		}
		vs := make([]float64, 0, 9)
		for i := 1; i <= 9; i++ {
			vs = append(vs, r(d.Quantile(float64(i)/10)))
		}
		return model.EmpiricalDist(vs...)
	}
	return d
}

// round4 rounds to four significant digits, for parameters people read.
func round4(v float64) float64 {
	if v == 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return v
	}
	f, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 4, 64), 64)
	return f
}

// locate returns a pointer to the field at path, and for a path inside a
// distribution ("….warmup.p95") the pointer to the dist and the part
// after it ("p95"). Only the fields the form shows (model.Field.Form)
// are found.
func locate(s *model.Scenario, path string) (ptr any, rest string, ok bool) {
	if f, i, ok := model.FieldAt(path); ok && f.Form && f.Type != model.DistField {
		if p := f.Ptr(s, i); p != nil {
			return p, "", true
		}
		return nil, "", false
	}
	cut := strings.LastIndexByte(path, '.')
	if cut < 0 {
		return nil, "", false
	}
	if f, i, ok := model.FieldAt(path[:cut]); ok && f.Form && f.Type == model.DistField {
		if p := f.Ptr(s, i); p != nil {
			return p, path[cut+1:], true
		}
	}
	return nil, "", false
}

// FieldText returns the text a form shows for the field at path: numbers
// in their shortest exact form, booleans as "true"/"false", an empirical
// distribution's values as a list. An unknown path gives "".
func FieldText(s *model.Scenario, path string) string {
	ptr, rest, ok := locate(s, path)
	if !ok {
		return ""
	}
	switch p := ptr.(type) {
	case *string:
		return *p
	case *bool:
		return strconv.FormatBool(*p)
	case *int:
		return strconv.Itoa(*p)
	case *uint64:
		return strconv.FormatUint(*p, 10)
	case *float64:
		return FormatNumber(*p)
	case *model.Dist:
		switch rest {
		case "kind":
			return string(p.Kind)
		case "values":
			return FormatValues(p.Values)
		}
		v, _ := p.Param(rest)
		return FormatNumber(v)
	}
	return ""
}

// FormatNumber writes v in its shortest exact decimal form ("0.75",
// "1440", "1000000"), with an exponent only for very small or large values.
func FormatNumber(v float64) string {
	if a := math.Abs(v); a == 0 || (a >= 1e-6 && a < 1e15) {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// NewRoleName returns a role name not used in s: "role2", "role3", ….
func NewRoleName(s *model.Scenario) string {
	used := map[string]bool{}
	for _, r := range s.Roles {
		used[r.Name] = true
	}
	for i := len(s.Roles) + 1; ; i++ {
		if n := fmt.Sprintf("role%d", i); !used[n] {
			return n
		}
	}
}
