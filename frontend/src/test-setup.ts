// happy-dom lacks matchMedia, which Ant Design's responsive parts ask for.
if (!window.matchMedia) {
  Object.defineProperty(window, 'matchMedia', {
    value: (query: string) => ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => {},
      removeListener: () => {},
      addEventListener: () => {},
      removeEventListener: () => {},
      dispatchEvent: () => false,
    }),
  });
}

// React warns "An update to X inside a test was not wrapped in act(...)" when
// state changes outside act(). For the components below, all antd's own, the
// update comes from antd's timers (motion end, trigger and tooltip delays,
// notification timers, form field re-validation) that fire after the act()
// around the user's event has returned; a test has no promise to await for
// them, and they filled ~1,000 lines of a passing run. Only these warnings
// are dropped: one naming a Kinko component still prints and is fixed in its
// test (wrap the update in act, or await what the component loads).
const antdInternals = new Set(['BaseSelect', 'Body', 'Button', 'CSSMotion', 'Field', 'InternalFormItem', 'ItemHolder', 'Notification', 'Table', 'Trigger']);
const consoleError = console.error.bind(console);
console.error = (...args: unknown[]) => {
  const [format, name] = args;
  if (typeof format === 'string' && format.startsWith('An update to %s inside a test was not wrapped in act(') && antdInternals.has(String(name))) return;
  consoleError(...args);
};
