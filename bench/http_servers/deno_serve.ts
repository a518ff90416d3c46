/**
 * Bench server: `Deno.serve` answering the same body and Content-Type as
 * servy's `/wildthings`.
 *
 * @module
 */

const port = Number(Deno.args[0]);
Deno.serve({
  port,
  hostname: "127.0.0.1",
  onListen: () => console.log("ready"),
}, () =>
  new Response("Bears, Lions, Tigers", {
    headers: { "Content-Type": "text/html" },
  }));
