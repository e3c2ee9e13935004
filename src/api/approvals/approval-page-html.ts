import { createHash } from 'node:crypto';
import { summarizeForApproval } from './summarize-for-approval';
import type { ApprovalRequestView, ApproverIdentity } from '../../workflows/approval-messages';

/** Escapes text for HTML element content and quoted attribute values. Every dynamic value passes through it. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const styles = `
:root { color-scheme: light; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
body { margin: 0; line-height: 1.5; color: #1b1f24; background: #f6f7f9; }
header, main { max-width: 48rem; margin: 0 auto; padding: 0.75rem 1rem; }
header { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; justify-content: space-between; }
header p { margin: 0; }
h1 { font-size: 1.5rem; margin: 0.5rem 0 1rem; }
h2 { font-size: 1.15rem; margin: 0 0 0.25rem; }
a { color: #0a4fb8; }
.card { background: #fff; border: 1px solid #d0d7de; border-radius: 0.5rem; padding: 1rem; margin: 0 0 1rem; }
ul.approvals { list-style: none; padding: 0; margin: 0; }
dl { display: grid; grid-template-columns: minmax(7rem, max-content) 1fr; gap: 0.25rem 1rem; margin: 0; }
dt { font-weight: 600; }
dd { margin: 0; overflow-wrap: anywhere; }
label { display: block; font-weight: 600; margin: 0.75rem 0 0.25rem; }
input[type="password"], textarea { box-sizing: border-box; width: 100%; font: inherit; padding: 0.5rem;
  border: 1px solid #57606a; border-radius: 0.375rem; }
.actions { display: flex; flex-wrap: wrap; gap: 0.75rem; margin-top: 1rem; }
button { font: inherit; min-height: 2.75rem; padding: 0.5rem 1.25rem; border-radius: 0.375rem;
  border: 1px solid #1b1f24; background: #fff; cursor: pointer; }
button.approve { background: #1a7f37; border-color: #1a7f37; color: #fff; }
button.reject { background: #b42318; border-color: #b42318; color: #fff; }
:focus-visible { outline: 3px solid #0a4fb8; outline-offset: 2px; }
.alert { border-left: 4px solid #b42318; background: #fff1f0; padding: 0.75rem 1rem; }
.status { border-left: 4px solid #1a7f37; background: #effaf2; padding: 0.75rem 1rem; }
.muted { color: #57606a; }
pre { overflow-x: auto; background: #f6f8fa; padding: 0.75rem; border-radius: 0.375rem; font-size: 0.85rem; }
@media (max-width: 30rem) { dl { grid-template-columns: 1fr; } dd { margin-bottom: 0.5rem; } .actions button { flex: 1 1 100%; } }
`;

/** Content-Security-Policy of every page: no script at all, only this stylesheet, forms only to this origin. */
export const pageContentSecurityPolicy =
  `default-src 'none'; style-src 'sha256-${createHash('sha256').update(styles).digest('base64')}'; ` +
  `form-action 'self'; frame-ancestors 'none'; base-uri 'none'`;

function layout(title: string, body: string, approver?: ApproverIdentity, formToken?: string): string {
  const session =
    approver && formToken
      ? `<p>Signed in as <strong>${escapeHtml(approver.name ?? approver.email)}</strong>
  <span class="muted">(${escapeHtml(approver.groups.join(', '))})</span></p>
  <form method="post" action="/ui/logout"><input type="hidden" name="csrf" value="${escapeHtml(formToken)}">
  <button type="submit">Sign out</button></form>`
      : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)} · Loudwire approvals</title>
<style>${styles}</style>
</head>
<body>
<header><p><a href="/ui/approvals">Loudwire approvals</a></p>${session}</header>
<main>
${body}
</main>
</body>
</html>`;
}

/** The sign-in form: the approver pastes their token; the API keeps it in an HttpOnly cookie. */
export function renderLoginPage(options: { next?: string; error?: string }): string {
  const error = options.error ? `<p class="alert" role="alert">${escapeHtml(options.error)}</p>` : '';
  return layout(
    'Sign in',
    `<h1>Sign in to approve</h1>
${error}
<form class="card" method="post" action="/ui/login">
  <input type="hidden" name="next" value="${escapeHtml(options.next ?? '/ui/approvals')}">
  <label for="token">Approver token</label>
  <input type="password" id="token" name="token" required autocomplete="off" autofocus>
  <div class="actions"><button type="submit">Sign in</button></div>
</form>`,
  );
}

export function renderApprovalList(
  views: readonly ApprovalRequestView[],
  approver: ApproverIdentity,
  formToken: string,
  mayDecide: (view: ApprovalRequestView) => boolean,
): string {
  const items = views.map((view) => {
    const summary = summarizeForApproval(view);
    const headline = summary.facts.find((fact) => fact.label === 'Amount') ?? summary.facts[0];
    return `<li><article class="card">
  <h2><a href="/ui/approvals/${encodeURIComponent(view.workflowId)}">${escapeHtml(summary.title)}</a></h2>
  <dl>
    ${headline ? `<dt>${escapeHtml(headline.label)}</dt><dd>${escapeHtml(headline.value)}</dd>` : ''}
    <dt>Why</dt><dd>${escapeHtml(view.reasons.join('; '))}</dd>
    <dt>Decides</dt><dd>${escapeHtml(view.activeGroup)} until <time datetime="${escapeHtml(view.deadline)}">${escapeHtml(view.deadline)}</time></dd>
    <dt>You</dt><dd>${mayDecide(view) ? 'may decide' : 'may not decide'}</dd>
  </dl>
