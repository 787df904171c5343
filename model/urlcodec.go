package model

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// URLVersion is the version of the link format that EncodeURL writes. It
// is independent of the scenario's own Version. DecodeURL reads every
// version from 1 to URLVersion:
//
//   - v1: "v1." and the unpadded base64url form of the raw DEFLATE (RFC
//     1951) of the scenario's compact JSON. It has no check of its own, so
//     about 1 in 60 single-character corruptions decode to a different
//     valid scenario.
//   - v2: "v2." and the unpadded base64url form of the same DEFLATE
//     stream followed by its CRC-32 (IEEE, big-endian, 4 bytes). The
//     check covers every byte of the stream, so any change of up to 32
//     consecutive bits, which includes every change of one character of
//     the code, is reported as ErrURLDamaged, never read as another
//     scenario.
const URLVersion = 2

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
	// ErrURLDamaged reports a code that is cut short, garbled, fails its
	// check, or holds data that is not a compressed scenario. DecodeURL
	// returns it as a *URLDamagedError, whose Error text is for people.
	ErrURLDamaged = errors.New("this link is damaged: it may have been cut short when it was copied")
	// ErrURLTooLarge reports a code, or a scenario, above MaxURLCodeLen
	// or MaxURLScenarioBytes.
	ErrURLTooLarge = errors.New("the scenario is too large for a link")
)

// URLTooLargeError is the error of a code or scenario above MaxURLCodeLen
// or MaxURLScenarioBytes; errors.Is(err, ErrURLTooLarge) holds for it.
// Size says by how much, Advice what to do, so callers can word either
// without cutting the Error text.
type URLTooLargeError struct {
	Size   string // "its code would be 9000 characters and a link carries at most 8000"
	Advice string // "share it as a JSON file instead"
}

// Error says what is too large and what to do.
func (e *URLTooLargeError) Error() string {
	return ErrURLTooLarge.Error() + ": " + e.Size + "; " + e.Advice
}

// Unwrap returns ErrURLTooLarge.
func (e *URLTooLargeError) Unwrap() error { return ErrURLTooLarge }

// URLDamagedError is the error of a damaged code. Its Error text is the
// same for every kind of damage and says what to do; Detail says what
// exactly is wrong (a bad character, a failed check, a garbled stream),
// for logs and tests, in terms no user needs. errors.Is(err,
// ErrURLDamaged) holds.
type URLDamagedError struct {
	Detail string
}

// Error returns ErrURLDamaged's text and what to do.
func (e *URLDamagedError) Error() string {
	return ErrURLDamaged.Error() + "; copy the whole link again"
}

// Unwrap returns ErrURLDamaged.
func (e *URLDamagedError) Unwrap() error { return ErrURLDamaged }

func damaged(format string, args ...any) error {
	return &URLDamagedError{Detail: fmt.Sprintf(format, args...)}
}

// urlEncoding is the base64url alphabet without padding. Strict rejects
// codes whose last character carries stray bits, so every scenario has
// one code only. Line breaks in a pasted code are still ignored.
var urlEncoding = base64.RawURLEncoding.Strict()

// urlPrefix is the version prefix of the codes EncodeURL writes.
var urlPrefix = fmt.Sprintf("v%d.", URLVersion)

// EncodeURL returns the scenario as a compact code for a shareable link,
// in link format v2 (see URLVersion): "v2." followed by the unpadded
// base64url form of the raw DEFLATE (best compression) of the scenario's
// compact JSON and the stream's CRC-32. The code uses only letters,
// digits, '-', '_' and '.', so it needs no escaping in a URL.
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
		return "", &URLTooLargeError{Size: fmt.Sprintf("its JSON is %d bytes and a link carries at most %d", len(doc), MaxURLScenarioBytes),
			Advice: "share it as a JSON file instead"}
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
	packed.Write(binary.BigEndian.AppendUint32(nil, crc32.ChecksumIEEE(packed.Bytes())))
	n := len(urlPrefix) + urlEncoding.EncodedLen(packed.Len())
	if n > MaxURLCodeLen {
		return "", &URLTooLargeError{Size: fmt.Sprintf("its code would be %d characters and a link carries at most %d", n, MaxURLCodeLen),
			Advice: "share it as a JSON file instead"}
	}
	var b strings.Builder
	b.Grow(n)
	b.WriteString(urlPrefix)
	b.WriteString(urlEncoding.EncodeToString(packed.Bytes()))
	return b.String(), nil
}

