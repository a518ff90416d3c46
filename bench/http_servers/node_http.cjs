// Bench server for the start-up bench: Node's http.createServer answering
// the same body and Content-Type as servy's `/wildthings`.
const port = Number(process.argv[2]);
require("node:http")
  .createServer((_req, res) => {
    res.writeHead(200, { "Content-Type": "text/html" });
    res.end("Bears, Lions, Tigers");
  })
  .listen(port, "127.0.0.1");
