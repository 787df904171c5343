package model

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
)

// MaxScenarioBytes is the largest scenario document Decode accepts.
const MaxScenarioBytes = 4 << 20

// Decode reads a scenario document strictly and validates it. Fields that
// are absent take their defaults (Default, DefaultRole, DefaultPasses);
// unknown fields, values of the wrong type and broken rules are all
// reported at once, as Problems, each with its field path. Decode never
// panics. On error the returned scenario holds what could be read.
func Decode(data []byte) (Scenario, error) {
	s, ps, complete := decodeTree(data)
	if !complete {
		return s, ps.Err() // not JSON, or not read to its end: nothing to validate
	}
	// Validate what was read too, so that every problem shows at once, but
	// skip fields the decoder already reported (they hold their defaults).
	for _, p := range s.Validate() {
		if len(ps.For(p.Path)) == 0 && !coveredBy(ps, p.Path) {
			ps = append(ps, p)
		}
	}
	return s, ps.Err()
}

// coveredBy reports whether a problem in ps is about path or a field that
// contains it.
func coveredBy(ps Problems, path string) bool {
	for _, p := range ps {
		if strings.HasPrefix(path, p.Path+".") || strings.HasPrefix(path, p.Path+"[") {
			return true
		}
	}
	return false
}

// UnmarshalJSON reads a scenario strictly, like Decode, but does not
// validate it.
func (s *Scenario) UnmarshalJSON(data []byte) error {
	d, err := decodeOnly(data)
	if err != nil {
		return err
	}
	*s = d
	return nil
}

// Encode returns the scenario as indented JSON, the form Decode reads.
// Every field is written, so the document is complete without defaults.
func Encode(s Scenario) ([]byte, error) {
	return json.MarshalIndent(s, "", "  ")
}

func decodeOnly(data []byte) (Scenario, error) {
	s, ps, _ := decodeTree(data)
	return s, ps.Err()
}

// decodeTree reads data into a scenario. complete is false when the
// document was not read to its end (not JSON, or a limit was passed), in
// which case validating what was read would only add noise.
func decodeTree(data []byte) (s Scenario, ps Problems, complete bool) {
	s = Default()
	if len(data) > MaxScenarioBytes {
		return s, Problems{{Rule: fmt.Sprintf("the scenario is %d bytes; at most %d are read", len(data), MaxScenarioBytes)}}, false
	}
	v, ps, complete, err := parseJSON(data, scenarioShape)
	if err != nil {
		return s, Problems{{Rule: err.Error()}}, false // not JSON at all
	}
	if !complete {
		// A limit was passed: keep what was read, for a form to show,
		// but report only the reader's problems.
		var ignored Problems
		decodeScenario(&ignored, v, &s)
		return s, ps, false
	}
	decodeScenario(&ps, v, &s)
	return s, ps, true
}

// parseJSON reads exactly one JSON value, keeping numbers as json.Number.
// It keeps only the lists and objects that sh names; every other list or
// object is skipped without being stored (see walker). The problems are
// duplicate keys and passed limits; complete is false when the document
// is not valid JSON (err) or a limit stopped the reading.
func parseJSON(data []byte, sh *shape) (v any, ps Problems, complete bool, err error) {
	if !json.Valid(data) {
		return nil, nil, false, errors.New("not valid JSON: " + syntaxErrText(data))
	}
	w := walker{data: data}
	w.space()
	v = w.value(sh, "")
	return v, w.ps, !w.stopped, nil
}

// syntaxErrText explains why data, which json.Valid rejects, is not JSON.
func syntaxErrText(data []byte) string {
	dec := json.NewDecoder(bytes.NewReader(data))
	var d discard
	if err := dec.Decode(&d); err != nil {
		return jsonErrText(err, data)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return fmt.Sprintf("unexpected data after the document at byte %d", dec.InputOffset())
	}
	return "the document is not valid JSON" // not reached: json.Valid and Decoder agree
}

// discard reads any JSON value and keeps nothing of it.
type discard struct{}

func (*discard) UnmarshalJSON([]byte) error { return nil }

func jsonErrText(err error, data []byte) string {
	var syn *json.SyntaxError
	if errors.As(err, &syn) {
		line := 1 + bytes.Count(data[:min(int(syn.Offset), len(data))], []byte("\n"))
		return fmt.Sprintf("%s (line %d, byte %d)", syn.Error(), line, syn.Offset)
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return "the document is empty or cut short"
	}
	return err.Error()
}

