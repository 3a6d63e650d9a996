// The GraphiQL playground, served at / from the binary (no CDN: it works offline and under
// a Content-Security-Policy that allows this origin only).
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import 'graphiql/graphiql.css';
import './nav.css';
import { authHeaders, setToken, token } from './token.js';

const defaultQuery = `# skillgraph: press the run button (Ctrl-Enter) to run the query.
# The graph explorer (/explore) draws the same graph.
{
  role(id: "backend-developer") {
    name
    skills(first: 5) {
      totalCount
      edges { importance essential node { id name } }
    }
  }
}
`;

// Paths are relative, so the pages work behind a proxy that serves the API under a prefix.
// The token typed in the bar goes with every request as a bearer token; the headers
// GraphiQL's header editor holds go too, and win.
async function fetcher(params, opts) {
  const res = await fetch('graphql', {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Accept: 'application/graphql-response+json, application/json',
      ...authHeaders(),
      ...(opts && opts.headers),
    },
    body: JSON.stringify(params),
  });
  return res.json();
}

function App() {
  return (
    <div className="sg-page">
      <nav className="sg-nav">
        <strong>skillgraph</strong>
        <a href="./" aria-current="page">Playground</a>
        <a href="explore">Graph explorer</a>
        <a href="schema.graphql">Schema (SDL)</a>
        <label className="sg-token" title="Sent as Authorization: Bearer with every request; kept in this tab only">
          API token
          <input id="token" type="password" autoComplete="off" placeholder="optional" defaultValue={token()}
            onChange={(e) => setToken(e.target.value)} />
        </label>
      </nav>
      <div className="sg-main">
        <GraphiQL fetcher={fetcher} defaultQuery={defaultQuery} />
      </div>
    </div>
  );
}

createRoot(document.getElementById('root')).render(<App />);
