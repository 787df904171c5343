package sitehttp

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"sync"

	"github.com/andybalholm/brotli"
)

// BrotliQuality is the brotli quality of pre-compressed files: 5 of 11
// gives app.wasm within 2 % of quality 6 in well under half the time, and
// quality 11 takes minutes for 18 MB in pure Go.
const BrotliQuality = 5

// Precompress writes NAME.gz (gzip at the default level: app.wasm within
// 0.4 % of the best, several times faster) and NAME.br (brotli)
// beside every compressible file under dir (see Compressible), for static
// hosts that serve pre-compressed files and for Handler. Existing .gz and
// .br files are replaced; the output is deterministic. It returns the
// files it compressed, relative to dir, sorted.
func Precompress(dir string) ([]string, error) {
	var names []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() && Compressible(p) {
			rel, err := filepath.Rel(dir, p)
			if err != nil {
				return err
			}
			names = append(names, rel)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("listing %s: %w", dir, err)
	}
	sort.Strings(names)

	// One job per file and coding, biggest first, on a few goroutines.
	type job struct{ name, enc string }
	var jobs []job
	for _, n := range names {
		jobs = append(jobs, job{n, Brotli}, job{n, Gzip})
	}
	size := func(n string) int64 {
		fi, err := os.Stat(filepath.Join(dir, n))
		if err != nil {
			return 0
		}
		return fi.Size()
	}
	sort.SliceStable(jobs, func(i, j int) bool { return size(jobs[i].name) > size(jobs[j].name) })

	ch := make(chan job)
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
	)
	for range min(runtime.GOMAXPROCS(0), 4) {
		wg.Go(func() {
			for j := range ch {
				if err := compressFile(filepath.Join(dir, j.name), j.enc); err != nil {
					mu.Lock()
					if first == nil {
						first = err
					}
					mu.Unlock()
				}
			}
		})
	}
	for _, j := range jobs {
		ch <- j
	}
	close(ch)
	wg.Wait()
	if first != nil {
		return nil, first
	}
	return names, nil
}

// compressFile writes p+".gz" or p+".br".
func compressFile(p, enc string) error {
	data, err := os.ReadFile(p)
	if err != nil {
		return err
	}
	var out []byte
	switch enc {
	case Gzip:
		out, err = GzipBytes(data, gzip.DefaultCompression)
	case Brotli:
		out, err = BrotliBytes(data)
	default:
		err = fmt.Errorf("unknown coding %q", enc)
	}
	if err != nil {
		return fmt.Errorf("compressing %s: %w", p, err)
	}
	if err := os.WriteFile(p+suffix[enc], out, 0o644); err != nil {
		return fmt.Errorf("writing %s: %w", p+suffix[enc], err)
	}
	return nil
}

// BrotliBytes compresses data with brotli at BrotliQuality and a 16 MiB
// window (so that app.wasm's repeats far apart still match).
func BrotliBytes(data []byte) ([]byte, error) {
	var b bytes.Buffer
	bw := brotli.NewWriterOptions(&b, brotli.WriterOptions{Quality: BrotliQuality, LGWin: 24})
	if _, err := bw.Write(data); err != nil {
		return nil, err
	}
	if err := bw.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
