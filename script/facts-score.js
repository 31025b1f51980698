// The comparison half of script/facts-score (see its header for the annotation format).
// node facts-score.js ANNOTATIONS_DIR RUN_DIR FLOOR_FILE|"" PROJECT...
"use strict";
const fs = require("fs"), path = require("path");
const [annotations, run, floorFile, ...projects] = process.argv.slice(2);

const totals = {};
const add = (field, hit, of) => {
  totals[field] = totals[field] || [0, 0];
  totals[field][0] += hit;
  totals[field][1] += of;
};
let stopped = 0;
const notRun = [];

// Every facts tree of the run: the app's, or each umbrella app's.
const apps = (facts) => (facts.apps && facts.apps.length ? facts.apps : [facts]);
const walk = (children, visit) => {
  const stack = [...children];
  while (stack.length) {
    const child = stack.pop();
    visit(child);
    stack.push(...(child.children || []));
  }
};
const multiset = (names) => names.reduce((m, n) => m.set(n, (m.get(n) || 0) + 1), new Map());
const overlap = (a, b) => {
  const mb = multiset(b);
  let hit = 0;
  for (const n of a) if (mb.get(n) > 0) { hit++; mb.set(n, mb.get(n) - 1); }
  return hit;
};
const pct = ([hit, of]) => (of ? `${((100 * hit) / of).toFixed(1)}% (${hit}/${of})` : "n/a");

for (const dir of projects) {
  const want = JSON.parse(fs.readFileSync(path.join(annotations, `${dir}.json`), "utf8"));
  const rc = fs.readFileSync(path.join(run, `${dir}.rc`), "utf8").trim();
  const out = fs.readFileSync(path.join(run, `${dir}.json`), "utf8");
  let facts = null;
  let plan = null;
  try { ({ facts, plan } = JSON.parse(out.slice(out.indexOf("{")))); } catch (_) { facts = null; }
  // Mix itself could not load mix.exs on this Elixir/OTP: no Mix task runs
  // there, otp_plan included. Said out loud and counted apart, not scored.
  if (rc === "mix-load") {
    const err = fs.readFileSync(path.join(run, `${dir}.err`), "utf8").trim().split("\n")[0].slice(0, 160);
    notRun.push(dir);
    console.log(`${dir}: NOT RUN (Mix cannot load its mix.exs on this Elixir/OTP): ${err}`);
    continue;
  }
  if (rc !== "0" || !facts) {
    stopped++;
    const err = fs.readFileSync(path.join(run, `${dir}.err`), "utf8").trim().split("\n").slice(-3).join(" | ");
    console.log(`${dir}: STOPPED (exit ${rc}): ${err}`);
    continue;
  }
  const line = [];
  const score = (field, hit, of) => { add(field, hit, of); line.push(`${field} ${pct([hit, of])}`); };

  // The kind is decided with the plan (plan::Kind), from the facts.
  score("kind", plan && plan.kind === want.kind ? 1 : 0, 1);

  // Top-level children.
  const doubtful = new Set(want.children_doubtful || []);
  const got = apps(facts).flatMap((a) => (a.supervision ? a.supervision.children : []));
  const gotNamed = got.filter((c) => c.module && !doubtful.has(c.module));
  const wantChildren = want.children || [];
  const found = [];
  const pool = [...gotNamed];
  // Same module, and where a module repeats, same presence first.
  const conditional = (c) => c.presence !== "always";
  for (const pass of ["presence", "module"])
    for (const w of wantChildren) {
      if (found.some(([f]) => f === w)) continue;
      const i = pool.findIndex((c) => c.module === w.module &&
        (pass === "module" || conditional(c) === (w.presence === "conditional")));
      if (i >= 0) { found.push([w, pool[i]]); pool.splice(i, 1); }
    }
  score("children_recall", found.length, wantChildren.length);
  score("children_precision", gotNamed.length - pool.length, gotNamed.length);
  const always = wantChildren.filter((w) => w.presence === "always");
  score("unconditional_recall", found.filter(([w]) => w.presence === "always").length, always.length);
  const cond = found.filter(([w]) => w.presence === "conditional");
  score("conditional_marked", cond.filter(([, c]) => c.presence !== "always").length, cond.length);

  // Nested supervisors: a node of the module with children of its own.
  const nested = new Set();
  for (const a of apps(facts))
    if (a.supervision) walk(a.supervision.children, (c) => { if (c.module && c.children && c.children.length) nested.add(c.module); });
  const wantNested = want.nested_supervisors || [];
  score("nested_supervisors", wantNested.filter((m) => nested.has(m)).length, wantNested.length);

  const web = apps(facts).map((a) => a.web).filter(Boolean);
  const endpoints = web.flatMap((w) => (w.endpoints && w.endpoints.length ? w.endpoints : [w.endpoint])).filter(Boolean);
  const routers = web.flatMap((w) => (w.routers && w.routers.length ? w.routers : [w.router])).filter(Boolean);
  score("endpoints", overlap(want.endpoints || [], endpoints), (want.endpoints || []).length);
  score("routers", overlap(want.routers || [], routers), (want.routers || []).length);

  if (want.schemas != null) {
    const n = apps(facts).reduce((s, a) => s + ((a.data && a.data.schemas) || []).length, 0);
    const ratio = Math.max(n, want.schemas) ? Math.min(n, want.schemas) / Math.max(n, want.schemas) : 1;
    add("schemas", ratio, 1);
    line.push(`schemas ${n}/${want.schemas}`);
  }

  const deps = [...new Set([...facts.deps, ...apps(facts).flatMap((a) => a.deps || [])].map((d) => d.name))];
  const wantDeps = want.deps || [];
  score("deps_recall", wantDeps.filter((d) => deps.includes(d)).length, wantDeps.length);
  score("deps_precision", deps.filter((d) => wantDeps.includes(d)).length, deps.length);

  console.log(`${dir}: ${line.join(", ")}`);
  const missed = wantChildren.filter((w) => !found.some(([f]) => f === w)).map((w) => w.module);
  if (missed.length) console.log(`  missed children: ${missed.join(", ")}`);
  if (pool.length) console.log(`  extra children: ${pool.map((c) => c.module).join(", ")}`);
  const missedNested = wantNested.filter((m) => !nested.has(m));
  if (missedNested.length) console.log(`  missed nested: ${missedNested.join(", ")}`);
  const missedDeps = wantDeps.filter((d) => !deps.includes(d));
  if (missedDeps.length) console.log(`  missed deps: ${missedDeps.join(", ")}`);
  const extraDeps = deps.filter((d) => !wantDeps.includes(d));
  if (extraDeps.length) console.log(`  extra deps: ${extraDeps.join(", ")}`);
}

console.log("\nTOTAL");
for (const [field, value] of Object.entries(totals)) console.log(`  ${field}: ${pct(value)}`);
console.log(`  stopped: ${stopped}`);
if (notRun.length) console.log(`  not run (mix.exs needs a newer Elixir/OTP): ${notRun.length} (${notRun.join(", ")})`);

if (floorFile) {
  const floor = JSON.parse(fs.readFileSync(floorFile, "utf8"));
  let under = false;
  for (const [field, min] of Object.entries(floor)) {
    const value = field === "stopped" ? stopped : totals[field] && totals[field][1] ? totals[field][0] / totals[field][1] : 1;
    const bad = field === "stopped" ? value > min : value < min;
    if (bad) { console.log(`UNDER FLOOR: ${field} ${value} (floor ${min})`); under = true; }
  }
  process.exit(under ? 1 : 0);
}