// DecodeURL reads a code written by EncodeURL, in any link format from v1
// to URLVersion: only the code, without the rest of the link, though
// surrounding whitespace and line breaks inside are ignored. It checks
// the code, unpacks the scenario and returns Decode's result, so a
// scenario that breaks the rules comes back with its Problems.
//
// A code that cannot be read gives an error that wraps ErrURLEmpty,
// ErrURLVersion, ErrURLNewer, ErrURLDamaged (a *URLDamagedError) or
// ErrURLTooLarge and says what to do, and the returned scenario is
// Default(). DecodeURL never panics, reads at most MaxURLCodeLen bytes of
// code and inflates at most MaxURLScenarioBytes.
func DecodeURL(code string) (Scenario, error) {
	code = strings.TrimSpace(code)
	if code == "" {
		return Default(), fmt.Errorf("%w: paste the code of a planner link, which starts with %q", ErrURLEmpty, urlPrefix)
	}
	if len(code) > MaxURLCodeLen {
		return Default(), &URLTooLargeError{Size: fmt.Sprintf("the code is %d characters and this planner reads at most %d", len(code), MaxURLCodeLen),
			Advice: "ask for the scenario as a JSON file instead"}
	}
	version, payload, err := stripURLVersion(code)
	if err != nil {
		return Default(), err
	}
	packed, err := urlEncoding.DecodeString(payload)
	if err != nil {
		return Default(), damaged("%s", base64ErrText(err, payload))
	}
	if version >= 2 {
		if len(packed) < crc32.Size {
			return Default(), damaged("the code is too short to hold its check")
		}
		sum := binary.BigEndian.Uint32(packed[len(packed)-crc32.Size:])
		packed = packed[:len(packed)-crc32.Size]
		if crc32.ChecksumIEEE(packed) != sum {
			return Default(), damaged("the code fails its check (CRC-32)")
		}
	}
	doc, err := inflate(packed)
	if err != nil {
		return Default(), err
	}
	return Decode(doc)
}

// stripURLVersion checks the "v<n>." prefix and returns n and what
// follows it.
func stripURLVersion(code string) (int, string, error) {
	rest, ok := strings.CutPrefix(code, "v")
	digits, payload, hasDot := strings.Cut(rest, ".")
	if !ok || !hasDot || digits == "" || len(digits) > 20 || strings.Trim(digits, "0123456789") != "" || digits[0] == '0' {
		return 0, "", fmt.Errorf("%w: a planner link code starts with %q, and this one starts with %q; copy the code again, from its %q to its end",
			ErrURLVersion, urlPrefix, shorten(code, len(urlPrefix)), "v")
	}
	for v := 1; v <= URLVersion; v++ {
		if digits == strconv.Itoa(v) {
			return v, payload, nil
		}
	}
	// Every other well-formed version is above URLVersion: it comes from
	// a planner newer than this one.
	return 0, "", fmt.Errorf("%w (v%s); this planner reads links up to v%d: open the link in the newer planner, or ask for the scenario as a JSON file",
		ErrURLNewer, digits, URLVersion)
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
		return nil, damaged("the compressed scenario ends early")
	case errors.As(err, &corrupt):
		return nil, damaged("the compressed scenario is garbled at byte %d", int64(corrupt))
	case err != nil:
		return nil, damaged("%v", err)
	case len(doc) > MaxURLScenarioBytes:
		return nil, &URLTooLargeError{Size: fmt.Sprintf("the code unpacks to more than %d bytes, the most this planner reads", MaxURLScenarioBytes),
			Advice: "ask for the scenario as a JSON file instead"}
	case src.Len() > 0:
		return nil, damaged("%d bytes follow the compressed scenario", src.Len())
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
