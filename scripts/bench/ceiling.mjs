// The benchmark's ceiling: a bare node:http server answering a constant JSON document, what
// this machine and load client can do at most.  node scripts/bench/ceiling.mjs PORT
import http from "node:http";

const body = JSON.stringify({ ok: true, issuer: "http://127.0.0.1" });
http
  .createServer((_req, res) => {
    res.writeHead(200, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) });
    res.end(body);
  })
  .listen(Number(process.argv[2]), "127.0.0.1", () => console.log("ready"));
