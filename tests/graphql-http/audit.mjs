// Runs the graphql-http server audit against the URL given as the only argument and prints
// one JSON line per audit: {id, name, status, reason}. The Go test (graph/audit_test.go)
// decides what passes; this script only reports.
import { auditServer } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('usage: node audit.mjs URL');
  process.exit(2);
}
const results = await auditServer({ url });
for (const r of results) {
  let reason = r.reason ?? '';
  if (r.status !== 'ok' && r.response) {
    reason += ` (status ${r.response.status}, content-type ${r.response.headers.get('content-type')})`;
  }
  console.log(JSON.stringify({ id: r.id, name: r.name, status: r.status, reason }));
}
