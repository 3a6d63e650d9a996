// The graph explorer at /explore. It uses only the public GraphQL API at /graphql: search
// (suggestions), neighborhood (drawing, expanding), role/skill/technology/industry (the side
// panel), careerPath, extractSkills and skillGap.
import cytoscape from 'cytoscape';
import './explore.css';

// Caps that keep the drawing readable and the queries small: the first neighbourhood, each
// expansion, and the whole canvas. The API caps too and says so (truncated).
const FIRST_LIMIT = 60;
const EXPAND_LIMIT = 30;
const MAX_NODES = 400;

const KIND_COLOR = { ROLE: '#2563eb', SKILL: '#16a34a', TECHNOLOGY: '#ea580c', INDUSTRY: '#9333ea' };
const KIND_LABEL = { ROLE: 'Role', SKILL: 'Skill', TECHNOLOGY: 'Technology', INDUSTRY: 'Industry' };
const KIND_SHAPE = { ROLE: 'round-rectangle', SKILL: 'ellipse', TECHNOLOGY: 'diamond', INDUSTRY: 'hexagon' };

const $ = (id) => document.getElementById(id);

// ---- API ----------------------------------------------------------------------------

async function gql(query, variables) {
  const res = await fetch('graphql', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/graphql-response+json, application/json' },
    body: JSON.stringify({ query, variables }),
  });
  let body;
  try {
    body = await res.json();
  } catch {
    throw new Error(`the API answered ${res.status} without JSON`);
  }
  if (body.errors && body.errors.length) {
    throw new Error(body.errors.map((e) => e.message + (e.extensions && e.extensions.code ? ` (${e.extensions.code})` : '')).join('; '));
  }
  return body.data;
}

const SEARCH = `query Search($q: String!, $kinds: [Kind!]) {
  search(query: $q, kinds: $kinds, first: 8) { kind node { id name } }
}`;

const NEIGHBORHOOD = `query Neighborhood($id: ID!, $kind: Kind, $depth: Int, $limit: Int) {
  neighborhood(id: $id, kind: $kind, depth: $depth, limit: $limit) {
    truncated
    nodes { kind name depth node { id } }
    edges { type from fromKind to toKind properties { importance importanceScore level essential weight hot inDemand tier rank confidence similarity source } }
  }
}`;

const ROLE = `query Role($id: ID!) { role(id: $id) {
  id name description jobZone source
  skills(first: 15) { totalCount edges { importance essential node { id name } } }
  technologies(first: 15) { totalCount edges { importance hot inDemand node { id name } } }
  similarRoles(first: 5) { score role { id name } sharedSkills { node { id name } } sharedTechnologies { node { id name } } missing { kind node { id name } } }
  relatedRoles(first: 8) { totalCount edges { tier rank node { id name } } }
  nextRoles(first: 8) { edges { node { id name } } }
  previousRoles(first: 8) { edges { node { id name } } }
} }`;

const SKILL = `query Skill($id: ID!) { skill(id: $id) {
  id name description category source
  roles(first: 12) { totalCount edges { importance essential node { id name } } }
  technologies(first: 12) { totalCount edges { node { id name } } }
  relatedSkills(first: 10) { totalCount edges { weight node { id name } } }
} }`;

const TECHNOLOGY = `query Technology($id: ID!) { technology(id: $id) {
  id name description category source
  roles(first: 12) { totalCount edges { importance hot inDemand node { id name } } }
  skills(first: 12) { totalCount edges { node { id name } } }
} }`;

const INDUSTRY = `query Industry($id: ID!) { industry(id: $id) {
  id name description source
  roles(first: 15) { totalCount edges { node { id name } } }
} }`;

const CAREER_PATH = `query CareerPath($from: ID!, $to: ID!) {
  careerPath(from: $from, to: $to, maxSteps: 6) {
    found reason cost
    steps {
      from { id name } to { id name } via forward cost
      skillsToAcquire { weight node { id name } }
      technologiesToAcquire { weight node { id name } }
    }
  }
}`;

const EXTRACT = `query Extract($text: String!) { extractSkills(text: $text) { kind node { id name } } }`;

const SKILL_GAP = `query SkillGap($role: ID!, $skills: [ID!], $technologies: [ID!]) {
  role(id: $role) { id name }
  skillGap(role: $role, skills: $skills, technologies: $technologies, first: 15) {
    kind weight essential node { id name } supportedBy { id name } learnedIn { id name }
  }
}`;

// ---- small DOM helpers ----------------------------------------------------------------

