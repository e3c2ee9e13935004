/* global fetch, setTimeout, WebSocket -- Node built-ins (WebSocket with --experimental-websocket) */
// A minimal Chrome DevTools Protocol client (run with `node --experimental-websocket`): attaches to a Node process
// paused by --inspect-brk, sets a breakpoint in workflow code as soon as the workflow bundle is compiled (on the
// first bundle line that contains PATTERN), lets the process run, and prints where it stopped, as one JSON line —
// what an engineer does by hand in chrome://inspect.
// Usage: node --experimental-websocket pause-at-workflow-code.mjs PORT PATTERN
const [port, pattern] = process.argv.slice(2);

async function debuggerUrl() {
  for (let attempt = 0; attempt < 300; attempt++) {
    try {
      const targets = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
      if (targets[0]?.webSocketDebuggerUrl) return targets[0].webSocketDebuggerUrl;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no inspector on port ${port}`);
}

const socket = new WebSocket(await debuggerUrl());
let nextId = 1;
const pending = new Map();
const send = (method, params = {}) =>
  new Promise((resolve) => {
    const id = nextId++;
    pending.set(id, resolve);
    socket.send(JSON.stringify({ id, method, params }));
  });
let breakpoint;

socket.addEventListener('message', async (message) => {
  const data = JSON.parse(String(message.data));
  if (data.id) {
    pending.get(data.id)?.(data.result);
    pending.delete(data.id);
    return;
  }
  if (data.method === 'Debugger.scriptParsed' && !breakpoint && data.params.url.includes('workflow-bundle')) {
    const { scriptId, url } = data.params;
    const { scriptSource } = await send('Debugger.getScriptSource', { scriptId });
    const lineNumber = scriptSource.split('\n').findIndex((line) => line.includes(pattern));
    if (lineNumber < 0) throw new Error(`"${pattern}" is not in ${url}`);
    // By URL: the SDK compiles the bundle more than once (a fresh context per replay), and all copies should stop.
    breakpoint = await send('Debugger.setBreakpointByUrl', { url, lineNumber });
    return;
  }
  if (data.method === 'Debugger.paused' && data.params.hitBreakpoints?.length) {
    const frame = data.params.callFrames[0];
    process.stdout.write(`${JSON.stringify({ functionName: frame.functionName, url: frame.url })}\n`);
    await send('Debugger.removeBreakpoint', { breakpointId: breakpoint.breakpointId });
    await send('Debugger.resume');
    // The process finishes, then waits for its debugger to leave.
    socket.close();
  } else if (data.method === 'Debugger.paused') {
    // --inspect-brk's stop on the first line: continue, as a person would after setting breakpoints.
    await send('Debugger.resume');
  }
});
socket.addEventListener('close', () => process.exit(0));
await new Promise((resolve) => socket.addEventListener('open', resolve));
await send('Runtime.enable');
await send('Debugger.enable');
await send('Runtime.runIfWaitingForDebugger');
