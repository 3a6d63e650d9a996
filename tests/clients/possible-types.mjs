// possibleTypes for Apollo Client's InMemoryCache, from the schema: every interface and
// union with the object types that belong to it, so the cache can match fragments on Node
// (`... on Node`). Run as a script, it reads the SDL from a server's /schema.graphql and
// prints the JSON: node possible-types.mjs http://127.0.0.1:8080
import { buildSchema, isAbstractType } from 'graphql';

export function possibleTypesOf(sdl) {
  const schema = buildSchema(sdl);
  const out = {};
  for (const t of Object.values(schema.getTypeMap())) {
    if (isAbstractType(t) && !t.name.startsWith('__')) {
      out[t.name] = schema.getPossibleTypes(t).map((p) => p.name).sort();
    }
  }
  return out;
}

export async function fetchPossibleTypes(base) {
  const res = await fetch(new URL('/schema.graphql', base));
  if (!res.ok) throw new Error(`GET /schema.graphql: ${res.status}`);
  return possibleTypesOf(await res.text());
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await fetchPossibleTypes(process.argv[2]), null, 2));
}
