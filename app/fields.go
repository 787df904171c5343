package app

// fieldMeta is how the form presents one field: its label, the unit after
// the input, and a hint under it.
type fieldMeta struct {
	Label string
	Unit  string
	Hint  string
}

// fieldMetas are keyed by the field's last path element ("p95",
// "instances"), or by the full path where the same name differs.
var fieldMetas = map[string]fieldMeta{
	"name":                 {Label: "Name"},
	"upgrade_domains":      {Label: "Upgrade domains", Hint: "1 to 20; instance i lives in domain i mod U"},
	"sla_target_pct":       {Label: "SLA target", Unit: "%", Hint: "monthly availability, 50 to below 100"},
	"bad_error_rate":       {Label: "Bad error rate", Unit: "share", Hint: "a minute is bad while more than this share of requests fails (0.05 = 5 %)"},
	"ready_timeout":        {Label: "Ready timeout", Unit: "min", Hint: "the platform moves on to the next domain after this"},
	"onstop_limit":         {Label: "OnStop limit", Unit: "min", Hint: "graceful shutdown is cut off after this"},
	"month_minutes":        {Label: "Month", Unit: "min"},
	"trials":               {Label: "Trials", Unit: "months", Hint: "1 to 1 000 000 simulated months"},
	"seed":                 {Label: "Seed", Hint: "same seed, same numbers"},
	"host_reboot":          {Label: "Host reboot", Unit: "min"},
	"ud_gap":               {Label: "Pause before each later domain", Unit: "min"},
	"host_failure_prob":    {Label: "Host failure probability", Unit: "0–1", Hint: "chance a host does not come back by itself"},
	"host_recovery":        {Label: "Host recovery", Unit: "min"},
	"delay_after_host":     {Label: "Start after the Host OS pass", Unit: "min"},
	"os_boot":              {Label: "OS boot after reimage", Unit: "min"},
	"delay_after_guest":    {Label: "Start after the previous pass", Unit: "min"},
	"process_restart":      {Label: "Process restart", Unit: "min"},
	"roles.name":           {Label: "Role name"},
	"instances":            {Label: "Instances", Hint: "1 to 1000"},
	"utilization":          {Label: "Utilisation", Unit: "of one instance", Hint: "load per instance at full strength (0.75 = 75 % CPU), drawn per pass"},
	"overload_at":          {Label: "Overload at", Unit: "of one instance", Hint: "load per instance above which the excess fails"},
	"onstop":               {Label: "OnStop", Unit: "min"},
	"startup_tasks":        {Label: "Startup tasks", Unit: "min"},
	"onstart":              {Label: "OnStart", Unit: "min"},
	"warmup":               {Label: "Warm-up", Unit: "min"},
	"warmup_in_onstart":    {Label: "Warm up inside OnStart", Hint: "the instance joins the load balancer only when warm"},
	"startup_failure_prob": {Label: "Start failure probability", Unit: "0–0.9", Hint: "each start attempt fails with this chance and is retried"},
	"rerun_defect_prob":    {Label: "Rerun defect probability", Unit: "0–1", Hint: "per Host OS pass: startup tasks break when run again"},
	"reimage_defect_prob":  {Label: "Reimage defect probability", Unit: "0–1", Hint: "per Guest OS pass: the role misbehaves after a reimage"},
	"repair":               {Label: "Time to repair a defect", Unit: "min"},
}

// paramLabels name a distribution's parameters for people.
var paramLabels = map[string]string{
	"value": "value", "min": "min", "mode": "mode", "max": "max", "mean": "mean",
	"sd": "sd", "p50": "median", "p95": "P95", "shape": "shape", "scale": "scale",
	"values": "observations",
}

func metaFor(key string) fieldMeta {
	if m, ok := fieldMetas[key]; ok {
		return m
	}
	return fieldMeta{Label: key}
}
