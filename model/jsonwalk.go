package model

import (
	"encoding/json"
	"fmt"
)

// MaxObjectKeys is the most keys one JSON object of a scenario document
// may hold. The largest object the format defines, a role, has 13; the
// limit keeps a document of many unknown keys from costing a problem
// (and its text) per key.
const MaxObjectKeys = 64

// shape tells the walker which lists and objects of a document to keep:
// the ones the scenario format defines. Every other list or object (a
// value of an unknown key, a list where a number belongs) is skipped
// without being stored, and stands in the tree as a skipped value, so
// that the decoder can still say what type it was.
type shape struct {
	fields map[string]*shape // an object: keys whose values are lists or objects
	elem   *shape            // a list: the shape of its elements (nil: numbers and other scalars)
	list   bool              // a list rather than an object
	max    int               // a list: the most elements it may hold
	limit  string            // a list: the rule once max is passed
}

// skipped stands for a list or an object that the walker did not keep:
// "a list" or "an object".
type skipped string

var (
	distShape = &shape{fields: map[string]*shape{
		"values": {list: true, max: MaxEmpiricalValues,
			limit: fmt.Sprintf("must hold at most %d observations; this list has more (the rest of the scenario was not read)", MaxEmpiricalValues)},
	}}
	roleShape     = &shape{fields: distShapes(RoleGroup)}
	scenarioShape = &shape{fields: map[string]*shape{
		"passes": {fields: map[string]*shape{
			string(HostOS):     {fields: distShapes(HostOSGroup)},
			string(GuestOS):    {fields: distShapes(GuestOSGroup)},
			string(GuestAgent): {fields: distShapes(GuestAgentGroup)},
		}},
		"roles": {list: true, elem: roleShape, max: MaxRoles,
			limit: fmt.Sprintf("must hold at most %d roles; this scenario has more (the rest of it was not read)", MaxRoles)},
	}}
)

// distShapes maps the keys of g's distributions to distShape: the only
// objects a group's fields hold.
func distShapes(g Group) map[string]*shape {
	m := map[string]*shape{}
	for _, f := range GroupFields(g) {
		if f.Type == DistField {
			m[f.Key] = distShape
		}
	}
	return m
}

// walker reads a document that json.Valid accepted into the tree that the
// decoder reads (map[string]any, []any, json.Number, string, bool, nil
// and skipped), keeping only what its shape names. It counts every list
// and object as it goes and stops at the first one above its limit, so a
// small document that claims a million roles costs no more than one of
// 17: nothing beyond a limit is decoded or stored. It reports duplicate
// keys at every level. It never recurses into what it skips, so nesting
// costs no stack.
type walker struct {
	data    []byte
	i       int
	ps      Problems
	stopped bool // a limit was passed: the rest is not read
}

func (w *walker) space() {
	for w.i < len(w.data) {
		switch w.data[w.i] {
		case ' ', '\t', '\n', '\r':
			w.i++
		default:
			return
		}
	}
}

// value reads the value at w.i, which sh describes (nil: a scalar).
func (w *walker) value(sh *shape, path string) any {
	switch c := w.data[w.i]; {
	case c == '{':
		if sh == nil || sh.list {
			w.skip()
			return skipped("an object")
		}
		return w.object(sh, path)
	case c == '[':
		if sh == nil || !sh.list {
			w.skip()
			return skipped("a list")
		}
		return w.list(sh, path)
	case c == '"':
		return w.str()
	case c == 't':
		w.i += len("true")
		return true
	case c == 'f':
		w.i += len("false")
		return false
	case c == 'n':
		w.i += len("null")
		return nil
	}
	start := w.i
	for w.i < len(w.data) && isNumberByte(w.data[w.i]) {
		w.i++
	}
	return json.Number(w.data[start:w.i])
}

func isNumberByte(c byte) bool {
	return '0' <= c && c <= '9' || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E'
}

func (w *walker) object(sh *shape, path string) any {
	m := map[string]any{}
	w.i++ // {
	w.space()
	if w.data[w.i] == '}' {
		w.i++
		return m
	}
	for {
		w.space()
		key := w.str()
		w.space()
		w.i++ // :
		w.space()
		switch _, dup := m[key]; {
		case dup:
			w.ps.add(join(path, key), "this key appears twice; keep one of them")
			w.skip()
		case len(m) == MaxObjectKeys:
			w.ps.add(path, "must hold at most %d keys; this object has more (the rest of the scenario was not read)", MaxObjectKeys)
			w.stopped = true
			return m
		default:
			m[key] = w.value(sh.fields[key], join(path, key))
			if w.stopped {
				return m
			}
		}
		w.space()
		c := w.data[w.i]
		w.i++ // , or }
		if c == '}' {
			return m
		}
	}
}

func (w *walker) list(sh *shape, path string) any {
	var out []any
	w.i++ // [
	w.space()
	if w.data[w.i] == ']' {
		w.i++
		return []any{}
	}
	for {
		w.space()
		if len(out) == sh.max {
			w.ps.add(path, "%s", sh.limit)
			w.stopped = true
			return out
		}
		var elemPath string
		if sh.elem != nil {
			elemPath = fmt.Sprintf("%s[%d]", path, len(out))
		}
		out = append(out, w.value(sh.elem, elemPath))
		if w.stopped {
			return out
		}
		w.space()
		c := w.data[w.i]
		w.i++ // , or ]
		if c == ']' {
			return out
		}
	}
}

// str reads the string at w.i, as encoding/json unquotes it.
func (w *walker) str() string {
	start := w.i
	w.i++ // "
	plain := true
	for {
		c := w.data[w.i]
		w.i++
		if c == '"' {
			break
		}
		if c == '\\' {
			w.i++ // the escaped byte: never the closing quote
			plain = false
		} else if c >= 0x80 {
			plain = false // let encoding/json replace invalid UTF-8 as it always did
		}
	}
	if plain {
		return string(w.data[start+1 : w.i-1])
	}
	var s string
	if err := json.Unmarshal(w.data[start:w.i], &s); err != nil {
		return "" // not reached: json.Valid accepted the document
	}
	return s
}

// skip passes over the value at w.i without keeping it.
func (w *walker) skip() {
	depth := 0
	for {
		switch c := w.data[w.i]; c {
		case '"':
			w.skipString()
			if depth == 0 {
				return
			}
			continue
		case '{', '[':
			depth++
		case '}', ']':
			depth--
		default:
			if depth == 0 && c != ' ' && c != '\t' && c != '\n' && c != '\r' {
				// A number or a literal at the top of the skipped value.
				for w.i < len(w.data) && w.data[w.i] != ',' && w.data[w.i] != '}' && w.data[w.i] != ']' &&
					w.data[w.i] != ' ' && w.data[w.i] != '\t' && w.data[w.i] != '\n' && w.data[w.i] != '\r' {
					w.i++
				}
				return
			}
		}
		w.i++
		if depth == 0 {
			return
		}
	}
}

func (w *walker) skipString() {
	w.i++ // "
	for {
		c := w.data[w.i]
		w.i++
		if c == '"' {
			return
		}
		if c == '\\' {
			w.i++
		}
	}
}
