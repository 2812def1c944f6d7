// An in-memory stand-in for the API in docs/api.md, for front-end work before the real API
// runs: `npm run mock-api` (port 8000), then `npm run dev`. Not a test oracle: the real API is.
// Accounts: admin@example.com / admin-password, grace@example.com / member-password.
import { createServer } from "node:http";
import { randomUUID } from "node:crypto";

const PORT = Number(process.env.PORT ?? 8000);
const now = () => new Date().toISOString();
const daysAgo = (d) => new Date(Date.now() - d * 86_400_000).toISOString();
const NEXT = { open: "in_progress", in_progress: "resolved", resolved: "closed", closed: null };
const STATUSES = ["open", "in_progress", "resolved", "closed"];

const users = [
  { id: 1, name: "Ada Lovelace", email: "admin@example.com", role: "admin", is_blocked: false, password: "admin-password" },
  { id: 2, name: "Grace Hopper", email: "grace@example.com", role: "member", is_blocked: false, password: "member-password" },
  { id: 3, name: "Linus Torvalds", email: "linus@example.com", role: "member", is_blocked: false, password: "member-password" },
  { id: 4, name: "Margaret Hamilton", email: "margaret@example.com", role: "admin", is_blocked: false, password: "admin-password" },
  { id: 5, name: "Ken Thompson", email: "ken@example.com", role: "member", is_blocked: true, password: "member-password" },
].map((u) => ({ ...u, created_at: daysAgo(40), updated_at: daysAgo(40) }));
const projects = [
  { id: 1, name: "Apollo", description: "Guidance computer firmware", created_at: daysAgo(30), updated_at: daysAgo(30), version: 1 },
  { id: 2, name: "Gemini", description: null, created_at: daysAgo(20), updated_at: daysAgo(20), version: 1 },
];
const bugs = [];
const comments = [];
const events = [];
const tokens = new Map();
const sse = new Set();
let seq = { bug: 0, comment: 0, user: users.length, project: projects.length, position: 0 };

function record(type, actor, bug, field = null, old = null, neu = null, summary = "", extra = {}) {
  const event = {
    position: ++seq.position,
    type,
    at: now(),
    actor_id: actor?.id ?? null,
    actor_name: actor?.name ?? null,
    field,
    old,
    new: neu,
    comment_id: extra.comment_id ?? null,
    summary,
    bug_id: bug?.id ?? null,
    project_id: bug?.project_id ?? extra.project_id ?? null,
  };
  events.push(event);
  const payload = { position: event.position, type, stream_id: bug ? `bug-${bug.id}` : "", project_id: event.project_id, bug_id: event.bug_id, actor_id: event.actor_id, at: event.at };
  for (const res of sse) res.write(`id: ${event.position}\nevent: ${type}\ndata: ${JSON.stringify(payload)}\n\n`);
  return event;
}

function addBug(actor, project_id, title, description, priority = "medium", created_at = now()) {
  const bug = {
    id: ++seq.bug, project_id, title, description, priority, status: "open", assignee_id: null, resolution_note: null,
    reporter_id: actor.id, rank: 1_000_000 - seq.bug * 10, created_at, updated_at: created_at, version: 1,
  };
  bugs.push(bug);
  record("bug.reported", actor, bug, null, null, null, `${actor.name} reported Bug #${bug.id}`);
  return bug;
}

