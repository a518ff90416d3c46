import assert from "node:assert/strict";
import { request } from "../../lib/http/client.ts";
import { parse } from "../../lib/http/parser.ts";
import { handler } from "../../lib/servy/handler.ts";
import { serveApp, testRuntime, undated } from "../_support.ts";

function get(path: string): string {
  return `GET ${path} HTTP/1.1\r\nHost: example.com\r\nUser-Agent: ExampleBrowser/1.0\r\nAccept: */*\r\n\r\n`;
}

function post(path: string, type: string, body: string): string {
  const length = new TextEncoder().encode(body).length;
  return `POST ${path} HTTP/1.1\r\nHost: example.com\r\nContent-Type: ${type}\r\nContent-Length: ${length}\r\n\r\n${body}`;
}

const FORM = "application/x-www-form-urlencoded";

function response(status: string, body: string, type = "text/html"): string {
  const length = new TextEncoder().encode(body).length;
  return `HTTP/1.1 ${status}\r\nContent-Type: ${type}\r\nContent-Length: ${length}\r\nDate: <date>\r\nServer: servy\r\n\r\n${body}`;
}

Deno.test("GET /wildthings: the course's first response, with a byte-exact Content-Length, Date and Server", async () => {
  await using app = await serveApp();
  const text = await request(app.port, get("/wildthings"));
  assert.equal(undated(text), response("200 OK", "Bears, Lions, Tigers"));
  assert.match(
    text,
    /\r\nDate: \w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT\r\n/,
  );
});

Deno.test("rewritePath: /wildlife is /wildthings and /bears?id=1 is /bears/1", async () => {
  await using app = await serveApp();
  assert.equal(
    undated(await request(app.port, get("/wildlife"))),
    response("200 OK", "Bears, Lions, Tigers"),
  );
  // Undated: the two requests may fall in two different seconds.
  assert.equal(
    undated(await request(app.port, get("/bears?id=1"))),
    undated(await request(app.port, get("/bears/1"))),
  );
});

Deno.test("GET /bears: index.eex, the bears sorted by name", async () => {
  await using app = await serveApp();
  const names = [
    "Brutus - Grizzly",
    "Iceman - Polar",
    "Kenai - Grizzly",
    "Paddington - Brown",
    "Roscoe - Panda",
    "Rosie - Black",
    "Scarface - Grizzly",
    "Smokey - Black",
    "Snow - Polar",
    "Teddy - Brown",
  ];
  const body = "<h1>All The Bears!</h1>\n\n<ul>\n  " +
    names.map((n) => `\n    <li>${n}</li>\n  `).join("") + "\n</ul>\n";
  assert.equal(
    undated(await request(app.port, get("/bears"))),
    response("200 OK", body),
  );
});

Deno.test("GET /bears/:id: show.eex; an unknown id is a 404, not a crash", async () => {
  await using app = await serveApp();
  assert.equal(
    undated(await request(app.port, get("/bears/1"))),
    response(
      "200 OK",
      "<h1>Show Bear</h1>\n<p>\nIs Teddy hibernating? <strong>true</strong>\n</p>\n",
    ),
  );
  assert.equal(
    undated(await request(app.port, get("/bears/99"))),
    response("404 Not Found", "No bear with id 99 here!"),
  );
  assert.deepEqual(app.entries, []);
});

Deno.test("POST /bears creates from the form; DELETE is forbidden; a missing field is a 400", async () => {
  await using app = await serveApp();
  assert.equal(
    undated(
      await request(app.port, post("/bears", FORM, "name=Baloo&type=Brown")),
    ),
    response("201 Created", "Created a Brown bear named Baloo!"),
  );
  assert.equal(
    undated(await request(app.port, post("/bears", FORM, "name=Baloo"))),
    response("400 Bad Request", "Missing bear type"),
  );
  const del = "DELETE /bears/1 HTTP/1.1\r\nHost: example.com\r\n\r\n";
  assert.equal(
    undated(await request(app.port, del)),
    response("403 Forbidden", "Deleting a bear is forbidden!"),
  );
});

Deno.test("GET /api/bears: JSON in id order, keys type, name, id, hibernating", async () => {
  await using app = await serveApp();
  const text = await request(app.port, get("/api/bears"));
  const body = text.slice(text.indexOf("\r\n\r\n") + 4);
  assert.ok(
    body.startsWith(
      '[{"type":"Brown","name":"Teddy","id":1,"hibernating":true},' +
        '{"type":"Black","name":"Smokey","id":2,"hibernating":false},',
    ),
  );
  assert.ok(
    body.endsWith(
      '{"type":"Grizzly","name":"Kenai","id":10,"hibernating":false}]',
    ),
  );
  assert.equal(undated(text), response("200 OK", body, "application/json"));
});

