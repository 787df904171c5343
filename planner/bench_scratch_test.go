package planner

import (
	"rolloutplanner/model"
	"testing"
)

func BenchmarkScratchFleet(b *testing.B) {
	s := model.Default()
	s.Roles[0].Instances = 5
	s.Roles[0].OnStop = model.LogNormalDist(1, 3)
	s.Roles[0].StartupTasks = model.LogNormalDist(3, 6)
	s.Roles[0].OnStart = model.TriangularDist(1, 2, 4)
	s.Roles[0].Warmup = model.LogNormalDist(4, 9)
	s.Roles[0].Utilization = model.NormalDist(0.5, 0.05)
	r2 := s.Roles[0]
	r2.Name = "api"
	r2.Instances = 3
	r3 := s.Roles[0]
	r3.Name = "worker"
	r3.Instances = 2
	s.Roles = append(s.Roles, r2, r3)
	e, err := New(s)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		acc := e.NewAccumulator()
		e.Run(acc, 0, 10000)
	}
	b.ReportMetric(float64(b.N*10000)/b.Elapsed().Seconds(), "trials/s")
}