const seedTitles = [
  ["Login button does nothing on Safari", "high"], ["Crash when the project name has an emoji", "critical"],
  ["Board columns overflow on small phones", "medium"], ["Typo in the welcome email", "low"],
  ["Search ignores accented letters", "medium"], ["Export to CSV drops the last row", "high"],
  ["Dark theme: unreadable code blocks", "low"], ["Timeouts when 500 users join at once", "critical"],
  ["Avatar initials wrong for single names", "low"], ["Password reset link expires too soon", "medium"],
  ["Duplicate notifications after reconnect", "high"], ["Keyboard focus lost after closing dialog", "medium"],
];
const admin = users[0];
seedTitles.forEach(([title, priority], i) => addBug(admin, 1, title, `Steps to reproduce for: ${title.toLowerCase()}.`, priority, daysAgo(12 - i)));
const setStatus = (id, status, assignee) => {
  const bug = bugs.find((b) => b.id === id);
  if (assignee) bug.assignee_id = assignee;
  if (status === "resolved" || status === "closed") bug.resolution_note = "Fixed in the latest build.";
  bug.status = status;
};
setStatus(4, "in_progress", 2); setStatus(5, "in_progress", 3); setStatus(6, "in_progress", 1);
setStatus(7, "resolved", 2); setStatus(8, "resolved", 4); setStatus(9, "closed", 3); setStatus(10, "closed", 2);
for (let i = 0; i < 60; i++) addBug(admin, 2, `Gemini issue ${i + 1}`, "Generated for paging.", ["low", "medium", "high", "critical"][i % 4]);
comments.push({ id: ++seq.comment, bug_id: 1, author_id: 2, text: "I can reproduce this on Safari 17.", created_at: daysAgo(2), updated_at: daysAgo(2), edited: false });
comments.push({ id: ++seq.comment, bug_id: 1, author_id: 1, text: "Thanks, looking into it.", created_at: daysAgo(1), updated_at: daysAgo(1), edited: false });

const publicUser = (u, viewer) => {
  const { password: _p, ...rest } = u;
  return { ...rest, email: viewer && (viewer.role === "admin" || viewer.id === u.id) ? u.email : null };
};
const nameOf = (id) => users.find((u) => u.id === id)?.name ?? null;
const commentOut = (c) => ({ ...c, author_name: nameOf(c.author_id) });
const bugOut = (b) => ({
  ...b, rank: String(b.rank).padStart(12, "0"), assignee_name: nameOf(b.assignee_id),
  comment_count: comments.filter((c) => c.bug_id === b.id).length,
});
const cardOut = (b) => {
  const { description: _d, resolution_note: _r, reporter_id: _rep, ...card } = bugOut(b);
  return card;
};

class HttpError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}
const send = (res, status, data, headers = {}) => {
  res.writeHead(status, { "Content-Type": "application/json", ...headers });
  res.end(JSON.stringify({ data, error: null, status }));
};

function authed(req, url) {
  const header = req.headers.authorization ?? "";
  const token = header.startsWith("Bearer ") ? header.slice(7) : url.searchParams.get("access_token");
  const user = users.find((u) => u.id === tokens.get(token));
  if (!user) throw new HttpError(401, "Invalid or expired token");
  if (user.is_blocked) throw new HttpError(403, "User is blocked");
  return user;
}
const requireAdmin = (user) => { if (user.role !== "admin") throw new HttpError(403, "Admin role required"); };
const findBug = (id) => { const b = bugs.find((x) => x.id === id); if (!b) throw new HttpError(404, `Bug ${id} not found`); return b; };
const blank = (s) => typeof s !== "string" || s.trim() === "";
const touch = (b) => { b.updated_at = now(); b.version += 1; };

function transition(user, bug, to) {
  if (NEXT[bug.status] !== to) throw new HttpError(422, `Cannot transition from ${bug.status} to ${to}`);
  if (user.role !== "admin" && !(bug.status === "in_progress" && to === "resolved")) throw new HttpError(403, "Members can only resolve in_progress bugs");
  if (to === "in_progress" && bug.assignee_id === null) throw new HttpError(422, "Assignee required before transitioning to in_progress");
  if (to === "resolved" && blank(bug.resolution_note)) throw new HttpError(422, "Resolution note required before transitioning to resolved");
  const old = bug.status;
  bug.status = to; touch(bug);
  record("bug.status_changed", user, bug, "status", old, to, `${user.name} moved Bug #${bug.id} from ${old} to ${to}`);
}

