package model

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// URLVersion is the version of the link format that EncodeURL writes and
// DecodeURL reads. It is independent of the scenario's own Version.
const URLVersion = 1

// Size limits of a scenario link.
const (
	// MaxURLCodeLen is the longest code DecodeURL reads and EncodeURL
	// writes, in bytes of code text (64 KiB), surrounding whitespace
	// excluded.
	MaxURLCodeLen = 64 << 10
	// MaxURLScenarioBytes is the largest scenario JSON a code may carry,
	// in bytes once decompressed (1 MiB). DecodeURL never inflates more
	// than this, so a small code that unpacks to gigabytes (a zip bomb)
	// costs at most this much memory.
	MaxURLScenarioBytes = 1 << 20
)

// Errors of the link codec. DecodeURL and EncodeURL wrap them with the
// details and with what to do; test for them with errors.Is.
var (
	// ErrURLEmpty reports a code that is empty or only whitespace.
	ErrURLEmpty = errors.New("the scenario link is empty")
	// ErrURLVersion reports a code that does not start with a version
	// prefix such as "v1.".
	ErrURLVersion = errors.New("the scenario link does not start with a version")
	// ErrURLNewer reports a code written by a newer planner, in a link
	// format this package does not read.
	ErrURLNewer = errors.New("this link was made by a newer planner")
	// ErrURLDamaged reports a code that is cut short, garbled, or holds
	// data that is not a compressed scenario.
	ErrURLDamaged = errors.New("the link is damaged or cut short")
	// ErrURLTooLarge reports a code, or a scenario, above MaxURLCodeLen
	// or MaxURLScenarioBytes.
	ErrURLTooLarge = errors.New("the scenario is too large for a link")
)

// urlEncoding is the base64url alphabet without padding. Strict rejects
// codes whose last character carries stray bits, so every scenario has
// one code only. Line breaks in a pasted code are still ignored.
var urlEncoding = base64.RawURLEncoding.Strict()

// urlPrefix is the version prefix of the codes EncodeURL writes.
var urlPrefix = fmt.Sprintf("v%d.", URLVersion)

// EncodeURL returns the scenario as a compact code for a shareable link:
// "v1." followed by the unpadded base64url form of the raw DEFLATE (best
// compression) of the scenario's compact JSON. The code uses only
// letters, digits, '-', '_' and '.', so it needs no escaping in a URL.
//
// EncodeURL does not validate s: an invalid scenario can be shared, and
// DecodeURL then returns it with its problems. It fails when s holds a
// number JSON cannot carry (NaN, ±Inf), when its JSON is above
// MaxURLScenarioBytes or when the code would be above MaxURLCodeLen
// (ErrURLTooLarge; share the scenario as a JSON file instead).
func EncodeURL(s Scenario) (string, error) {
	doc, err := json.Marshal(s)
	if err != nil {
		return "", fmt.Errorf("the scenario cannot be written as a link: %w", err)
	}
	if len(doc) > MaxURLScenarioBytes {
		return "", fmt.Errorf("%w: its JSON is %d bytes and a link carries at most %d; share it as a JSON file instead",
			ErrURLTooLarge, len(doc), MaxURLScenarioBytes)
	}
	var packed bytes.Buffer
	zw, err := flate.NewWriter(&packed, flate.BestCompression)
	if err != nil {
		return "", err // only for a bad level: a programmer error
	}
	if _, err := zw.Write(doc); err != nil {
		return "", err
	}
	if err := zw.Close(); err != nil {
		return "", err
	}
	n := len(urlPrefix) + urlEncoding.EncodedLen(packed.Len())
	if n > MaxURLCodeLen {
		return "", fmt.Errorf("%w: its code would be %d characters and a link carries at most %d; share it as a JSON file instead",
			ErrURLTooLarge, n, MaxURLCodeLen)
	}
	var b strings.Builder
	b.Grow(n)
	b.WriteString(urlPrefix)
	b.WriteString(urlEncoding.EncodeToString(packed.Bytes()))
	return b.String(), nil
}

