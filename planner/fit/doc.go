// Package fit calibrates a duration distribution of a scenario from
// observed durations, in minutes.
//
// Parse reads pasted text (one number per line, or CSV with a header);
// FitLogNormal, FitWeibull and FitGamma fit a family by maximum
// likelihood; KS measures how far a fitted CDF lies from the data
// (the one-sample Kolmogorov–Smirnov statistic); Calibrate runs all
// three, picks the family with the smallest KS statistic and says which
// model.Dist to keep.
//
// The model has lognormal and Weibull kinds but no gamma kind
// (model.Kinds). A gamma fit is computed and reported, but Fit.Dist
// refuses it and Calibrate's Keep falls back to the better of the
// representable fits (by KS), with the data itself (Empirical) always on
// offer as well.
//
// fit imports model and gonum's distuv, and mathext, and nothing
// from the UI or from plotting.
package fit
