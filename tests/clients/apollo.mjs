// A real client against a running server: Apollo Client's default InMemoryCache with the
// schema's possibleTypes (possible-types.mjs). It pages a connection forward and back,
// reads a search through `... on Node`, runs two neighbourhood queries, and checks what the
// cache holds. Any console warning or error (Apollo reports cache problems there: missing
// fields, fragments it cannot match, data it would lose) fails the run. Driven by
// graph/apollo_test.go: node apollo.mjs http://127.0.0.1:PORT; exit 0 and "ok" when all hold.
import { ApolloClient, InMemoryCache, HttpLink, gql } from '@apollo/client/core/index.js';
import { fetchPossibleTypes } from './possible-types.mjs';

const base = process.argv[2];
const warnings = [];
for (const level of ['warn', 'error']) {
  const orig = console[level];
  console[level] = (...args) => { warnings.push(`console.${level}: ${args.map(String).join(' ')}`); orig(...args); };
}
const failures = [];
const check = (ok, what) => { if (!ok) failures.push(what); };
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

const possibleTypes = await fetchPossibleTypes(base);
check(same(possibleTypes.Node, ['Industry', 'OccupationGroup', 'Role', 'Skill', 'Technology']), `possibleTypes.Node = ${JSON.stringify(possibleTypes.Node)}`);
const cache = new InMemoryCache({ possibleTypes });
const client = new ApolloClient({ cache, link: new HttpLink({ uri: new URL('/graphql', base).href }) });

// 1. Page a connection forward, then back from the second page: the page before it is the first.
const ROLES = gql`query Roles($first: Int, $after: String, $last: Int, $before: String) {
  roles(where: {name: {contains: "developer"}}, orderBy: [{field: NAME}], first: $first, after: $after, last: $last, before: $before) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id slug name } }
  }
}`;
const ids = (conn) => conn.edges.map((e) => e.node.id);
const p1 = (await client.query({ query: ROLES, variables: { first: 3 } })).data.roles;
const p2 = (await client.query({ query: ROLES, variables: { first: 3, after: p1.pageInfo.endCursor } })).data.roles;
const back = (await client.query({ query: ROLES, variables: { last: 3, before: p2.pageInfo.startCursor } })).data.roles;
check(p1.edges.length === 3 && p2.edges.length > 0, `pages of ${p1.edges.length} and ${p2.edges.length}`);
check(same(ids(back), ids(p1)), `back from page 2: ${ids(back)}, page 1: ${ids(p1)}`);
check(back.pageInfo.hasPreviousPage === false && back.pageInfo.hasNextPage === true, `back's pageInfo ${JSON.stringify(back.pageInfo)}`);
check(p2.pageInfo.hasPreviousPage === true, `page 2's pageInfo ${JSON.stringify(p2.pageInfo)}`);
check(!ids(p1).some((id) => ids(p2).includes(id)), 'pages 1 and 2 overlap');
// Each role is normalised once, under its global id, whichever page brought it.
for (const e of [...p1.edges, ...p2.edges]) {
  const key = cache.identify(e.node);
  check(key === `Role:${e.node.id}`, `cache key ${key} for ${e.node.id}`);
  const r = cache.readFragment({ id: key, fragment: gql`fragment R on Role { id slug name }` });
  check(r && r.slug === e.node.slug && r.name === e.node.name && e.node.id === `Role:${e.node.slug}`, `cached ${key}: ${JSON.stringify(r)}`);
}

// 2. A search read through `... on Node`: every hit's fields land in the cache.
const SEARCH = gql`query Search($q: String!) {
  search(query: $q, first: 10) { kind score node { ...N ... on Role { jobZone } ... on Skill { category } ... on Technology { category } } }
}
fragment N on Node { id name }`;
const hits = (await client.query({ query: SEARCH, variables: { q: 'backend' } })).data.search;
check(hits.length > 0, 'no search hits');
for (const h of hits) {
  check(typeof h.node.id === 'string' && typeof h.node.name === 'string', `hit without the Node fragment: ${JSON.stringify(h)}`);
  const n = cache.readFragment({ id: cache.identify(h.node), fragment: gql`fragment M on Node { id name }` });
  check(n && n.name === h.node.name, `hit ${h.node.id} not readable as a Node from the cache`);
}
const again = client.readQuery({ query: SEARCH, variables: { q: 'backend' } });
check(again && same(again.search.map((h) => h.node.id), hits.map((h) => h.node.id)), 'the search does not read back from the cache');

// 3. Two neighbourhoods that share nodes: each keeps its own depths.
const HOOD = gql`query Hood($id: ID!) {
  neighborhood(id: $id, depth: 1, limit: 60) {
    truncated
    nodes { kind name depth node { id name } }
    edges { type from to properties { importance weight source } }
  }
}`;
const first = (await client.query({ query: HOOD, variables: { id: 'Role:backend-developer' } })).data.neighborhood;
const depthIn = (hood, id) => (hood.nodes.find((n) => n.node.id === id) || {}).depth;
const shared = first.nodes.find((n) => n.depth === 1 && n.kind === 'SKILL');
check(shared, 'no skill next to backend-developer');
const second = (await client.query({ query: HOOD, variables: { id: shared.node.id } })).data.neighborhood;
check(depthIn(second, shared.node.id) === 0 && depthIn(second, 'Role:backend-developer') === 1, `second neighbourhood's depths: ${shared.node.id} ${depthIn(second, shared.node.id)}`);
const firstAgain = client.readQuery({ query: HOOD, variables: { id: 'Role:backend-developer' } }).neighborhood;
check(depthIn(firstAgain, 'Role:backend-developer') === 0 && depthIn(firstAgain, shared.node.id) === 1,
  `the first neighbourhood's depths changed in the cache: start ${depthIn(firstAgain, 'Role:backend-developer')}, ${shared.node.id} ${depthIn(firstAgain, shared.node.id)}`);
check(same(firstAgain, first), 'the first neighbourhood reads back different from the cache');
const edge = first.edges.find((e) => e.type === 'REQUIRES');
check(edge && typeof edge.properties.importance === 'number' && !('w' in edge.properties), `typed edge properties: ${JSON.stringify(edge)}`);
const keys = Object.keys(cache.extract());
check(!keys.some((k) => k.startsWith('NeighborhoodNode')), `neighbourhood nodes normalised on their own: ${keys.filter((k) => k.startsWith('Neighborhood'))}`);
check(keys.includes('Role:Role:backend-developer') && keys.includes(`Skill:${shared.node.id}`), 'nodes not normalised under their ids');

// 4. node and nodes: the cache's entries are the same objects.
const NODES = gql`query Nodes($ids: [ID!]!) { nodes(ids: $ids) { id ... on Role { name } ... on Skill { name } } }`;
const nodes = (await client.query({ query: NODES, variables: { ids: ['Role:backend-developer', 'Role:nope', shared.node.id] } })).data.nodes;
check(nodes.length === 3 && nodes[1] === null && nodes[0].name === 'Backend Developer' && nodes[2].id === shared.node.id, `nodes: ${JSON.stringify(nodes)}`);

for (const w of warnings) failures.push(w);
if (failures.length) {
  for (const f of failures) console.log(`FAIL ${f}`);
  process.exit(1);
}
console.log('ok');
