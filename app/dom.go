package app

// The page's DOM contract: ids, classes and attributes that browser tests
// and scripts rely on. Pre-rendered HTML carries the same ids as the live
// page, so wait for RootID to have AttrLive = "1" before reading anything.
const (
	// RootID is the page's root element, <div id="planner">.
	RootID = "planner"
	// AttrLive is set to "1" on the root by the live WebAssembly client
	// (in OnMount), never in pre-rendered HTML.
	AttrLive = "data-live"
	// AttrState is the root's run state, one of the State* values.
	AttrState = "data-state"

	// StateInvalid: the scenario has problems; no run until they are fixed.
	StateInvalid = "invalid"
	// StateRunning: a run is under way (or about to start after a pause).
	StateRunning = "running"
	// StateDone: the cards and charts show the current scenario's results.
	StateDone = "done"
	// StateCancelled: the user cancelled the run; the cards show the
	// trials finished before the cancel, if any.
	StateCancelled = "cancelled"
	// StateError: the run failed; the notice says why.
	StateError = "error"

	// PresetID is the <select> of presets; its options' values are
	// model.Preset names.
	PresetID = "preset"

	// ProblemClass marks an inline problem message. The message of the
	// field at path has id FieldID(path)+ProblemSuffix.
	ProblemClass  = "problem"
	ProblemSuffix = "-msg"

	// ServiceCardID is the service's headline card; role i's card is
	// RoleCardPrefix+i ("card-role-0").
	ServiceCardID  = "card-service"
	RoleCardPrefix = "card-role-"
	// AttrMetric names a card's metric (MetricSLA, …); AttrValue holds its
	// exact value, strconv.FormatFloat(v, 'g', -1, 64).
	AttrMetric = "data-metric"
	AttrValue  = "data-value"

	// RunProgressID shows "done / total trials", with AttrDone and
	// AttrTotal holding the two whole numbers.
	RunProgressID = "run-progress"
	AttrDone      = "data-done"
	AttrTotal     = "data-total"
	// RunCancelID cancels the run; RunAdaptiveID runs until the service's
	// SLA-compliance interval is within ±0.5 points (capped at
	// AdaptiveCap trials); RunTrialsID shows the trials of the shown
	// result, with AttrValue holding the number.
	RunCancelID   = "run-cancel"
	RunAdaptiveID = "run-adaptive"
	RunTrialsID   = "run-trials"

	// CopyLinkID copies the share link; ShareLinkID is the read-only
	// input holding the full link.
	CopyLinkID  = "copy-link"
	ShareLinkID = "share-link"

	// NoticeID is the message area (role=alert): a bad link's error, a
	// refused import, a failed run. Absent when there is nothing to say.
	NoticeID = "notice"
	// StorageNoticeID is the note (role=status) that the browser keeps no
	// site data, so that the last scenario will not be remembered there;
	// absent when the browser keeps it.
	StorageNoticeID = "storage-notice"

	// ChartIDPrefix + charts.Spec.ID() is each chart's <figure
	// class="chart">. Export buttons carry AttrExport ("svg" or "png")
	// and AttrChart (the Spec.ID).
	ChartIDPrefix = "chart-"
	ChartClass    = "chart"
	AttrExport    = "data-export"
	AttrChart     = "data-chart"

	// ExportCSVID, ExportJSONID and ExportScenarioID download the results
	// as CSV, the results as JSON (the same bytes as `rollout -json`) and
	// the scenario as JSON; ImportScenarioID is the <input type="file">
	// that reads a scenario JSON file.
	ExportCSVID      = "export-csv"
	ExportJSONID     = "export-json"
	ExportScenarioID = "export-scenario"
	ImportScenarioID = "import-scenario"

	// ReviewID is the capacity review's <section>; its AttrState is
	// "idle", StateRunning while an analysis runs or StateError after one
	// failed. ReviewRunID runs the advisor, SensitivityRunID the
	// sensitivity study (±25 %), SweepOpenID shows the sweep form
	// (SweepFormID: SweepRoleID, SweepInstancesID, SweepDomainsID, a
	// checkbox SweepModePrefix+mode per warm-up mode, SweepProblemID for
	// what to correct) whose SweepRunID runs the sweep. ReviewProgressID
	// shows the analysis's progress with AttrDone and AttrTotal (runs for
	// the advisor, trials otherwise); ReviewCancelID stops it.
	ReviewID         = "review"
	ReviewRunID      = "review-run"
	ReviewCancelID   = "review-cancel"
	ReviewProgressID = "review-progress"
	SensitivityRunID = "sensitivity-run"
	SweepOpenID      = "sweep-open"
	SweepFormID      = "sweep-form"
	SweepRoleID      = "sweep-role"
	SweepInstancesID = "sweep-instances"
	SweepDomainsID   = "sweep-domains"
	SweepModePrefix  = "sweep-mode-"
	SweepProblemID   = "sweep-problem"
	SweepRunID       = "sweep-run"
	// FindingsID holds the advisor's findings, largest impact first: each
	// an element of class FindingClass with AttrKind (an advisor.Kind) and
	// AttrPath (the scenario field path), and, when the form has that
	// field, a button of class GoToFieldClass whose AttrTarget is the id
	// of the field it scrolls to and focuses. SweepID holds the sweep
	// (figure#chart-sweep-compliance, figure#chart-sweep-hard-down),
	// SensitivityID the tornado (figure#chart-tornado). A block computed on
	// another scenario than the one under edit has AttrStale = "1".
	// TogetherID, of class TogetherClass, is the advisor's combination of
	// changes ("Do these together"), first in FindingsID.
	TogetherID     = "together"
	TogetherClass  = "together"
	FindingsID     = "findings"
	FindingClass   = "finding"
	AttrKind       = "data-kind"
	AttrPath       = "data-path"
	GoToFieldClass = "finding-goto"
	AttrTarget     = "data-target"
	SweepID        = "sweep"
	SensitivityID  = "sensitivity"
	AttrStale      = "data-stale"
	// BudgetID is the SLA budget table of the results on screen; its
	// AttrValue is the allowance in minutes. ExportReportID downloads the
	// review report (one HTML file, as rollout report writes it), after
	// running whatever analysis it lacks.
	BudgetID       = "budget"
	ExportReportID = "export-report"

	// PinAID keeps the scenario under edit and its results as A
	// ("Pin as A"); UnpinAID forgets A; SwapABID makes the results on
	// screen A and puts A's scenario under edit. CompareID is the A/B
	// section, present while A is pinned: each metric's B − A is an
	// element with AttrDelta (the metric key for the service, "role-<i>.<key>"
	// for role i) and AttrValue (the exact difference, in the metric's
	// unit: a share for SLA compliance). ChartIDPrefix+CompareChartID is
	// the figure of both runs' bad-minutes CDFs overlaid.
	PinAID         = "pin-a"
	UnpinAID       = "unpin-a"
	SwapABID       = "swap-ab"
	CompareID      = "compare"
	AttrDelta      = "data-delta"
	CompareChartID = "compare-bad-minutes"

	// Each distribution editor has a "Fit to data…" box, its elements
	// marked with the distribution's path: a button with AttrFitOpen
	// opens it, the textarea with AttrFitInput takes pasted durations,
	// the button with AttrFitRun fits them; after a fit the box shows
	// figure#chart-fit (FitChartID) and the buttons with AttrFitKeep
	// (use the best fit) and AttrFitEmpirical (use the data itself).
	AttrFitOpen      = "data-fit-open"
	AttrFitInput     = "data-fit-input"
	AttrFitRun       = "data-fit-run"
	AttrFitKeep      = "data-fit-keep"
	AttrFitEmpirical = "data-fit-empirical"
	FitChartID       = "chart-fit"
)

// Metric keys of the cards' AttrMetric, in card order.
const (
	MetricSLA       = mSLA       // SLA compliance, a share 0..1
	MetricPBad      = mPBad      // share of months with a bad minute
	MetricPHardDown = mPHardDown // share of months with hard downtime
	MetricBadMean   = mBadMean   // mean bad minutes per month
	MetricBadP95    = mBadP95    // P95 of bad minutes per month
	MetricAvailP05  = mAvailP05  // 5th percentile of availability, percent
	MetricServed    = mServed    // mean requests served, percent
)

// FieldID returns the id of the input for the scenario field at path
// ("roles[0].warmup_in_onstart" → "f-roles-0-warmup_in_onstart"); a
// distribution's kind selector is at path+".kind".
func FieldID(path string) string { return fieldID(path) }
