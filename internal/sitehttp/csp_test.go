package sitehttp

import (
	"strings"
	"testing"
)

// TestMetaCSP: the page's policy allows only the site's own scripts and
// WebAssembly, no inline script of any kind, no plugins, no remote
// connections, and leaves frame-ancestors to the header (browsers ignore
// it in a <meta>).
func TestMetaCSP(t *testing.T) {
	csp := MetaCSP()
	directives := map[string]string{}
	for _, d := range strings.Split(csp, ";") {
		name, value, _ := strings.Cut(strings.TrimSpace(d), " ")
		directives[name] = value
	}
	for name, want := range map[string]string{
		"script-src":  "'self' 'wasm-unsafe-eval'",
		"object-src":  "'none'",
		"connect-src": "'self'",
		"worker-src":  "'self'",
		"base-uri":    "'self'",
		"form-action": "'none'",
	} {
		if got := directives[name]; got != want {
			t.Errorf("%s %q, want %q (policy %q)", name, got, want, csp)
		}
	}
	if _, ok := directives["frame-ancestors"]; ok {
		t.Errorf("frame-ancestors in the <meta> policy, where browsers ignore it: %q", csp)
	}
	if !strings.Contains(HeaderCSP, "frame-ancestors 'none'") {
		t.Errorf("the header policy %q does not forbid framing", HeaderCSP)
	}
}