// DecodeURL reads a code written by EncodeURL: only the code, without the
// rest of the link, though surrounding whitespace and line breaks inside
// are ignored. It unpacks the scenario and returns Decode's result, so a
// scenario that breaks the rules comes back with its Problems.
//
// A code that cannot be read gives an error that wraps ErrURLEmpty,
// ErrURLVersion, ErrURLNewer, ErrURLDamaged or ErrURLTooLarge and says
// what to do, and the returned scenario is Default(). DecodeURL never
// panics, reads at most MaxURLCodeLen bytes of code and inflates at most
// MaxURLScenarioBytes.
func DecodeURL(code string) (Scenario, error) {
	code = strings.TrimSpace(code)
	if code == "" {
		return Default(), fmt.Errorf("%w: paste the code of a planner link, which starts with %q", ErrURLEmpty, urlPrefix)
	}
	if len(code) > MaxURLCodeLen {
		return Default(), fmt.Errorf("%w: the code is %d characters and this planner reads at most %d; ask for the scenario as a JSON file instead",
			ErrURLTooLarge, len(code), MaxURLCodeLen)
	}
	payload, err := stripURLVersion(code)
	if err != nil {
		return Default(), err
	}
	packed, err := urlEncoding.DecodeString(payload)
	if err != nil {
		return Default(), fmt.Errorf("%w: %s; copy the whole link again", ErrURLDamaged, base64ErrText(err, payload))
	}
	doc, err := inflate(packed)
	if err != nil {
		return Default(), err
	}
	return Decode(doc)
}

// stripURLVersion checks the "v<n>." prefix and returns what follows it.
func stripURLVersion(code string) (string, error) {
	rest, ok := strings.CutPrefix(code, "v")
	digits, payload, hasDot := strings.Cut(rest, ".")
	if !ok || !hasDot || digits == "" || len(digits) > 20 || strings.Trim(digits, "0123456789") != "" || digits[0] == '0' {
		return "", fmt.Errorf("%w: a planner link code starts with %q, and this one starts with %q; copy the code again, from its %q to its end",
			ErrURLVersion, urlPrefix, shorten(code, len(urlPrefix)), "v")
	}
	if digits != fmt.Sprint(URLVersion) {
		// Every other well-formed version is above 1: it comes from a
		// planner newer than this one.
		return "", fmt.Errorf("%w (v%s); this planner reads v%d links: open the link in the newer planner, or ask for the scenario as a JSON file",
			ErrURLNewer, digits, URLVersion)
	}
	return payload, nil
}

// inflate decompresses one raw DEFLATE stream of at most
// MaxURLScenarioBytes that must fill packed exactly.
func inflate(packed []byte) ([]byte, error) {
	src := bytes.NewReader(packed) // an io.ByteReader: flate reads no further than its stream
	zr := flate.NewReader(src)
	defer zr.Close()
	doc, err := io.ReadAll(io.LimitReader(zr, MaxURLScenarioBytes+1))
	var corrupt flate.CorruptInputError
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF):
		return nil, fmt.Errorf("%w: the compressed scenario ends early; copy the whole link again", ErrURLDamaged)
	case errors.As(err, &corrupt):
		return nil, fmt.Errorf("%w: the compressed scenario is garbled at byte %d; copy the whole link again", ErrURLDamaged, int64(corrupt))
	case err != nil:
		return nil, fmt.Errorf("%w: %v; copy the whole link again", ErrURLDamaged, err)
	case len(doc) > MaxURLScenarioBytes:
		return nil, fmt.Errorf("%w: the code unpacks to more than %d bytes, the most this planner reads; ask for the scenario as a JSON file instead",
			ErrURLTooLarge, MaxURLScenarioBytes)
	case src.Len() > 0:
		return nil, fmt.Errorf("%w: %d bytes follow the compressed scenario; copy the link again, without anything after it", ErrURLDamaged, src.Len())
	}
	return doc, nil
}

// base64ErrText explains a base64 error in the user's terms.
func base64ErrText(err error, payload string) string {
	var bad base64.CorruptInputError
	if !errors.As(err, &bad) {
		return err.Error()
	}
	i := int(bad)
	if i >= 0 && i < len(payload) && !isURLCodeChar(payload[i]) {
		// Report the position in the whole code, prefix included, counting
		// bytes from 1.
		r, _ := utf8.DecodeRuneInString(payload[i:])
		return fmt.Sprintf("character %d (%q) cannot appear in a scenario code", len(urlPrefix)+i+1, r)
	}
	return "the code is cut short or garbled near its end"
}

func isURLCodeChar(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_'
}

// shorten returns s cut to at most n bytes, with "…" when cut.
func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "") + "…"
}
