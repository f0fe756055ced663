// Test-only preload (`node --import`): routes the server's fetches to github.com and api.github.com to
// the local fake GitHub named by KALPANA_TEST_FAKE_GITHUB. better-auth's GitHub provider hard-codes
// those hosts and reads globalThis.fetch per call, so the real production code path still runs.
const fake = process.env.KALPANA_TEST_FAKE_GITHUB;
if (fake) {
  const original = globalThis.fetch;
  const hosts = new Set(["github.com", "api.github.com"]);
  globalThis.fetch = (input, init) => {
    const url = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
    if (hosts.has(url.hostname)) {
      const target = new URL(url.pathname + url.search, fake);
      if (typeof input === "string" || input instanceof URL) return original(target, init);
      return original(new Request(target, input), init);
    }
    return original(input, init);
  };
}
