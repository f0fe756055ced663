import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { repoUrlProblem } from "./repo-url";

const hosts = { github: "https://github.com", extraHosts: ["git.test:8080"] };

describe("repoUrlProblem", () => {
  const cases: Array<[string, string, RegExp | undefined, RegExp | undefined]> = [
    // url, what, problem without hosts (the form), problem with the server's hosts
    ["https://github.com/o/r", "a GitHub repository", undefined, undefined],
    ["https://github.com/o/r.git/", "with .git and a slash", undefined, undefined],
    ["  https://github.com/o/r  ", "surrounded by spaces", undefined, undefined],
    ["http://git.test:8080/o/r.git", "an extra host over http", undefined, undefined],
    [
      "http://github.com/o/r",
      "GitHub over the wrong protocol",
      undefined,
      /only repositories on github\.com/,
    ],
    ["https://evil.example.com/o/r", "another host", undefined, /only repositories on github\.com/],
    ["https://GITHUB.com/o/r", "the host in capitals", undefined, undefined],
    ["github.com/o/r", "no scheme", /full URL/, /full URL/],
    ["git@github.com:o/r.git", "an scp-style address", /full URL|http/, /full URL|http/],
    ["ssh://github.com/o/r", "ssh", /http\(s\)/, /http\(s\)/],
    ["file:///etc/passwd", "a local path", /http\(s\)/, /http\(s\)/],
    ["https://u:p@github.com/o/r", "credentials", /credentials/, /credentials/],
    ["https://token@github.com/o/r", "a token as user", /credentials/, /credentials/],
    ["https://github.com/o", "no repository", /owner\/repository/, /owner\/repository/],
    ["https://github.com/o/r/tree/main", "a page inside the repository", /owner\/repository/, /owner\//],
    ["https://github.com/o/r?x=1", "a query", /owner\/repository/, /owner\/repository/],
    ["https://github.com/o/r#readme", "a fragment", /owner\/repository/, /owner\/repository/],
  ];
  for (const [url, what, form, server] of cases) {
    test(what, () => {
      const f = repoUrlProblem(url);
      const s = repoUrlProblem(url, hosts);
      if (form) assert.match(f ?? "", form);
      else assert.equal(f, undefined, `form refused ${url}: ${f}`);
      if (server) assert.match(s ?? "", server);
      else assert.equal(s, undefined, `server refused ${url}: ${s}`);
    });
  }

  test("a GitHub Enterprise base URL sets host and protocol", () => {
    const ghe = { github: "http://ghe.corp:8443" };
    assert.equal(repoUrlProblem("http://ghe.corp:8443/o/r", ghe), undefined);
    assert.match(
      repoUrlProblem("https://ghe.corp:8443/o/r", ghe) ?? "",
      /only repositories on ghe\.corp:8443/,
    );
    assert.match(repoUrlProblem("https://github.com/o/r", ghe) ?? "", /only repositories on/);
  });

  test("messages are lower-case fragments (the server prefixes the field, the form capitalises)", () => {
    for (const [url] of cases) {
      const p = repoUrlProblem(url, hosts);
      if (p) assert.match(p, /^[a-z]/, p);
    }
  });
});