Deno.test("POST /api/bears takes JSON or a form", async () => {
  await using app = await serveApp();
  const json = '{"name": "Breezly", "type": "Polar"}';
  const created = response(
    "201 Created",
    "Created a Polar bear named Breezly!",
  );
  assert.equal(
    undated(
      await request(app.port, post("/api/bears", "application/json", json)),
    ),
    created,
  );
  assert.equal(
    undated(
      await request(
        app.port,
        post("/api/bears", FORM, "name=Breezly&type=Polar"),
      ),
    ),
    created,
  );
  assert.equal(
    undated(
      await request(app.port, post("/api/bears", "application/json", "{oops")),
    ),
    response(
      "400 Bad Request",
      "Cannot parse the JSON body",
      "text/plain; charset=utf-8",
    )
      .replace("Server: servy\r\n", "Server: servy\r\nConnection: close\r\n"),
  );
});

Deno.test("GET /about is the course's about.html, byte for byte (its handler test: Content-Length: 102)", async () => {
  await using app = await serveApp();
  assert.equal(
    undated(await request(app.port, get("/about"))),
    response(
      "200 OK",
      "<h1>Clark's Wildthings Refuge</h1>\n\n<blockquote>\n" +
        "When we contemplate the whole globe...\n</blockquote>\n",
    ),
  );
  assert.match(
    await request(app.port, get("/about")),
    /Content-Length: 102\r\n/,
  );
});

Deno.test("GET /bears/new, /pages/faq (the course's faq.md, Markdown → HTML), and a missing page", async () => {
  await using app = await serveApp();
  assert.match(
    await request(app.port, get("/bears/new")),
    /<form action="\/bears" method="POST">/,
  );
  const faq = await request(app.port, get("/pages/faq"));
  assert.match(
    faq,
    /\r\n\r\n<h1>Frequently Asked Questions<\/h1>\n<ul>\n<li><p><strong>Have you really seen Bigfoot\?<\/strong><\/p>/,
  );
  assert.ok(
    faq.endsWith(
      "<li><p><strong>No, I mean seen Bigfoot <em>on the refuge</em>?</strong></p>\n" +
        "<p>Oh! Not yet, but we&#39;re still looking...</p>\n</li>\n" +
        "<li><p><strong>Can you just show me some code?</strong></p>\n" +
        "<p>Sure! Here&#39;s some Elixir:</p>\n" +
        '<pre><code class="language-elixir">[&quot;Bigfoot&quot;, &quot;Yeti&quot;, &quot;Sasquatch&quot;] |&gt; Enum.random()\n' +
        "</code></pre>\n</li>\n</ul>\n",
    ),
    faq,
  );
  assert.match(
    faq,
    /<p>Yes! In this <a href="https:\/\/www\.youtube\.com\/watch\?v=v77ijOO8oAk">totally believable video<\/a>!<\/p>/,
  );
  assert.equal(
    undated(await request(app.port, get("/pages/nope"))),
    response("404 Not Found", "File not found!"),
  );
});

Deno.test("pledges: POST creates through PledgeServer, GET shows the 3 most recent, newest first", async () => {
  await using app = await serveApp({ services: true });
  assert.equal(
    undated(await request(app.port, get("/pledges"))),
    response("200 OK", '[{"wilma", 15}, {"fred", 25}]'),
  );
  assert.equal(
    undated(
      await request(app.port, post("/pledges", FORM, "name=larry&amount=10")),
    ),
    response("201 Created", "larry pledged 10!"),
  );
  await request(app.port, post("/pledges", FORM, "name=moe&amount=20"));
  assert.equal(
    undated(await request(app.port, get("/pledges"))),
    response("200 OK", '[{"moe", 20}, {"larry", 10}, {"wilma", 15}]'),
  );
  assert.equal(
    undated(
      await request(app.port, post("/pledges", FORM, "name=curly&amount=ten")),
    ),
    response("400 Bad Request", 'Amount must be a whole number, got "ten"'),
  );
  const form = await request(app.port, get("/pledges/new"));
  assert.match(
    form,
    /\r\n\r\n<h1>Create a pledge<\/h1>\n\n<form action="\/pledges" method="POST">/,
  );
  assert.match(form, /<input type="text" name="amount">/);
});

Deno.test("track: a 404 prints the course's warning and FourOhFourCounter counts it", async () => {
  await using app = await serveApp({ services: true });
  assert.equal(
    undated(await request(app.port, get("/bigfoot"))),
    response("404 Not Found", "No /bigfoot here!"),
  );
  await request(app.port, get("/nessie"));
  await request(app.port, get("/bigfoot"));
  assert.deepEqual(
    app.lines.filter((l) => l.startsWith("Warning")),
    [
      "Warning: /bigfoot is on the loose!\n",
      "Warning: /nessie is on the loose!\n",
      "Warning: /bigfoot is on the loose!\n",
    ],
  );
  assert.equal(
    undated(await request(app.port, get("/404s"))),
    response("200 OK", '%{"/bigfoot" => 2, "/nessie" => 1}'),
  );
});

