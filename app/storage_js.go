//go:build js && wasm

package app

import (
	"slices"
	"syscall/js"
)

// storageProbeKey is the item the probe writes, reads back and removes.
const storageProbeKey = "rollout-planner.probe"

// localStorageWorks is the probe's verdict, taken once when the program
// starts (before go-app's engine, which reads localStorage as it starts
// and would stop the page if reading it threw).
var localStorageWorks = guardLocalStorage()

// guardLocalStorage probes window.localStorage and, when the browser
// refuses it (reading the property throws SecurityError, or getItem or
// setItem throws), puts an in-memory stand-in in its place, so that
// go-app and the page keep working; it reports whether the real storage
// works. Outside a page (no document, as under Node) it does nothing.
func guardLocalStorage() bool {
	if !pageDocument() {
		return true
	}
	if probeLocalStorage() {
		return true
	}
	installMemoryStorage()
	return false
}

// pageDocument reports whether the program runs in a page.
func pageDocument() (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	return reflectGet(js.Global(), "document").Type() == js.TypeObject
}

// reflectGet reads o[name] with Reflect.get: a getter that throws gives a
// Go panic (a js.Error) that recover catches, where js.Value.Get would
// throw through the WebAssembly stack and stop the program.
func reflectGet(o js.Value, name string) js.Value {
	return js.Global().Get("Reflect").Call("get", o, name)
}

// probeLocalStorage writes, reads back and removes one item.
func probeLocalStorage() (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	ls := reflectGet(js.Global(), "localStorage")
	if ls.Type() != js.TypeObject {
		return false
	}
	ls.Call("setItem", storageProbeKey, "1")
	v := ls.Call("getItem", storageProbeKey)
	ls.Call("removeItem", storageProbeKey)
	return v.Type() == js.TypeString && v.String() == "1"
}

// installMemoryStorage replaces window.localStorage with an object that
// keeps items in memory and has the methods go-app uses (getItem,
// setItem, removeItem, clear, key, length). It reports whether the
// browser let it.
func installMemoryStorage() (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	var keys []string
	items := map[string]string{}
	arg := func(args []js.Value, i int) string {
		if i >= len(args) {
			return "undefined"
		}
		return js.Global().Call("String", args[i]).String()
	}
	obj := js.Global().Get("Object")
	shim := obj.New()
	method := func(name string, f func(args []js.Value) any) {
		shim.Set(name, js.FuncOf(func(this js.Value, args []js.Value) any { return f(args) }))
	}
	method("getItem", func(args []js.Value) any {
		if v, ok := items[arg(args, 0)]; ok {
			return v
		}
		return js.Null()
	})
	method("setItem", func(args []js.Value) any {
		k := arg(args, 0)
		if _, ok := items[k]; !ok {
			keys = append(keys, k)
		}
		items[k] = arg(args, 1)
		return js.Undefined()
	})
	method("removeItem", func(args []js.Value) any {
		k := arg(args, 0)
		if _, ok := items[k]; ok {
			delete(items, k)
			keys = slices.DeleteFunc(keys, func(s string) bool { return s == k })
		}
		return js.Undefined()
	})
	method("clear", func(args []js.Value) any {
		keys, items = nil, map[string]string{}
		return js.Undefined()
	})
	method("key", func(args []js.Value) any {
		i := -1
		if len(args) > 0 && args[0].Type() == js.TypeNumber {
			i = args[0].Int()
		}
		if i < 0 || i >= len(keys) {
			return js.Null()
		}
		return keys[i]
	})
	length := obj.New()
	length.Set("get", js.FuncOf(func(this js.Value, args []js.Value) any { return len(keys) }))
	obj.Call("defineProperty", shim, "length", length)

	desc := obj.New()
	desc.Set("value", shim)
	desc.Set("configurable", true)
	desc.Set("writable", true)
	desc.Set("enumerable", true)
	obj.Call("defineProperty", js.Global(), "localStorage", desc)
	return reflectGet(js.Global(), "localStorage").Equal(shim)
}

// browserStore is window.localStorage, each call behind a recover.
type browserStore struct{}

func (browserStore) Get(key string) (value string, ok bool) {
	defer func() {
		if recover() != nil {
			value, ok = "", false
		}
	}()
	v := reflectGet(js.Global(), "localStorage").Call("getItem", key)
	if v.Type() != js.TypeString {
		return "", false
	}
	return v.String(), true
}

func (browserStore) Set(key, value string) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	reflectGet(js.Global(), "localStorage").Call("setItem", key, value)
	return true
}

// siteStore returns the page's store: localStorage when the browser keeps
// site data, else memory, with remembered false.
func siteStore() (store keyValueStore, remembered bool) {
	if !localStorageWorks {
		return memoryStore{}, false
	}
	return browserStore{}, true
}
