// Stands in for the Wails IPC and runtime in a plain browser: bound methods
// become fetch calls to the loopback test server, events arrive over SSE.
(function () {
  const listeners = {};
  window.go = { app: {} };
  for (const [service, methods] of Object.entries(window.__kinkoServices)) {
    window.go.app[service] = {};
    for (const method of methods) {
      window.go.app[service][method] = async (...args) => {
        const r = await fetch('/__kinko/call', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ service, method, args }),
        });
        const body = await r.json();
        if (body.error !== undefined) throw body.error; // Wails rejects with err.Error()
        return body.result;
      };
    }
  }
  function on(name, cb, max) {
    const entry = { cb, left: max };
    (listeners[name] ??= []).push(entry);
    return () => {
      listeners[name] = (listeners[name] || []).filter((e) => e !== entry);
    };
  }
  const source = new EventSource('/__kinko/events');
  source.onmessage = (m) => {
    const { name, data } = JSON.parse(m.data);
    for (const entry of [...(listeners[name] || [])]) {
      entry.cb(data);
      if (entry.left > 0 && --entry.left === 0) listeners[name] = listeners[name].filter((e) => e !== entry);
    }
  };
  window.__kinkoEventsReady = new Promise((resolve) => source.addEventListener('open', () => resolve(true)));
  const noop = () => {};
  window.runtime = {
    EventsOnMultiple: on,
    EventsOff: (name) => delete listeners[name],
    EventsOffAll: () => Object.keys(listeners).forEach((k) => delete listeners[k]),
    EventsEmit: noop,
    LogPrint: noop, LogTrace: noop, LogDebug: noop, LogInfo: noop, LogWarning: noop, LogError: noop, LogFatal: noop,
    WindowSetTitle: (t) => { document.title = t; },
    BrowserOpenURL: noop,
    Environment: async () => ({ buildType: 'webtest', platform: 'browser', arch: '' }),
  };
})();
