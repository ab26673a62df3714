// The background service worker will be the message router between content scripts and the engine
// (DESIGN.md "The shape"). Until the engine runs in the browser it has nothing to route: this
// entrypoint exists so that the extension builds and loads from the first commit.
export default defineBackground(() => {});
