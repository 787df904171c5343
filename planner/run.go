package planner

import (
	"context"
	"runtime"
	"sync"

	"rolloutplanner/model"
)

// DefaultChunk is how many trials run between two checks for cancellation
// and two progress reports.
const DefaultChunk = 500

// Options tune Run. The zero value runs on every core in chunks of
// DefaultChunk trials and reports no progress.
type Options struct {
	Workers  int                   // goroutines, each with its own Engine; ≤ 0 means GOMAXPROCS
	Chunk    int                   // trials per chunk; ≤ 0 means DefaultChunk
	Progress func(done, total int) // called after each chunk, from one goroutine at a time
}

// Run simulates trials [0, s.Trials) of scenario s and returns them
// accumulated. Trials run in chunks on several goroutines; the result is
// the same for any Workers and Chunk. When ctx is cancelled Run stops
// between chunks and returns ctx's error with the trials done so far. An
// invalid scenario gives its model.Problems. A run whose minutes are too
// large to add up returns its trials with ErrOverflow: their figures are
// finite but must not be shown.
func Run(ctx context.Context, s model.Scenario, opt Options) (*Accumulator, error) {
	return RunRange(ctx, s, 0, s.Trials, opt)
}

// RunRange is Run for trials [a, b), for callers (Web Workers, adaptive
// runs) that split the work themselves.
func RunRange(ctx context.Context, s model.Scenario, a, b int, opt Options) (*Accumulator, error) {
	first, err := New(s)
	if err != nil {
		return nil, err
	}
	chunk := opt.Chunk
	if chunk <= 0 {
		chunk = DefaultChunk
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = max(1, min(workers, (b-a+chunk-1)/chunk))

	total := a
	next := make(chan [2]int)
	go func() {
		defer close(next)
		for lo := a; lo < b; lo += chunk {
			select {
			case next <- [2]int{lo, min(lo+chunk, b)}:
			case <-ctx.Done():
				return
			}
		}
	}()
	var mu sync.Mutex
	result := first.NewAccumulator()
	done := 0
	var wg sync.WaitGroup
	for w := range workers {
		e := first
		if w > 0 {
			e, _ = New(s) // valid: checked above
		}
		wg.Go(func() {
			for r := range next {
				if ctx.Err() != nil {
					continue // drain
				}
				acc := e.NewAccumulator()
				e.Run(acc, r[0], r[1])
				mu.Lock()
				if err := result.Merge(acc); err != nil {
					panic("planner: " + err.Error()) // disjoint chunks by construction
				}
				done += r[1] - r[0]
				if opt.Progress != nil {
					opt.Progress(done, b-total)
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return result, err
	}
	return result, result.Err()
}