// fields walks one JSON object, reading the known keys into Go values and
// reporting unknown keys and type errors under the object's path.
type fields struct {
	ps   *Problems
	path string
	m    map[string]any
	used map[string]bool
}

func object(ps *Problems, path string, v any) (*fields, bool) {
	m, ok := v.(map[string]any)
	if !ok {
		ps.add(path, "must be an object, not %s", jsonType(v))
		return nil, false
	}
	return &fields{ps: ps, path: path, m: m, used: map[string]bool{}}, true
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func (f *fields) get(key string) (any, string, bool) {
	f.used[key] = true
	v, ok := f.m[key]
	return v, join(f.path, key), ok
}

// done reports every key that was not read, in sorted order.
func (f *fields) done(known string) {
	var unknown []string
	for k := range f.m {
		if !f.used[k] {
			unknown = append(unknown, k)
		}
	}
	slices.Sort(unknown)
	for _, k := range unknown {
		f.ps.add(join(f.path, k), "unknown field (known: %s)", known)
	}
}

func (f *fields) str(key string, dst *string) {
	if v, path, ok := f.get(key); ok {
		if s, isStr := v.(string); isStr {
			*dst = s
		} else {
			f.ps.add(path, "must be a string, not %s", jsonType(v))
		}
	}
}

func (f *fields) boolean(key string, dst *bool) {
	if v, path, ok := f.get(key); ok {
		if b, isBool := v.(bool); isBool {
			*dst = b
		} else {
			f.ps.add(path, "must be true or false, not %s", jsonType(v))
		}
	}
}

func (f *fields) float(key string, dst *float64) {
	if v, path, ok := f.get(key); ok {
		readFloat(f.ps, path, v, dst)
	}
}

func readFloat(ps *Problems, path string, v any, dst *float64) bool {
	n, ok := v.(json.Number)
	if !ok {
		ps.add(path, "must be a number, not %s", jsonType(v))
		return false
	}
	x, err := strconv.ParseFloat(string(n), 64)
	if err != nil || math.IsInf(x, 0) {
		ps.add(path, "must be a finite number (got %s)", n)
		return false
	}
	*dst = x
	return true
}

func (f *fields) integer(key string, dst *int) {
	if v, path, ok := f.get(key); ok {
		n, isNum := v.(json.Number)
		if !isNum {
			f.ps.add(path, "must be a whole number, not %s", jsonType(v))
			return
		}
		x, err := strconv.ParseInt(string(n), 10, 32)
		if err != nil {
			// Accept 2.0 or 1e3, which are whole numbers written as floats.
			fl, ferr := strconv.ParseFloat(string(n), 64)
			if ferr != nil || fl != math.Trunc(fl) || math.Abs(fl) > math.MaxInt32 {
				f.ps.add(path, "must be a whole number (got %s)", n)
				return
			}
			x = int64(fl)
		}
		*dst = int(x)
	}
}

func (f *fields) uint64(key string, dst *uint64) {
	if v, path, ok := f.get(key); ok {
		n, isNum := v.(json.Number)
		if !isNum {
			f.ps.add(path, "must be a whole number, not %s", jsonType(v))
			return
		}
		x, err := strconv.ParseUint(string(n), 10, 64)
		if err != nil {
			f.ps.add(path, "must be a whole number from 0 to 18446744073709551615 (got %s)", n)
			return
		}
		*dst = x
	}
}

func (f *fields) dist(key string, dst *Dist) {
	if v, path, ok := f.get(key); ok {
		if d, ok := decodeDist(f.ps, path, v); ok {
			*dst = d
		}
	}
}

func jsonType(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case json.Number:
		return "a number"
	case string:
		return "a string"
	case []any:
		return "a list"
	case map[string]any:
		return "an object"
	case skipped:
		return string(v)
	}
	return fmt.Sprintf("%T", v)
}

// read decodes the value of field fd from f into dst, a pointer of the
// field's type.
func (f *fields) read(fd Field, dst any) {
	switch p := dst.(type) {
	case *string:
		f.str(fd.Key, p)
	case *bool:
		f.boolean(fd.Key, p)
	case *int:
		f.integer(fd.Key, p)
	case *uint64:
		f.uint64(fd.Key, p)
	case *float64:
		f.float(fd.Key, p)
	case *Dist:
		f.dist(fd.Key, p)
	}
}

