//go:build js && wasm

package client

import "syscall/js"

// webWorker is one Web Worker running one of the planner's worker scripts
// (web/sim-worker.js, web/analysis-worker.js, which speak go-worker.js's
// protocol). Both clients, Pool and Analysis, hold their workers through
// it.
type webWorker struct {
	v            js.Value
	onMsg, onErr js.Func
}

// startWebWorker creates a Worker from the classic script at url.
// onMessage receives the data of each message it posts; onError the
// message of an error event (the script failed to load or threw). It
// returns nil when the browser has no Worker or refuses to create one
// (the constructor threw: a blocked URL, say).
func startWebWorker(url string, onMessage func(data js.Value), onError func(msg string)) (w *webWorker) {
	ctor := js.Global().Get("Worker")
	if ctor.Type() != js.TypeFunction {
		return nil
	}
	w = &webWorker{}
	w.onMsg = js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) > 0 {
			onMessage(args[0].Get("data"))
		}
		return nil
	})
	w.onErr = js.FuncOf(func(_ js.Value, args []js.Value) any {
		msg := "the worker script failed"
		if len(args) > 0 && args[0].Type() == js.TypeObject {
			if m := args[0].Get("message"); m.Type() == js.TypeString {
				msg = m.String()
			}
		}
		onError(msg)
		return nil
	})
	defer func() {
		if recover() != nil {
			w.release()
			w = nil
		}
	}()
	w.v = ctor.New(url)
	w.v.Set("onmessage", w.onMsg)
	w.v.Set("onerror", w.onErr)
	return w
}

// post posts msg, transferring the ArrayBuffers in transfer.
func (w *webWorker) post(msg map[string]any, transfer ...any) {
	if len(transfer) > 0 {
		w.v.Call("postMessage", msg, transfer)
		return
	}
	w.v.Call("postMessage", msg)
}

// terminate stops the worker. Its handlers are detached before they are
// released, so that a message it posted just before is never delivered
// to a released function.
func (w *webWorker) terminate() {
	w.v.Call("terminate")
	w.v.Set("onmessage", js.Null())
	w.v.Set("onerror", js.Null())
	w.release()
}

func (w *webWorker) release() {
	w.onMsg.Release()
	w.onErr.Release()
}

// messageHead reads a worker message's type and id (0 when absent); ok is
// false for data that is not an object.
func messageHead(data js.Value) (typ string, id int, ok bool) {
	if data.Type() != js.TypeObject {
		return "", 0, false
	}
	if v := data.Get("id"); v.Type() == js.TypeNumber {
		id = v.Int()
	}
	return data.Get("type").String(), id, true
}

// goBytes copies an ArrayBuffer or a Uint8Array into Go.
func goBytes(v js.Value) []byte {
	u8 := js.Global().Get("Uint8Array").New(v)
	b := make([]byte, u8.Get("length").Int())
	js.CopyBytesToGo(b, u8)
	return b
}

// arrayBuffer copies b into a new ArrayBuffer, to post (and transfer).
func arrayBuffer(b []byte) js.Value {
	u8 := js.Global().Get("Uint8Array").New(len(b))
	js.CopyBytesToJS(u8, b)
	return u8.Get("buffer")
}

// warn writes msg to the browser console as a warning.
func warn(msg string) { js.Global().Get("console").Call("warn", msg) }