function update(user, bug, body) {
  if (user.role !== "admin") {
    if (Object.keys(body).some((k) => k !== "resolution_note" && body[k] !== undefined)) throw new HttpError(403, "Members can only update resolution_note");
    if (bug.status !== "in_progress") throw new HttpError(403, "Members can only update in_progress bugs");
  }
  if (bug.status === "closed") throw new HttpError(422, "Closed bugs cannot change");
  const fields = { title: "bug.retitled", description: "bug.description_changed", priority: "bug.reprioritized", resolution_note: "bug.resolution_noted" };
  for (const [field, type] of Object.entries(fields)) {
    if (body[field] === undefined || body[field] === bug[field]) continue;
    if ((field === "title" || field === "resolution_note") && blank(body[field])) throw new HttpError(400, `${field}: must not be blank`);
    const old = bug[field]; bug[field] = body[field]; touch(bug);
    record(type, user, bug, field, old, body[field], `${user.name} changed the ${field.replace("_", " ")} of Bug #${bug.id}`);
  }
  if (body.assignee_id !== undefined && body.assignee_id !== bug.assignee_id) {
    const assignee = users.find((u) => u.id === body.assignee_id);
    if (!assignee) throw new HttpError(404, `User ${body.assignee_id} not found`);
    if (assignee.is_blocked) throw new HttpError(422, "Blocked users cannot be assigned");
    const old = nameOf(bug.assignee_id); bug.assignee_id = assignee.id; touch(bug);
    record("bug.assigned", user, bug, "assignee", old, assignee.name, `${user.name} assigned Bug #${bug.id} to ${assignee.name}`);
  }
}

function columnCards(project_id, status, q) {
  return bugs
    .filter((b) => b.project_id === project_id && b.status === status)
    .filter((b) => (q.assignee_id === "none" ? b.assignee_id === null : q.assignee_id ? b.assignee_id === Number(q.assignee_id) : true))
    .filter((b) => (q.priority ? b.priority === q.priority : true))
    .filter((b) => (q.q ? `${b.title} ${b.description}`.toLowerCase().includes(q.q.toLowerCase()) : true))
    .filter((b) => (q.as_of ? b.created_at <= q.as_of : true))
    .sort((a, b) => a.rank - b.rank);
}

async function readBody(req) {
  let raw = "";
  for await (const chunk of req) raw += chunk;
  if (!raw) return {};
  try { return JSON.parse(raw); } catch { throw new HttpError(400, "Malformed JSON"); }
}