func decodeScenario(ps *Problems, v any, s *Scenario) {
	f, ok := object(ps, "", v)
	if !ok {
		return
	}
	for _, fd := range GroupFields(ServiceGroup) {
		f.read(fd, fd.Ptr(s, 0))
	}
	if pv, path, ok := f.get("passes"); ok {
		decodePasses(ps, path, pv, s)
	}
	if rv, path, ok := f.get("roles"); ok {
		list, isList := rv.([]any)
		if !isList {
			ps.add(path, "must be a list of roles, not %s", jsonType(rv))
		} else {
			s.Roles = make([]Role, len(list))
			for i, item := range list {
				s.Roles[i] = DefaultRole("")
				decodeRole(ps, fmt.Sprintf("%s[%d]", path, i), item, &s.Roles[i])
			}
		}
	}
	f.done(knownKeys(ServiceGroup))
}

func decodePasses(ps *Problems, path string, v any, s *Scenario) {
	f, ok := object(ps, path, v)
	if !ok {
		return
	}
	for _, pk := range []PassKind{HostOS, GuestOS, GuestAgent} {
		g := Group("passes." + string(pk))
		if pv, ppath, ok := f.get(string(pk)); ok {
			if p, ok := object(ps, ppath, pv); ok {
				for _, fd := range GroupFields(g) {
					p.read(fd, fd.Ptr(s, 0))
				}
				p.done(knownKeys(g))
			}
		}
	}
	f.done("host_os, guest_os, guest_agent")
}

func decodeRole(ps *Problems, path string, v any, r *Role) {
	f, ok := object(ps, path, v)
	if !ok {
		return
	}
	for _, fd := range GroupFields(RoleGroup) {
		f.read(fd, fd.RolePtr(r))
	}
	f.done(knownKeys(RoleGroup))
}

// decodeDist reads {"kind": …, params…}. A number alone is read as a
// fixed distribution, so hand-written scenarios can say "warmup": 5.
func decodeDist(ps *Problems, path string, v any) (Dist, bool) {
	if n, isNum := v.(json.Number); isNum {
		var x float64
		if !readFloat(ps, path, n, &x) {
			return Dist{}, false
		}
		return FixedDist(x), true
	}
	f, ok := object(ps, path, v)
	if !ok {
		return Dist{}, false
	}
	before := len(*ps)
	var kind string
	kv, kpath, hasKind := f.get("kind")
	if !hasKind {
		ps.add(kpath, "is required: one of %s", kindList())
		return Dist{}, false
	}
	kind, isStr := kv.(string)
	if !isStr {
		ps.add(kpath, "must be a string, one of %s", kindList())
		return Dist{}, false
	}
	d := Dist{Kind: Kind(kind)}
	params, known := kindParams[d.Kind]
	if !known {
		ps.add(kpath, "must be one of %s (got %q)", kindList(), kind)
		return Dist{}, false
	}
	for _, p := range params {
		pv, ppath, ok := f.get(p.name)
		if !ok {
			ps.add(ppath, "is required for kind %s", kind)
			continue
		}
		readFloat(ps, ppath, pv, p.ptr(&d))
	}
	if d.Kind == Empirical {
		vv, vpath, ok := f.get("values")
		switch list, isList := vv.([]any); {
		case !ok:
			ps.add(vpath, "is required for kind empirical")
		case !isList:
			ps.add(vpath, "must be a list of numbers, not %s", jsonType(vv))
		default:
			d.Values = make([]float64, len(list))
			for i, item := range list {
				if n, isNum := item.(json.Number); isNum {
					// The common case, without building the path.
					if x, err := strconv.ParseFloat(string(n), 64); err == nil && !math.IsInf(x, 0) {
						d.Values[i] = x
						continue
					}
				}
				readFloat(ps, fmt.Sprintf("%s[%d]", vpath, i), item, &d.Values[i])
				break
			}
		}
	}
	f.done("kind, " + strings.Join(ParamNames(d.Kind), ", "))
	return d, len(*ps) == before
}

func kindList() string {
	names := make([]string, len(Kinds))
	for i, k := range Kinds {
		names[i] = string(k)
	}
	return strings.Join(names, ", ")
}
