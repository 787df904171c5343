package app

// Actions that components post and the page handles on the UI goroutine.
const (
	actEdit       = "rp-edit"        // value: Edit
	actAddRole    = "rp-role-add"    // no value
	actRemoveRole = "rp-role-remove" // value: int, the role's index
	actPreset     = "rp-preset"      // value: string, a preset's name
	actRunNow     = "rp-run-now"     // no value: run the current scenario again
	actCancel     = "rp-run-cancel"  // no value
	actAdaptive   = "rp-run-adaptive"
	actExport     = "rp-export"  // value: exportRequest
	actImport     = "rp-import"  // value: importedFile
	actDismiss    = "rp-dismiss" // no value: hide the notice

	actEditTyped    = "rp-edit-typed"     // value: Edit, committed while typing (see textField)
	actUndo         = "rp-undo"           // no value: the scenario before the last change
	actRedo         = "rp-redo"           // no value: the change undo took back
	actStartPreset  = "rp-start-preset"   // no value: leave a reopened scenario for the default preset
	actImportValid  = "rp-import-valid"   // no value: load what is valid of the file under review
	actImportKeep   = "rp-import-keep"    // no value: drop the file under review, keep the scenario
	actGoToFirstBad = "rp-goto-first-bad" // no value: focus the first field with a problem

	actReview       = "rp-review"        // value: string, an analysis.Kind* of the capacity review
	actReviewCancel = "rp-review-cancel" // no value: stop the review's analysis
	actSweepToggle  = "rp-sweep-toggle"  // no value: show or hide the sweep form
	actSweepForm    = "rp-sweep-form"    // value: sweepFormEdit
	actReviewReport = "rp-review-report" // no value: download the review report
	actGoToField    = "rp-goto-field"    // value: string, a form field's id

	actPinA     = "rp-pin-a"     // no value: keep the results on screen as A
	actUnpinA   = "rp-unpin-a"   // no value
	actSwapAB   = "rp-swap-ab"   // no value
	actFitApply = "rp-fit-apply" // value: fitApply
)

// exportRequest asks for one download.
type exportRequest struct {
	What  string // "svg", "png" (with Chart), "zip" (every chart), "csv", "json", "scenario"
	Chart string // a chart's Spec.ID for "svg" and "png"
}

// importedFile is a scenario file the user picked.
type importedFile struct {
	Name string
	Size int // bytes, as the browser reports it; Data is nil when too large
	Data []byte
}
