package app

import (
	"math"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/stat/distuv"

	"rolloutplanner/model"
)

// Size of a distribution's preview, in SVG user units.
const (
	previewW      = 160
	previewH      = 36
	previewPoints = 64
	previewBins   = 16 // bins of an empirical distribution's histogram
)

// distPreview is the small picture of a distribution's shape that the
// editor shows beside its parameters.
type distPreview struct {
	SVG     string // inline SVG markup, numbers only (no text from the scenario)
	Caption string // "median 5 · P95 10 min"
}

// previewOf draws d's density over its central 99 % (samples are clamped
// to ≥ 0, so the range starts at 0 at the lowest). It returns the zero
// value for an invalid dist. unit follows the numbers of the caption.
func previewOf(d model.Dist, unit string) distPreview {
	if len(d.Validate()) > 0 {
		return distPreview{}
	}
	lo, hi := d.Quantile(0.005), d.Quantile(0.995)
	p50, p95 := d.Quantile(0.5), d.Quantile(0.95)
	caption := "median " + short(p50) + " · P95 " + short(p95)
	if lo == hi {
		caption = "always " + short(lo)
	}
	if unit != "" {
		caption += " " + unit
	}
	if lo == hi {
		return distPreview{SVG: spikeSVG(), Caption: caption}
	}
	density := densityOf(d, lo, hi)
	return distPreview{SVG: areaSVG(density), Caption: caption}
}

// densityOf returns the density of d at previewPoints evenly spaced
// points from lo to hi (a histogram for an empirical dist).
func densityOf(d model.Dist, lo, hi float64) []float64 {
	ys := make([]float64, previewPoints)
	step := (hi - lo) / (previewPoints - 1)
	var prob func(float64) float64
	switch d.Kind {
	case model.Uniform:
		prob = func(x float64) float64 {
			if x < d.Min || x > d.Max {
				return 0
			}
			return 1
		}
	case model.Triangular:
		prob = distuv.NewTriangle(d.Min, d.Max, d.Mode, nil).Prob
	case model.Normal:
		prob = distuv.Normal{Mu: d.Mean, Sigma: d.SD}.Prob
	case model.LogNormal:
		sigma := math.Log(d.P95/d.P50) / model.LognormalZ95
		prob = distuv.LogNormal{Mu: math.Log(d.P50), Sigma: sigma}.Prob
	case model.Exponential:
		prob = distuv.Exponential{Rate: 1 / d.Mean}.Prob
	case model.Weibull:
		prob = distuv.Weibull{K: d.Shape, Lambda: d.Scale}.Prob
	case model.Empirical:
		// A histogram of previewBins bins, drawn as steps: with tens of
		// observations, one bin per point would be a comb.
		var bins [previewBins]float64
		for _, v := range d.Values {
			b := int((max(v, 0) - lo) / (hi - lo) * previewBins)
			if b >= 0 && b <= previewBins {
				bins[min(b, previewBins-1)]++
			}
		}
		for i := range ys {
			ys[i] = bins[min(i*previewBins/previewPoints, previewBins-1)]
		}
		return ys
	default:
		return ys
	}
	for i := range ys {
		y := prob(lo + float64(i)*step)
		if math.IsNaN(y) || math.IsInf(y, 0) {
			y = 0
		}
		ys[i] = y
	}
	return ys
}

// areaSVG draws ys as a filled area scaled to the preview box.
func areaSVG(ys []float64) string {
	top := slices.Max(ys)
	if !(top > 0) {
		return spikeSVG()
	}
	var b strings.Builder
	b.WriteString(`<svg class="preview" viewBox="0 0 160 36" preserveAspectRatio="none" aria-hidden="true"><path d="M0 36`)
	for i, y := range ys {
		x := float64(i) * previewW / float64(len(ys)-1)
		h := previewH - 2 - y/top*(previewH-4)
		b.WriteString(" L" + num(x) + " " + num(h))
	}
	b.WriteString(` L160 36 Z"/></svg>`)
	return b.String()
}

// spikeSVG draws a fixed value: one bar in the middle.
func spikeSVG() string {
	return `<svg class="preview" viewBox="0 0 160 36" preserveAspectRatio="none" aria-hidden="true"><path d="M78 36 L78 2 L82 2 L82 36 Z"/></svg>`
}

func num(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }

// short formats a parameter for a caption with three significant digits.
func short(v float64) string {
	if v != 0 && (math.Abs(v) >= 1e5 || math.Abs(v) < 1e-3) {
		return strconv.FormatFloat(v, 'g', 3, 64)
	}
	return FormatNumber(round3(v))
}

func round3(v float64) float64 {
	f, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 3, 64), 64)
	return f
}