// h builds an element: h('li', {class: 'x', onclick}, child, 'text', ...). Text is always
// set as text, never as HTML, so names from the graph cannot inject markup.
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v == null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat(Infinity)) {
    if (c == null || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

const badge = (kind) => h('span', { class: `sg-badge ${kind}` }, KIND_LABEL[kind] || kind);

// link shows a node of the graph; clicking it shows the node in the panel and the canvas.
const link = (kind, node) => h('a', { class: 'sg-link', href: '#', 'data-kind': kind, 'data-id': node.id,
  onclick: (e) => { e.preventDefault(); focusNode(kind, node.id); } }, node.name);

function bar(value, max) {
  const pct = Math.max(0, Math.min(100, (100 * value) / max));
  return h('span', { class: 'sg-bar', title: `${value} of ${max}` }, h('span', { 'data-w': Math.round(pct) }));
}

// The bars' widths are set through the CSSOM after insertion: the Content-Security-Policy
// forbids style attributes in markup.
function paintBars(root) {
  for (const s of root.querySelectorAll('[data-w]')) s.style.width = `${s.dataset.w}%`;
}

function setPanel(el, ...children) {
  el.replaceChildren(...children.flat(Infinity).filter(Boolean));
  paintBars(el);
}

function errorBox(err) {
  return h('p', { class: 'sg-error' }, `Could not load: ${err.message}`);
}

// notice shows a line above the drawing (caps, errors); the canvas gives it room.
function notice(text, isError) {
  const n = $('notice');
  const was = n.hidden;
  n.hidden = !text;
  n.textContent = text || '';
  n.classList.toggle('error', !!isError);
  if (was !== n.hidden && typeof cy !== 'undefined') cy.resize();
}

// ---- suggestions ------------------------------------------------------------------------

// suggest attaches search-as-you-type suggestions to an input. onPick gets {kind, node};
// Enter picks the highlighted suggestion, or the first one.
function suggest(input, { kinds, onPick }) {
  const list = h('ul', { class: 'sg-suggestions', role: 'listbox', hidden: true });
  input.parentElement.append(list);
  let items = [];
  let active = -1;
  let timer = 0;
  let seq = 0;
  let pendingEnter = false;
  let wanted = false; // the reader is typing here: answers may open the list

  const close = () => { list.hidden = true; active = -1; wanted = false; };
  const pick = (i) => {
    const it = items[i];
    if (!it) return;
    input.value = it.node.name;
    input.dataset.id = it.node.id;
    input.dataset.kind = it.kind;
    close();
    onPick(it);
  };
  const render = () => {
    list.replaceChildren(...items.map((it, i) => h('li', { role: 'option', 'aria-selected': String(i === active),
      onmousedown: (e) => { e.preventDefault(); pick(i); } }, badge(it.kind), it.node.name,
    h('span', { class: 'sg-hint' }, it.node.id))));
    // An answer that arrives after the reader moved on (submitted, tabbed away) stays closed.
    list.hidden = items.length === 0 || !wanted || document.activeElement !== input;
  };
  const lookup = async () => {
    const q = input.value.trim();
    const mine = ++seq;
    if (!q) { items = []; render(); return; }
    try {
      const data = await gql(SEARCH, { q, kinds });
      if (mine !== seq) return; // a newer keystroke's answer wins
      items = data.search;
      active = -1;
      render();
      if (pendingEnter) { pendingEnter = false; pick(0); }
    } catch (err) {
      if (mine === seq) { items = []; render(); notice(`Search failed: ${err.message}`, true); }
    }
  };
  input.addEventListener('input', () => {
    wanted = true;
    delete input.dataset.id;
    clearTimeout(timer);
    timer = setTimeout(lookup, 150);
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (!items.length) return;
      active = (active + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length;
      render();
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (items.length && !list.hidden) pick(Math.max(active, 0));
      else if (input.value.trim() && !input.dataset.id) { pendingEnter = true; clearTimeout(timer); lookup(); }
    } else if (e.key === 'Escape') {
      close();
    }
  });
  input.addEventListener('blur', () => { wanted = false; setTimeout(close, 100); });
}

// resolveRole returns the id of the role an input names: the suggestion picked, else the
// best search hit for its text.
async function resolveRole(input) {
  if (input.dataset.id && input.dataset.kind === 'ROLE') return { id: input.dataset.id, name: input.value };
  const q = input.value.trim();
  const data = await gql(SEARCH, { q, kinds: ['ROLE'] });
  if (!data.search.length) throw new Error(`no role matches “${q}”`);
  const hit = data.search[0].node;
  input.value = hit.name;
  input.dataset.id = hit.id;
  input.dataset.kind = 'ROLE';
  return hit;
}

// ---- the canvas -------------------------------------------------------------------------

const cy = cytoscape({
  container: $('cy'),
  minZoom: 0.15,
  maxZoom: 3,
  style: [
    { selector: 'node', style: {
      'background-color': 'data(color)', shape: 'data(shape)', label: 'data(name)', width: 18, height: 18,
      'font-size': 12, color: '#111827', 'text-valign': 'bottom', 'text-margin-y': 3,
      'text-wrap': 'ellipsis', 'text-max-width': 140,
      'text-background-color': '#fafafa', 'text-background-opacity': 0.8, 'text-background-padding': 1 } },
    // Role names are what a reader looks for: wrapped on two lines rather than cut.
    { selector: 'node[kind = "ROLE"]', style: { width: 24, height: 24, 'font-size': 13, 'font-weight': 'bold', 'text-wrap': 'wrap', 'text-max-width': 130 } },
    { selector: 'node.expanded', style: { 'border-width': 2, 'border-color': '#111827' } },
    { selector: 'node.start', style: { width: 36, height: 36, 'font-size': 15, 'border-width': 3, 'border-color': '#111827' } },
    { selector: 'node:selected', style: { 'border-width': 4, 'border-color': '#facc15', 'z-index': 10 } },
    { selector: 'node.have', style: { 'border-width': 3, 'border-color': '#16a34a', 'background-opacity': 0.35 } },
    { selector: 'node.missing', style: { 'border-width': 3, 'border-color': '#dc2626' } },
    { selector: 'edge', style: {
      width: 'mapData(strength, 0, 5, 0.8, 3.5)', 'line-color': '#cbd5e1', 'curve-style': 'bezier',
      'target-arrow-shape': 'triangle', 'target-arrow-color': '#cbd5e1', 'arrow-scale': 0.6 } },
    { selector: 'edge.hover', style: { 'line-color': '#0f172a', 'target-arrow-color': '#0f172a', 'z-index': 9 } },
    { selector: 'edge.path', style: {
      width: 4, 'line-color': '#dc2626', 'target-arrow-color': '#dc2626', label: 'data(label)', 'font-size': 11,
      'text-rotation': 'autorotate', 'text-margin-y': -10, color: '#7f1d1d' } },
    { selector: 'edge.gap', style: { 'line-style': 'dashed', 'line-color': '#fca5a5', 'target-arrow-color': '#fca5a5' } },
  ],
});
window.sgExplorer = { cy };

// Node ids are global (Role:backend-developer): the drawing's element ids as they are.
function nodeData(n) {
  return { id: n.id, kind: n.kind, gid: n.id, name: n.name, color: KIND_COLOR[n.kind] || '#64748b', shape: KIND_SHAPE[n.kind] || 'ellipse' };
}

// Edge properties arrive typed, null where the relationship has none: those are not shown.
function edgeProps(e) {
  return Object.fromEntries(Object.entries(e.properties || {}).filter(([, v]) => v !== null));
}

function edgeData(e) {
  const props = edgeProps(e);
  const strength = typeof props.importance === 'number' ? props.importance
    : typeof props.weight === 'number' ? 5 * props.weight : 1.5;
  return { id: `${e.type}|${e.from}|${e.to}`, source: e.from,
    target: e.to, type: e.type, props, strength };
}

// merge adds a neighbourhood's nodes and edges and returns the nodes added. Around a node
// being expanded, the new ones go on a ring of their own further out from the centre of
// the drawing, so what was drawn stays where the reader saw it.
function merge(nb, around) {
  const room = MAX_NODES - cy.nodes().length;
  const nodes = nb.nodes.map((n) => ({ kind: n.kind, name: n.name, depth: n.depth, id: n.node.id }));
  const fresh = nodes.filter((n) => cy.getElementById(n.id).empty()).slice(0, Math.max(room, 0));
  fresh.sort((a, b) => RING[a.kind] - RING[b.kind] || a.name.localeCompare(b.name));
  let place = () => ({ x: 0, y: 0 });
  if (around) {
    // The ring's centre: outside the drawing's ellipse, in the direction of the node.
    const p = around.position();
    const b = cy.nodes().boundingBox();
    const c = { x: (b.x1 + b.x2) / 2, y: (b.y1 + b.y2) / 2 };
    const d = Math.hypot(p.x - c.x, p.y - c.y);
    const u = d > 1 ? { x: (p.x - c.x) / d, y: (p.y - c.y) / d } : { x: 1, y: 0 };
    const edge = 1 / Math.hypot(u.x / Math.max(b.w / 2, 1), u.y / Math.max(b.h / 2, 1));
    const r = Math.max(90, (fresh.length * 46) / (2 * Math.PI));
    const o = { x: c.x + u.x * (edge + r + 50), y: c.y + u.y * (edge + r + 50) };
    place = (i) => {
      const a = (2 * Math.PI * i) / fresh.length + Math.atan2(c.y - p.y, c.x - p.x) + Math.PI / fresh.length;
      return { x: o.x + r * Math.cos(a), y: o.y + r * Math.sin(a) };
    };
  }
  const added = cy.add(fresh.map((n, i) => ({ group: 'nodes', data: { ...nodeData(n), depth: n.depth }, position: place(i) })));
  const edges = nb.edges.map(edgeData).filter((d) => cy.getElementById(d.id).empty()
    && !cy.getElementById(d.source).empty() && !cy.getElementById(d.target).empty());
  cy.add(edges.map((d) => ({ group: 'edges', data: d })));
  return added;
}

// Rings of the first drawing, inside out: the start, then one ring per kind one step away
// (roles, industries, skills, technologies), then the same two steps away. Kinds grouped
// read at a glance.
const RING = { ROLE: 0, INDUSTRY: 1, SKILL: 2, TECHNOLOGY: 3 };

// ringLayout puts the kinds on rings, then stretches the rings to the canvas's shape (a
// laptop screen is wide), which leaves labels room side by side.
function ringLayout() {
  return new Promise((resolve) => {
    // Few nodes get room around them for their labels; many get packed closer, or they
    // would be drawn too small to read.
    const spacing = cy.nodes().length > 30 ? 22 : 45;
    const l = cy.layout({ name: 'concentric', animate: false, fit: false, minNodeSpacing: spacing, startAngle: -Math.PI / 2,
      concentric: (n) => (n.hasClass('start') ? 100 : (n.data('depth') > 1 ? 10 : 50) - 2 * RING[n.data('kind')]),
      levelWidth: () => 1 });
    l.one('layoutstop', () => {
      const stretch = Math.max(1, Math.min(2.2, cy.width() / Math.max(cy.height(), 1)));
      cy.nodes().positions((n) => ({ x: n.position('x') * stretch, y: n.position('y') }));
      fitAtMost(cy.elements(), 24, 1.2);
      resolve();
    });
    l.run();
  });
}

// fitAtMost fits eles in the canvas, zoomed in no further than zoom.
function fitAtMost(eles, padding, zoom) {
  cy.fit(eles, padding);
  if (cy.zoom() > zoom) {
    cy.zoom(zoom);
    cy.center(eles);
  }
}

function status() {
  const n = cy.nodes().length;
  $('status').textContent = n ? `${n} nodes, ${cy.edges().length} relationships. Click a node to expand it; hover over an edge for its properties.` : '';
}

let busy = 0;
function setBusy(delta) {
  busy += delta;
  document.body.classList.toggle('sg-busy', busy > 0);
  document.body.dataset.busy = String(busy);
}

// show draws the neighbourhood of one node afresh.
async function show(kind, id) {
  setBusy(1);
  try {
    const depth = Number($('depth').value);
    const data = await gql(NEIGHBORHOOD, { id, kind, depth, limit: FIRST_LIMIT });
    const nb = data.neighborhood;
    cy.elements().remove();
    if (!nb.nodes.length) { notice(`Nothing found for ${id}.`, true); status(); return; }
    merge(nb, null);
    const start = cy.getElementById(id);
    start.addClass('start expanded');
    window.history.replaceState(null, '', `#${encodeURIComponent(id)}`); // a link to this drawing
    const name = start.data('name') || id;
    notice(nb.truncated ? `“${name}” has more neighbours than shown: the drawing is capped at ${FIRST_LIMIT} nodes. Click a node to expand it.` : '');
    await ringLayout();
    cy.$(':selected').unselect();
    start.select();
    status();
    await details(kind, id);
  } catch (err) {
    notice(`Could not draw the neighbourhood: ${err.message}`, true);
  } finally {
    setBusy(-1);
  }
}

// expand adds a node's own neighbourhood to the drawing.
async function expand(node) {
  if (node.hasClass('expanded')) return;
  if (cy.nodes().length >= MAX_NODES) {
    notice(`The drawing holds ${MAX_NODES} nodes, its cap: clear it or search for a node to start afresh.`);
    return;
  }
  setBusy(1);
  try {
    const data = await gql(NEIGHBORHOOD, { id: node.data('gid'), kind: node.data('kind'), depth: 1, limit: EXPAND_LIMIT });
    const added = merge(data.neighborhood, node);
    node.addClass('expanded');
    // Close enough to read what was added; Fit shows everything.
    if (added.length) fitAtMost(node.union(added), 50, 1.2);
    notice(data.neighborhood.truncated
      ? `“${node.data('name')}” is a hub: only its first ${EXPAND_LIMIT} neighbours are drawn (capped).`
      : '');
    status();
  } catch (err) {
    notice(`Could not expand ${node.data('name')}: ${err.message}`, true);
  } finally {
    setBusy(-1);
  }
}

// focusNode shows a node named in the panel: selected and expanded when drawn, else drawn
// afresh around it.
function focusNode(kind, id) {
  const n = cy.getElementById(id);
  if (n.empty()) { show(kind, id); return; }
  cy.$(':selected').unselect();
  n.select();
  cy.animate({ center: { eles: n }, duration: 250 });
  expand(n);
  details(kind, id);
}

cy.on('tap', 'node', (e) => {
  const n = e.target;
  selectTab('details');
  expand(n);
  details(n.data('kind'), n.data('gid'));
});

const tip = $('tip');
cy.on('mouseover', 'edge', (e) => {
  const ed = e.target;
  ed.addClass('hover');
  const src = ed.source().data('name');
  const dst = ed.target().data('name');
  const rows = Object.entries(ed.data('props') || {}).map(([k, v]) => h('div', null, `${k}: `, h('b', null, String(v))));
  tip.replaceChildren(h('div', null, h('b', null, ed.data('type'))), h('div', null, `${src} → ${dst}`), ...rows);
  const p = e.renderedPosition;
  tip.style.left = `${$('cy').offsetLeft + p.x + 14}px`;
  tip.style.top = `${$('cy').offsetTop + p.y + 14}px`;
  tip.hidden = false;
});
const hideTip = () => { cy.edges('.hover').removeClass('hover'); tip.hidden = true; };
cy.on('mouseout', 'edge', hideTip);
cy.on('tap viewport', hideTip);

// ---- the side panel -----------------------------------------------------------------------

function selectTab(name) {
  for (const b of document.querySelectorAll('.sg-tabs button')) b.setAttribute('aria-selected', String(b.dataset.tab === name));
  for (const t of ['details', 'path', 'gap']) $(`tab-${t}`).hidden = t !== name;
}
for (const b of document.querySelectorAll('.sg-tabs button')) b.addEventListener('click', () => selectTab(b.dataset.tab));

const more = (conn, shown) => (conn.totalCount > shown ? h('p', { class: 'sg-hint' }, `${shown} of ${conn.totalCount} shown.`) : null);

function section(title, conn, row) {
  if (!conn || !conn.edges.length) return null;
  return [h('h3', null, `${title} (${conn.totalCount ?? conn.edges.length})`), h('ul', { class: 'sg-list' }, conn.edges.map(row)), more(conn, conn.edges.length)];
}

function flags(e) {
  return [e.essential === true && h('span', { class: 'sg-flag essential', title: 'required, not a plus' }, 'essential'),
    e.essential === false && h('span', { class: 'sg-flag', title: 'a plus, not required' }, 'plus'),
    e.hot && h('span', { class: 'sg-flag hot', title: 'O*NET Hot Technology' }, 'hot'),
    e.inDemand && h('span', { class: 'sg-flag demand', title: 'O*NET In Demand' }, 'in demand')];
}

const importanceRow = (kind) => (e) => h('li', null, h('span', { class: 'sg-name' }, link(kind, e.node), flags(e)),
  e.importance != null ? [bar(e.importance, 5), h('span', { class: 'sg-num', title: 'importance 1-5' }, e.importance)] : null);
const plainRow = (kind) => (e) => h('li', null, h('span', { class: 'sg-name' }, link(kind, e.node)));

function header(kind, n, extra) {
  return [h('h2', null, n.name), h('div', { class: 'sg-meta' }, badge(kind), n.id, extra, ` · ${n.source}`),
    n.description ? h('p', null, n.description) : null];
}

function roleView(r) {
  const similar = r.similarRoles.length ? [h('h3', null, 'Similar roles'), h('ul', { class: 'sg-list' }, r.similarRoles.map((s) => {
    const shared = [...s.sharedSkills, ...s.sharedTechnologies].map((x) => x.node.name);
    const missing = s.missing.map((x) => x.node.name);
    return h('li', null, h('span', { class: 'sg-name' }, link('ROLE', s.role),
      h('span', { class: 'sg-sub' }, shared.length ? `shares ${shared.join(', ')}` : 'shares little'),
      missing.length ? h('span', { class: 'sg-sub' }, `also needs ${missing.join(', ')}`) : null),
    bar(s.score, 1), h('span', { class: 'sg-num', title: 'similarity (weighted Jaccard)' }, s.score.toFixed(2)));
  }))] : null;
  const roleList = (title, conn) => section(title, conn, plainRow('ROLE'));
  return [
    header('ROLE', r, r.jobZone ? ` · job zone ${r.jobZone}` : ''),
    h('div', { class: 'sg-actions' },
      h('button', { type: 'button', onclick: () => preparePath(r, 'from') }, 'Career path from here'),
      h('button', { type: 'button', onclick: () => preparePath(r, 'to') }, 'Career path to here'),
      h('button', { type: 'button', onclick: () => prepareGap(r) }, 'Skill gap for this role')),
    section('Skills, by importance', r.skills, importanceRow('SKILL')),
    section('Technologies', r.technologies, importanceRow('TECHNOLOGY')),
    similar,
    roleList('Next roles', r.nextRoles),
    roleList('Previous roles', r.previousRoles),
    section('Related roles (O*NET)', r.relatedRoles, (e) => h('li', null, h('span', { class: 'sg-name' }, link('ROLE', e.node),
      h('span', { class: 'sg-sub' }, `${e.tier || ''}${e.rank ? ` · rank ${e.rank}` : ''}`)))),
  ];
}

function skillView(s) {
  return [
    header('SKILL', s, s.category ? ` · ${s.category}` : ''),
    section('Roles that require it', s.roles, importanceRow('ROLE')),
    section('Technologies that support it', s.technologies, plainRow('TECHNOLOGY')),
    section('Related skills', s.relatedSkills, (e) => h('li', null, h('span', { class: 'sg-name' }, link('SKILL', e.node)),
      e.weight != null ? [bar(e.weight, 1), h('span', { class: 'sg-num' }, e.weight.toFixed(2))] : null)),
  ];
}

function technologyView(t) {
  return [
    header('TECHNOLOGY', t, t.category ? ` · ${t.category}` : ''),
    section('Roles that use it', t.roles, importanceRow('ROLE')),
    section('Skills it supports', t.skills, plainRow('SKILL')),
  ];
}

function industryView(i) {
  return [header('INDUSTRY', i, ''), section('Roles', i.roles, plainRow('ROLE'))];
}

const VIEWS = {
  ROLE: [ROLE, 'role', roleView],
  SKILL: [SKILL, 'skill', skillView],
  TECHNOLOGY: [TECHNOLOGY, 'technology', technologyView],
  INDUSTRY: [INDUSTRY, 'industry', industryView],
};

let detailsSeq = 0;
async function details(kind, id) {
  const [query, field, view] = VIEWS[kind];
  const el = $('tab-details');
  const mine = ++detailsSeq;
  setBusy(1);
  try {
    const data = await gql(query, { id });
    if (mine !== detailsSeq) return;
    const n = data[field];
    setPanel(el, n ? view(n) : h('p', { class: 'sg-error' }, `${KIND_LABEL[kind]} ${id} is no longer in the graph.`));
    el.dataset.kind = kind;
    el.dataset.id = id;
    el.scrollTop = 0;
  } catch (err) {
    if (mine === detailsSeq) setPanel(el, errorBox(err));
  } finally {
    setBusy(-1);
  }
}

// ---- career path ----------------------------------------------------------------------------

function preparePath(role, end) {
  const input = $(end === 'from' ? 'path-from' : 'path-to');
  input.value = role.name;
  input.dataset.id = role.id;
  input.dataset.kind = 'ROLE';
  selectTab('path');
  $(end === 'from' ? 'path-to' : 'path-from').focus();
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const chips = (items, kind) => h('div', { class: 'sg-chips' }, items.map((x) => h('span', { class: `sg-chip ${kind}` }, x.node.name)));

// drawPath lays the roles of a path out left to right and adds them one step at a time.
async function drawPath(path, stale) {
  cy.elements().remove();
  notice('');
  const first = path.steps[0].from;
  const gap = 230;
  cy.add({ group: 'nodes', data: nodeData({ kind: 'ROLE', ...first }), position: { x: 0, y: 0 }, classes: 'start' });
  fitAtMost(cy.elements(), 80, 1.3);
  for (const [i, s] of path.steps.entries()) {
    await sleep(250);
    if (stale()) return;
    const id = s.to.id;
    if (cy.getElementById(id).empty()) {
      cy.add({ group: 'nodes', data: nodeData({ kind: 'ROLE', ...s.to }), position: { x: (i + 1) * gap, y: (i % 2 ? -40 : 40) } });
    }
    cy.add({ group: 'edges', classes: 'path', data: { id: `step${i}`, source: s.from.id, target: id, strength: 5,
      type: s.via, label: `${i + 1}. ${s.via}${s.forward ? '' : ' (back)'}`,
      props: { step: i + 1, via: s.via, forward: s.forward, cost: s.cost } } });
    fitAtMost(cy.elements(), 80, 1.3);
  }
  cy.getElementById(path.steps[path.steps.length - 1].to.id).addClass('start');
  status();
}

// onSubmit runs a form's action: the result panel says it is working, then shows what fn
// puts there, or the error. fn returns how many items it found, kept in data-count for
// whoever waits for the answer (the browser test). A form sent again (Enter, then a click)
// supersedes the run before: fn gets stale() to stop drawing, and a stale run shows nothing.
function onSubmit(formId, outId, working, fn) {
  let runs = 0;
  $(formId).addEventListener('submit', async (e) => {
    e.preventDefault();
    const mine = ++runs;
    const stale = () => mine !== runs;
    const out = $(outId);
    delete out.dataset.count;
    setPanel(out, h('p', { class: 'sg-hint' }, working));
    setBusy(1);
    try {
      const n = await fn(out, stale);
      if (!stale()) out.dataset.count = String(n);
    } catch (err) {
      if (!stale()) setPanel(out, errorBox(err));
    } finally {
      setBusy(-1);
    }
  });
}

onSubmit('path-form', 'path-result', 'Looking for a path…', async (out, stale) => {
  const [from, to] = await Promise.all([resolveRole($('path-from')), resolveRole($('path-to'))]);
  const { careerPath: p } = await gql(CAREER_PATH, { from: from.id, to: to.id });
  if (stale()) return 0;
  if (!p.found) {
    setPanel(out, h('p', { class: 'sg-error' }, `No path from ${from.name} to ${to.name}: ${p.reason || 'none found'}.`));
    return 0;
  }
  if (!p.steps.length) {
    setPanel(out, h('p', null, `${from.name} is already the target.`));
    return 0;
  }
  setPanel(out,
    h('p', null, `${p.steps.length} step${p.steps.length > 1 ? 's' : ''} from `, h('b', null, from.name), ' to ', h('b', null, to.name), ` (cost ${p.cost.toFixed(2)}).`),
    h('ol', { class: 'sg-steps' }, p.steps.map((s) => h('li', null,
      link('ROLE', s.from), ' → ', link('ROLE', s.to),
      h('div', { class: 'sg-hint' }, `via ${s.via}${s.forward ? '' : ', followed backwards'}, cost ${s.cost.toFixed(2)}`),
      s.skillsToAcquire.length ? [h('div', null, 'Skills to acquire:'), chips(s.skillsToAcquire, 'SKILL')] : null,
      s.technologiesToAcquire.length ? [h('div', null, 'Technologies to acquire:'), chips(s.technologiesToAcquire, 'TECHNOLOGY')] : null))));
  await drawPath(p, stale);
  return p.steps.length;
});

// ---- skill gap ------------------------------------------------------------------------------

function prepareGap(role) {
  const input = $('gap-role');
  input.value = role.name;
  input.dataset.id = role.id;
  input.dataset.kind = 'ROLE';
  selectTab('gap');
  $('gap-text').focus();
}

// drawGap draws the role, what the person has (green) and what is missing (red).
async function drawGap(role, have, gap) {
  cy.elements().remove();
  notice(`${role.name}: a red border marks what the role needs and you lack (heaviest ${gap.length}), a green one what you have.`);
  cy.add({ group: 'nodes', data: nodeData({ kind: 'ROLE', ...role }), classes: 'start' });
  for (const m of have) cy.add({ group: 'nodes', data: nodeData({ kind: m.kind, ...m.node }), classes: 'have' });
  for (const g of gap) {
    const id = g.node.id;
    if (cy.getElementById(id).empty()) cy.add({ group: 'nodes', data: nodeData({ kind: g.kind, ...g.node }), classes: 'missing' });
    cy.add({ group: 'edges', classes: 'gap', data: { id: `gap|${id}`, source: role.id, target: id, strength: g.weight,
      type: 'MISSING', props: { weight: g.weight, essential: g.essential } } });
  }
  await new Promise((resolve) => {
    const l = cy.layout({ name: 'concentric', animate: false, padding: 40, minNodeSpacing: 70,
      concentric: (n) => (n.hasClass('start') ? 3 : n.hasClass('missing') ? 2 : 1), levelWidth: () => 1 });
    l.one('layoutstop', resolve);
    l.run();
  });
  status();
}

onSubmit('gap-form', 'gap-result', 'Reading your skills…', async (out, stale) => {
  const role = await resolveRole($('gap-role'));
  const text = $('gap-text').value;
  const mentions = text.trim() ? (await gql(EXTRACT, { text })).extractSkills : [];
  const seen = new Set();
  const have = mentions.filter((m) => (m.kind === 'SKILL' || m.kind === 'TECHNOLOGY') && !seen.has(m.node.id) && seen.add(m.node.id));
  const skills = have.filter((m) => m.kind === 'SKILL').map((m) => m.node.id);
  const technologies = have.filter((m) => m.kind === 'TECHNOLOGY').map((m) => m.node.id);
  const data = await gql(SKILL_GAP, { role: role.id, skills, technologies });
  if (stale()) return 0;
  if (!data.role) throw new Error(`role ${role.id} not found`);
  const max = Math.max(5, ...data.skillGap.map((g) => g.weight));
  setPanel(out,
    h('h3', null, `Recognised (${have.length})`),
    have.length ? h('div', { class: 'sg-chips' }, have.map((m) => h('span', { class: `sg-chip ${m.kind}` }, m.node.name)))
      : h('p', { class: 'sg-hint' }, 'No skill or technology recognised in the text.'),
    h('h3', null, `Missing for ${data.role.name} (${data.skillGap.length}), heaviest first`),
    data.skillGap.length ? h('ul', { class: 'sg-list' }, data.skillGap.map((g) => h('li', null,
      h('span', { class: 'sg-name' }, badge(g.kind), link(g.kind, g.node), flags(g),
        g.supportedBy.length ? h('span', { class: 'sg-sub' }, `${g.kind === 'SKILL' ? 'with' : 'for'} ${g.supportedBy.map((x) => x.name).join(', ')}`) : null,
        g.learnedIn.length ? h('span', { class: 'sg-sub' }, `also needed by ${g.learnedIn.map((x) => x.name).join(', ')}`) : null),
      bar(g.weight, max), h('span', { class: 'sg-num', title: 'weight' }, g.weight.toFixed(1)))))
      : h('p', null, 'Nothing missing: you have what the role needs.'));
  await drawGap(data.role, have, data.skillGap);
  return data.skillGap.length;
});

// ---- toolbar ----------------------------------------------------------------------------------

suggest($('search'), { onPick: (it) => show(it.kind, it.node.id) });
suggest($('path-from'), { kinds: ['ROLE'], onPick: () => {} });
suggest($('path-to'), { kinds: ['ROLE'], onPick: () => {} });
suggest($('gap-role'), { kinds: ['ROLE'], onPick: () => {} });
$('fit').addEventListener('click', () => cy.fit(undefined, 40));
$('clear').addEventListener('click', () => { cy.elements().remove(); notice(''); status(); });
$('depth').addEventListener('change', () => {
  const start = cy.$('node.start');
  if (start.length === 1) show(start.data('kind'), start.data('gid'));
});

// /explore#Role:backend-developer (a node's id) draws that node: links can point into the
// explorer. The older #ROLE:backend-developer (a kind and a slug) still does.
function fromHash() {
  const h = decodeURIComponent(window.location.hash.slice(1));
  const m = /^(ROLE|SKILL|TECHNOLOGY|INDUSTRY|Role|Skill|Technology|Industry):(.+)$/.exec(h);
  if (!m) return;
  const type = m[1][0] + m[1].slice(1).toLowerCase();
  show(type.toUpperCase(), `${type}:${m[2]}`);
}
window.addEventListener('hashchange', fromHash);
fromHash();