</article></li>`;
  });
  const body =
    views.length === 0
      ? '<p class="status" role="status">Nothing is waiting for approval.</p>'
      : `<ul class="approvals">\n${items.join('\n')}\n</ul>`;
  return layout(
    'Pending approvals',
    `<h1>Pending approvals (${views.length})</h1>\n${body}`,
    approver,
    formToken,
  );
}

export function renderApprovalDetail(options: {
  view: ApprovalRequestView;
  approver: ApproverIdentity;
  formToken: string;
  hint: { mayDecide: boolean; reason?: string };
  error?: string;
  notice?: string;
}): string {
  const { view, approver, formToken, hint } = options;
  const summary = summarizeForApproval(view);
  const warnings =
    view.warnings.length === 0
      ? '<p>None.</p>'
      : `<ul>${view.warnings
          .map(
            (warning) =>
              `<li><strong>${escapeHtml(warning.field)}</strong>: ${escapeHtml(warning.reason)}</li>`,
          )
          .join('')}</ul>`;
  const decision = view.decision
    ? `<p class="status" role="status">${escapeHtml(view.decision.decision === 'approve' ? 'Approved' : 'Rejected')}
  by ${escapeHtml(view.decision.approver?.email ?? 'the policy (no decision in time)')} at
  <time datetime="${escapeHtml(view.decision.decidedAt)}">${escapeHtml(view.decision.decidedAt)}</time>:
  ${escapeHtml(view.decision.comment || '(no comment)')}</p>`
    : '';
  const form = hint.mayDecide
    ? `<form class="card" method="post" action="/ui/approvals/${encodeURIComponent(view.workflowId)}/decision">
  <input type="hidden" name="csrf" value="${escapeHtml(formToken)}">
  <input type="hidden" name="requestId" value="${escapeHtml(view.requestId)}">
  <label for="comment">Comment (recorded with your decision)</label>
  <textarea id="comment" name="comment" rows="4" maxlength="2000"></textarea>
  <div class="actions">
    <button type="submit" class="approve" name="decision" value="approve">Approve</button>
    <button type="submit" class="reject" name="decision" value="reject">Reject</button>
  </div>
</form>`
    : view.state === 'pending'
      ? `<p class="muted">You cannot decide this approval: ${escapeHtml(hint.reason ?? '')}</p>`
      : '';
  const facts = summary.facts.map(
    (fact) => `    <dt>${escapeHtml(fact.label)}</dt><dd>${escapeHtml(fact.value)}</dd>`,
  );
  const body = `<h1>${escapeHtml(summary.title)}</h1>
${options.notice ? `<p class="status" role="status">${escapeHtml(options.notice)}</p>` : ''}
${options.error ? `<p class="alert" role="alert">${escapeHtml(options.error)}</p>` : ''}
${decision}
<section class="card" aria-labelledby="record-heading">
  <h2 id="record-heading">Record</h2>
  <dl>
    <dt>State</dt><dd>${escapeHtml(view.state)}</dd>
${facts.join('\n')}
    <dt>Owner</dt><dd>${escapeHtml(view.ownerEmail ?? 'unknown')}</dd>
    <dt>Record key</dt><dd>${escapeHtml(view.recordKey)}</dd>
    <dt>Decides</dt><dd>${escapeHtml(view.activeGroup)} until <time datetime="${escapeHtml(view.deadline)}">${escapeHtml(view.deadline)}</time></dd>
    <dt>Then</dt><dd>${escapeHtml(describeRoute(view))}</dd>
  </dl>
</section>
<section class="card" aria-labelledby="why-heading">
  <h2 id="why-heading">Why approval is needed</h2>
  <p>${escapeHtml(view.policyDescription)}</p>
  <ul>${view.reasons.map((reason) => `<li>${escapeHtml(reason)}</li>`).join('')}</ul>
</section>
<section class="card" aria-labelledby="warnings-heading">
  <h2 id="warnings-heading">Mapping warnings</h2>
  ${warnings}
</section>
${form}
<details class="card"><summary>Mapped record (canonical)</summary>
<pre>${escapeHtml(JSON.stringify(view.canonical, null, 2))}</pre></details>
<p><a href="/ui/approvals">Back to pending approvals</a></p>`;
  return layout(summary.title, body, approver, formToken);
}

export function renderErrorPage(
  title: string,
  message: string,
  approver?: ApproverIdentity,
  formToken?: string,
) {
  return layout(
    title,
    `<h1>${escapeHtml(title)}</h1><p class="alert" role="alert">${escapeHtml(message)}</p>
<p><a href="/ui/approvals">Back to pending approvals</a></p>`,
    approver,
    formToken,
  );
}

function describeRoute(view: ApprovalRequestView): string {
  const later = view.stages.slice(view.activeStage + 1).map((stage) => `escalates to ${stage.group}`);
  return [...later, view.onExpiry === 'reject' ? 'then rejected' : 'then parked for an operator'].join(', ');
}
