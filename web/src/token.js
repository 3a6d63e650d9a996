// The API token both pages send, when the server asks for one (API_TOKENS: mutations always
// need a token with the write scope; AUTH_READS=true makes queries need one too). It is
// typed into the field in the bar at the top and kept in this tab's sessionStorage only, so
// it goes from the playground to the explorer but not to other tabs, and is gone when the
// tab is closed.
const KEY = 'skillgraph.token';

export function token() {
  try {
    return sessionStorage.getItem(KEY) || '';
  } catch {
    return '';
  }
}

// authHeaders is the Authorization header for the token, if there is one.
export function authHeaders() {
  const t = token();
  return t ? { Authorization: `Bearer ${t}` } : {};
}

// setToken keeps a token typed in (an empty one forgets it).
export function setToken(value) {
  const v = value.trim();
  try {
    if (v) sessionStorage.setItem(KEY, v);
    else sessionStorage.removeItem(KEY);
  } catch {
    // storage refused (a private window): the token lasts as long as the page
  }
}
