// The observer's page: one EventSource for the snapshots, a hand-drawn SVG
// tree (a tidy layout: leaves side by side, parents centred over their
// children), the timeline, two polyline charts, and the controls, which
// send the token from the URL's fragment in X-Observer-Token.
"use strict";
const token = new URLSearchParams(location.hash.slice(1)).get("token") ?? "";
const NS = "http://www.w3.org/2000/svg";
const W = 190, H = 46, GAP_X = 16, GAP_Y = 34;
let processes = [], selected = null, lastDrawn = "";
const $ = (id) => document.getElementById(id);

function el(tag, attrs, parent) {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  parent?.appendChild(e);
  return e;
}

function layout(list) {
  const byPid = new Map(list.map((p) => [p.pid, { p, kids: [] }]));
  const roots = [];
  for (const n of byPid.values()) {
    const parent = n.p.parent && byPid.get(n.p.parent);
    (parent ? parent.kids : roots).push(n);
  }
  const order = (a, b) => a.p.id - b.p.id;
  let x = 0;
  const place = (n, depth) => {
    n.kids.sort(order);
    n.y = depth * (H + GAP_Y) + 10;
    if (n.kids.length === 0) {
      n.x = x;
      x += W + GAP_X;
      return;
    }
    for (const k of n.kids) place(k, depth + 1);
    n.x = (n.kids[0].x + n.kids[n.kids.length - 1].x) / 2;
  };
  roots.sort((a, b) =>
    (b.kids.length > 0) - (a.kids.length > 0) || order(a, b)
  );
  for (const r of roots) place(r, 0);
  return byPid;
}

function drawTree() {
  const svg = $("tree");
  svg.replaceChildren();
  const nodes = layout(processes);
  let maxX = 0, maxY = 0;
  for (const n of nodes.values()) {
    maxX = Math.max(maxX, n.x + W);
    maxY = Math.max(maxY, n.y + H);
  }
  svg.setAttribute("width", maxX + 20);
  svg.setAttribute("height", maxY + 20);
  for (const n of nodes.values()) {
    for (const k of n.kids) {
      const cls = k.p.childId === null ? "edge spawned" : "edge";
      const [x1, y1, x2, y2] = [n.x + W / 2, n.y + H, k.x + W / 2, k.y];
      el("path", {
        class: cls,
        d: `M${x1},${y1} C${x1},${y1 + 20} ${x2},${y2 - 20} ${x2},${y2}`,
      }, svg);
    }
    for (const l of n.p.links) {
      const o = nodes.get(l);
      if (
        !o || o.p.parent === n.p.pid || n.p.parent === o.p.pid ||
        o.p.id < n.p.id
      ) continue;
      el("path", {
        class: "link",
        d: `M${n.x + W},${n.y + H / 2} L${o.x},${o.y + H / 2}`,
      }, svg);
    }
  }
  for (const n of nodes.values()) drawNode(svg, n);
}

function drawNode(svg, { p, x, y }) {
  const cls = `node ${p.kind}${p.trapExit ? " trap" : ""}${
    p.pid === selected ? " selected" : ""
  }`;
  const g = el("g", {
    class: cls,
    transform: `translate(${x},${y})`,
    "data-pid": p.pid,
    "data-name": p.name ?? "",
    "data-parent": p.parent ?? "",
  }, svg);
  el("rect", { width: W, height: H }, g);
  const title = el("text", { x: 6, y: 15, class: "name" }, g);
  title.textContent = p.name ?? p.childId ?? p.kind;
  const ports = p.links.filter((l) => l.startsWith("#Port")).join(" ");
  const t2 = el("text", { x: 6, y: 28 }, g);
  t2.textContent = `${p.pid} ${ports}`;
  const t3 = el("text", { x: 6, y: 40 }, g);
  const restarts = p.restarts === null ? "" : ` restarts ${p.restarts}`;
  t3.textContent = `${p.status} mbox ${p.mailbox}${
    p.trapExit ? " trap_exit" : ""
  }${restarts}`;
  g.addEventListener("click", () => select(p.pid));
}

async function select(pid) {
  selected = pid;
  drawTree();
  const res = await fetch(`/api/process/${pid.match(/<0\.(\d+)\.0>/)[1]}`);
  $("detail").hidden = false;
  if (!res.ok) {
    $("detail-title").textContent = `${pid}: ${await res.text()}`;
    return;
  }
  const d = await res.json();
  $("detail-title").textContent = d.name;
  $("detail-info").textContent = d.info.join("\n");
  $("detail-state").textContent = d.state ?? "(not a GenServer)";
  $("detail-messages").textContent = (d.messages ?? []).join("\n") || "(empty)";
}

async function control(path, body) {
  const out = $("control-result");
  const res = await fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Observer-Token": token },
    body: JSON.stringify({ pid: selected, ...body }),
  });
  const answer = res.headers.get("content-type")?.startsWith("application/json")
    ? (await res.json()).line
    : await res.text();
  out.textContent = answer;
  out.className = res.ok ? "result" : "result error";
}

function chart(id, values, now) {
  const svg = $(id);
  svg.replaceChildren();
  const max = Math.max(1, ...values);
  const step = 300 / Math.max(1, values.length - 1);
  const points = values.map((v, i) =>
    `${(i * step).toFixed(1)},${(58 - (v / max) * 56).toFixed(1)}`
  );
  el("polyline", { points: points.join(" ") }, svg);
  $(now).textContent = values.length
    ? `${values[values.length - 1]} (max ${max})`
    : "";
}

function addTimeline(entries) {
  const list = $("timeline");
  for (const e of entries) {
    const li = document.createElement("li");
    li.className = e.kind;
    const time = document.createElement("time");
    time.textContent = `${(e.at / 1000).toFixed(3)}s`;
    li.append(time, e.line);
    list.prepend(li);
  }
  while (list.children.length > 500) list.lastChild.remove();
}

function connect() {
  const source = new EventSource("/api/events");
  source.addEventListener("open", () => {
    $("status").textContent = "live";
    $("status").className = "status live";
  });
  source.addEventListener("error", () => {
    $("status").textContent = "reconnecting…";
    $("status").className = "status lost";
  });
  source.addEventListener("snapshot", (ev) => {
    const snap = JSON.parse(ev.data);
    const drawn = JSON.stringify(snap.processes);
    if (drawn !== lastDrawn) {
      lastDrawn = drawn;
      processes = snap.processes;
      if (selected && !processes.some((p) => p.pid === selected)) {
        selected = null;
      }
      $("count").textContent = `${processes.length} processes`;
      drawTree();
    }
    addTimeline(snap.timeline);
    chart("rate-chart", snap.samples.map((s) => s.requests), "rate-now");
    chart("procs-chart", snap.samples.map((s) => s.processes), "procs-now");
  });
}

for (const b of document.querySelectorAll("button[data-reason]")) {
  b.addEventListener(
    "click",
    () => control("/api/exit", { reason: b.dataset.reason }),
  );
}
$("send-form").addEventListener("submit", (ev) => {
  ev.preventDefault();
  control("/api/send", { message: $("send-text").value });
});
connect();
