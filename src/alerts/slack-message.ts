import type { Alert } from './alert';

const maxPayloadChars = 2_500;

/**
 * A Slack-compatible incoming-webhook body (`text` plus Block Kit blocks). Other sinks read the same JSON: the
 * full alert travels alongside under `loudwire`.
 */
export function toSlackMessage(alert: Alert): Record<string, unknown> {
  const icon = alert.severity === 'critical' ? ':rotating_light:' : ':warning:';
  const headline = `${icon} [${alert.alertClass}] ${alert.integration} · ${alert.recordKey}: ${alert.message}`;
  const payloadText = alert.payload === undefined ? undefined : JSON.stringify(alert.payload, null, 2);
  return {
    // Slack parses `text` as mrkdwn too: escaped like every other field.
    text: escape(headline),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*${escape(headline)}*` } },
      {
        type: 'section',
        fields: [
          { type: 'mrkdwn', text: `*Integration*\n${escape(alert.integration)}` },
          { type: 'mrkdwn', text: `*Record*\n${escape(alert.recordKey)}` },
          { type: 'mrkdwn', text: `*Class*\n${alert.alertClass}` },
          { type: 'mrkdwn', text: `*Workflow*\n<${alert.workflowUrl}|${escape(alert.workflowId)}>` },
        ],
      },
      ...(payloadText
        ? [
            {
              type: 'section',
              text: { type: 'mrkdwn', text: codeBlock(truncate(payloadText, maxPayloadChars)) },
            },
          ]
        : []),
    ],
    loudwire: alert,
  };
}

/**
 * Vendor and source strings reach Slack only as text: with `<`, `>` and `&` escaped (Slack's own rule), no
 * `<!channel>` mention and no `<https://…|disguised link>` can form.
 */
export function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * A code block that its content cannot close: backticks inside become a look-alike (U+02CB), so a value with
 * three backticks stays inside the block instead of ending it and turning the rest into live mrkdwn.
 */
export function codeBlock(text: string): string {
  return `\`\`\`${escape(text).replace(/`/g, '\u02cb')}\`\`\``;
}

function truncate(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit)}… (${text.length - limit} more characters)`;
}