Deno.test("track: a 404 echoes the whole target, query too, as the course does; < and & stay escaped in HTML", async () => {
  await using app = await serveApp({ services: true });
  assert.equal(
    undated(await request(app.port, get("/nope?a=1&b=<i>"))),
    response("404 Not Found", "No /nope?a=1&amp;b=&lt;i> here!"),
  );
  assert.deepEqual(
    app.lines.filter((l) => l.startsWith("Warning")),
    ["Warning: /nope?a=1&b=<i> is on the loose!\n"],
  );
  assert.equal(
    undated(await request(app.port, get("/404s"))),
    response("200 OK", '%{"/nope?a=1&amp;b=&lt;i>" => 1}'),
  );
});

Deno.test("GET /sensors: the cameras' snapshots and bigfoot's location, from SensorServer's tasks", async () => {
  await using app = await serveApp({ services: true });
  const body = "<h1>Sensors</h1>\n\n<h2>Snapshots</h2>\n<ul>\n  " +
    '\n    <li><img src="cam-1-snapshot-7.jpg" alt="snapshot"></li>\n  ' +
    '\n    <li><img src="cam-2-snapshot-7.jpg" alt="snapshot"></li>\n  ' +
    '\n    <li><img src="cam-3-snapshot-7.jpg" alt="snapshot"></li>\n  ' +
    "\n</ul>\n" +
    '\n<h2>Where Is Bigfoot?</h2>\n%{lat: "29.0469 N", lng: "98.8667 W"}\n';
  assert.equal(
    undated(await request(app.port, get("/sensors"))),
    response("200 OK", body),
  );
});

Deno.test("GET /kaboom: the request's process crashes, is logged like Elixir logs it, the client gets 500, the server serves on", async () => {
  await using app = await serveApp();
  const text = await request(app.port, get("/kaboom"));
  assert.match(text, /^HTTP\/1\.1 500 Internal Server Error\r\n/);
  assert.match(text, /\r\nConnection: close\r\n\r\nInternal Server Error$/);
  assert.equal(app.entries.length, 1);
  assert.match(
    app.entries[0],
    /^\n\d\d:\d\d:\d\d\.\d{3} \[error\] Process #PID<0\.\d+\.0> raised an exception\n\*\* \(RuntimeError\) Kaboom!\n/,
  );
  // The frames are the project's, relative to its root, as mix prints them.
  assert.match(app.entries[0], /\n {4}lib\/servy\/routes\.ts:\d+: \w+/);
  assert.doesNotMatch(app.entries[0], /file:|\/work\/|\/lib\/servy\//);
  assert.equal(app.alive(app.server), true);
  assert.match(
    await request(app.port, get("/wildthings")),
    /Bears, Lions, Tigers$/,
  );
});

Deno.test("GET /hibernate/:ms sleeps in its own process while other requests are served", async () => {
  await using app = await serveApp();
  const order: string[] = [];
  const slow = request(app.port, get("/hibernate/300")).then((t) => {
    order.push("slow");
    return t;
  });
  const fast = request(app.port, get("/wildthings")).then(() =>
    order.push("fast")
  );
  await Promise.all([slow, fast]);
  assert.deepEqual(order, ["fast", "slow"]);
  assert.match(await slow, /\r\n\r\nAwake!$/);
  assert.match(
    await request(app.port, get("/hibernate/soon")),
    /^HTTP\/1\.1 400 /,
  );
});

Deno.test("HEAD is GET without the body", async () => {
  await using app = await serveApp();
  const text = await request(
    app.port,
    "HEAD /wildthings HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
  );
  assert.equal(
    undated(text),
    "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 20\r\nDate: <date>\r\nServer: servy\r\nConnection: close\r\n\r\n",
  );
});

Deno.test("handler: every request to a route that runs as steps is tracked by one generator function, not a new one each", async () => {
  await using rt = testRuntime();
  const prototypes = await rt.run(async function* (self) {
    const app = handler();
    const seen: (object | null)[] = [];
    for (let i = 0; i < 2; i++) {
      const routed = app(self, parse(get("/hibernate/0")));
      assert.ok(Symbol.asyncIterator in routed, "a route that runs as steps");
      seen.push(Object.getPrototypeOf(routed));
      assert.equal((yield* routed).respBody, "Awake!");
    }
    return seen;
  });
  assert.equal(prototypes[0], prototypes[1]);
});
