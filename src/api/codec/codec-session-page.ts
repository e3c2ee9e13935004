/** The codec server's sign-in page: an operator pastes a token once, the Web UI then decodes with the cookie. */
export function renderCodecSessionPage(state: { signedInAs?: string; error?: string }): string {
  const message = state.signedInAs
    ? `<p role="status">Signed in as <strong>${escapeHtml(state.signedInAs)}</strong>. The Temporal Web UI can now decode
       payloads (Settings → Codec Server: this API's <code>/codec</code>, "Include cross-origin credentials" on).</p>`
    : '';
  const error = state.error ? `<p role="alert">${escapeHtml(state.error)}</p>` : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Loudwire codec server</title></head>
<body>
  <h1>Loudwire codec server</h1>
  ${message}${error}
  <form method="post" action="/codec/session">
    <label>Operator token <input name="token" type="password" autocomplete="off" required></label>
    <button type="submit">Sign in</button>
  </form>
</body></html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
