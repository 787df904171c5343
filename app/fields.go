package app

import "rolloutplanner/model"

// fieldMeta is how the form presents one field: its label, the unit after
// the input, and a hint under it.
type fieldMeta struct {
	Label string
	Unit  string
	Hint  string
}

// metaOf is the presentation of a field of the scenario, from model.Fields.
func metaOf(f model.Field) fieldMeta {
	return fieldMeta{Label: f.Label, Unit: f.Unit, Hint: f.Hint}
}

// metaFor is the presentation of the field with this JSON key ("p95",
// "instances"), for a summary that has only the last part of a path. A
// pass's "enabled" and a distribution's parameters are named by their key.
func metaFor(key string) fieldMeta {
	for _, f := range model.Fields {
		if _, pass := model.PassOf(f.Group); f.Key != key || pass && f.Type == model.BoolField {
			continue
		}
		return metaOf(f)
	}
	return fieldMeta{Label: key}
}

// paramLabels name a distribution's parameters for people.
var paramLabels = map[string]string{
	"value": "value", "min": "min", "mode": "mode", "max": "max", "mean": "mean",
	"sd": "sd", "p50": "median", "p95": "P95", "shape": "shape", "scale": "scale",
	"values": "observations",
}