async function handle(req, res) {
  const url = new URL(req.url, "http://localhost");
  const path = url.pathname;
  const method = req.method;
  const body = ["POST", "PUT", "PATCH"].includes(method) ? await readBody(req) : {};
  const q = Object.fromEntries(url.searchParams);
  let m;
  await new Promise((r) => setTimeout(r, Number(process.env.LATENCY ?? 120)));

  if (path === "/api/health") return send(res, 200, { status: "ok" });
  if (path === "/api/auth/login" && method === "POST") {
    const user = users.find((u) => u.email === String(body.email ?? "").toLowerCase() && u.password === body.password);
    if (!user) throw new HttpError(401, "Invalid email or password");
    if (user.is_blocked) throw new HttpError(403, "User is blocked");
    const token = randomUUID();
    tokens.set(token, user.id);
    return send(res, 200, { access_token: token, token_type: "Bearer", expires_at: new Date(Date.now() + 7_200_000).toISOString(), user: publicUser(user, user) });
  }
  const me = authed(req, url);
  if (path === "/api/auth/me") return send(res, 200, publicUser(me, me));
  if (path === "/api/events/stream") {
    res.writeHead(200, { "Content-Type": "text/event-stream", "Cache-Control": "no-cache", Connection: "keep-alive" });
    res.write(": connected\n\n");
    sse.add(res);
    req.on("close", () => sse.delete(res));
    return;
  }
  if (path === "/api/users" && method === "GET") {
    const list = users.filter((u) => !q.q || `${u.name} ${u.email}`.toLowerCase().includes(q.q.toLowerCase()));
    const offset = Number(q.offset ?? 0), limit = Number(q.limit ?? 50);
    return send(res, 200, list.slice(offset, offset + limit).map((u) => publicUser(u, me)), { "X-Total-Count": String(list.length) });
  }
  if (path === "/api/users" && method === "POST") {
    requireAdmin(me);
    if (users.some((u) => u.email === String(body.email).toLowerCase())) throw new HttpError(409, `User with email ${body.email} already exists`);
    const user = { id: ++seq.user, name: body.name, email: String(body.email).toLowerCase(), role: body.role ?? "member", is_blocked: false, password: body.password, created_at: now(), updated_at: now() };
    users.push(user);
    record("user.registered", me, null, null, null, null, `${me.name} registered ${user.name}`);
    return send(res, 201, publicUser(user, me));
  }
  if ((m = path.match(/^\/api\/users\/(\d+)\/(block|unblock|role)$/)) && method === "PATCH") {
    requireAdmin(me);
    const user = users.find((u) => u.id === Number(m[1]));
    if (!user) throw new HttpError(404, `User ${m[1]} not found`);
    if (m[2] === "block") {
      if (user.id === me.id) throw new HttpError(422, "Admin cannot block their own account");
      if (user.role === "admin") throw new HttpError(422, "Admin accounts cannot be blocked");
      user.is_blocked = true;
    } else if (m[2] === "unblock") user.is_blocked = false;
    else user.role = body.role;
    record(`user.${m[2] === "role" ? "role_changed" : `${m[2]}ed`}`, me, null);
    return send(res, 200, publicUser(user, me));
  }
  if (path === "/api/projects" && method === "GET") return send(res, 200, projects, { "X-Total-Count": String(projects.length) });
  if (path === "/api/projects" && method === "POST") {
    requireAdmin(me);
    if (blank(body.name)) throw new HttpError(400, "name: must not be blank");
    const project = { id: ++seq.project, name: body.name, description: body.description ?? null, created_at: now(), updated_at: now(), version: 1 };
    projects.push(project);
    record("project.created", me, null, null, null, null, "", { project_id: project.id });
    return send(res, 201, project);
  }
  if ((m = path.match(/^\/api\/projects\/(\d+)\/board$/))) {
    const project = projects.find((p) => p.id === Number(m[1]));
    if (!project) throw new HttpError(404, `Project ${m[1]} not found`);
    const limit = Number(q.limit ?? 100);
    const columns = STATUSES.map((status) => {
      const all = columnCards(project.id, status, q);
      return { status, count: all.length, cards: all.slice(0, limit).map(cardOut) };
    });
    return send(res, 200, { project, as_of: q.as_of ?? null, columns });
  }
  if ((m = path.match(/^\/api\/projects\/(\d+)$/))) {
    const project = projects.find((p) => p.id === Number(m[1]));
    if (!project) throw new HttpError(404, `Project ${m[1]} not found`);
    return send(res, 200, project);
  }
  if (path === "/api/bugs" && method === "POST") {
    requireAdmin(me);
    if (blank(body.title)) throw new HttpError(400, "title: must not be blank");
    if (!projects.some((p) => p.id === body.project_id)) throw new HttpError(404, `Project ${body.project_id} not found`);
    const bug = addBug(me, body.project_id, body.title, body.description ?? "", body.priority ?? "medium");
    bug.rank = Math.min(...bugs.filter((b) => b.project_id === bug.project_id && b.status === "open").map((b) => b.rank)) - 10;
    return send(res, 201, bugOut(bug));
  }
  if ((m = path.match(/^\/api\/bugs\/(\d+)(?:\/(\w+))?(?:\/(\d+))?$/))) {
    const bug = findBug(Number(m[1]));
    const action = m[2];
    if (!action && method === "GET") {
      const assignee = users.find((u) => u.id === bug.assignee_id);
      return send(res, 200, { ...bugOut(bug), assignee: assignee ? publicUser(assignee, me) : null, comments: comments.filter((c) => c.bug_id === bug.id).map(commentOut) }, { ETag: `"${bug.version}"` });
    }
    if (!action && method === "PUT") {
      const match = req.headers["if-match"];
      if (match && match.replace(/"/g, "") !== String(bug.version)) throw new HttpError(412, "The bug changed since you loaded it; reload and retry");
      update(me, bug, body);
      return send(res, 200, bugOut(bug));
    }
    if (action === "transition") { transition(me, bug, body.status); return send(res, 200, bugOut(bug)); }
    if (action === "unassign") {
      requireAdmin(me);
      const old = nameOf(bug.assignee_id); bug.assignee_id = null; touch(bug);
      record("bug.unassigned", me, bug, "assignee", old, null, `${me.name} unassigned Bug #${bug.id}`);
      return send(res, 200, bugOut(bug));
    }
    if (action === "move") {
      if (body.status !== bug.status) transition(me, bug, body.status);
      else if (me.role !== "admin") throw new HttpError(403, "Members can only resolve in_progress bugs");
      const above = bugs.find((b) => b.id === body.after_id);
      const below = bugs.find((b) => b.id === body.before_id);
      const col = columnCards(bug.project_id, bug.status, {}).filter((b) => b.id !== bug.id);
      const lo = above ? above.rank : below ? below.rank - 20 : (col[0]?.rank ?? 1000) - 20;
      const hi = below ? below.rank : above ? above.rank + 20 : lo + 40;
      bug.rank = (lo + hi) / 2; touch(bug);
      record("bug.ranked", me, bug, "rank", null, null, `${me.name} reordered Bug #${bug.id}`);
      return send(res, 200, bugOut(bug));
    }
    if (action === "history") return send(res, 200, events.filter((e) => e.bug_id === bug.id));
    if (action === "comments" && method === "GET" && !m[3]) return send(res, 200, comments.filter((c) => c.bug_id === bug.id).map(commentOut));
    if (action === "comments" && method === "POST") {
      if (blank(body.text)) throw new HttpError(400, "text: must not be blank");
      const c = { id: ++seq.comment, bug_id: bug.id, author_id: me.id, text: body.text, created_at: now(), updated_at: now(), edited: false };
      comments.push(c); touch(bug);
      record("bug.comment_added", me, bug, "comment", null, c.text, `${me.name} commented on Bug #${bug.id}`, { comment_id: c.id });
      return send(res, 201, commentOut(c));
    }
    if (action === "comments" && m[3]) {
      const c = comments.find((x) => x.id === Number(m[3]) && x.bug_id === bug.id);
      if (!c) throw new HttpError(404, `Comment ${m[3]} not found`);
      if (method === "PATCH") {
        if (c.author_id !== me.id) throw new HttpError(403, "Only the author can edit this comment");
        const old = c.text; c.text = body.text; c.edited = true; c.updated_at = now();
        record("bug.comment_edited", me, bug, "comment", old, c.text, `${me.name} edited a comment on Bug #${bug.id}`, { comment_id: c.id });
        return send(res, 200, commentOut(c));
      }
      if (method === "DELETE") {
        if (c.author_id !== me.id && me.role !== "admin") throw new HttpError(403, "Only the author can delete this comment");
        comments.splice(comments.indexOf(c), 1);
        record("bug.comment_deleted", me, bug, "comment", c.text, null, `${me.name} deleted a comment on Bug #${bug.id}`, { comment_id: c.id });
        return send(res, 200, null);
      }
    }
  }
  throw new HttpError(404, `No route for ${method} ${path}`);
}

createServer((req, res) => {
  handle(req, res).catch((error) => {
    const status = error instanceof HttpError ? error.status : 500;
    if (!(error instanceof HttpError)) console.error(error);
    res.writeHead(status, { "Content-Type": "application/json" });
    res.end(JSON.stringify({ data: null, error: error.message, status }));
  });
}).listen(PORT, "127.0.0.1", () => console.log(`mock API on http://127.0.0.1:${PORT}`));
