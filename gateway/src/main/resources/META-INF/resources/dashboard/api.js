// The gateway's REST API and its Server-Sent Events, with the session's bearer token.
// EventSource cannot send an Authorization header, so the streams are read with fetch.

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || 'HTTP ' + status);
    this.status = status;
    this.problem = problem;
  }
}

export class Api {
  constructor(session) {
    this.session = session;
  }

  async call(path, { method = 'GET', body } = {}, retried = false) {
    const headers = { Authorization: 'Bearer ' + this.session.accessToken, Accept: 'application/json' };
    if (method !== 'GET') {
      headers['Content-Type'] = 'application/json';
      // One key per user action: a retry of this same call is not applied twice.
      headers['Idempotency-Key'] = crypto.randomUUID();
    }
    const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    if (response.status === 401 && !retried) {
      await this.session.refresh();
      return this.call(path, { method, body }, true);
    }
    const text = await response.text();
    const payload = text ? JSON.parse(text) : {};
    if (!response.ok) throw new ApiError(response.status, payload);
    return payload;
  }

  /**
   * Follows a stream: reconnects after the server ends it (token expiry, a restart) or the
   * network drops, sending Last-Event-ID so that nothing is missed or received twice.
   * Returns a handle whose close() stops it.
   */
  follow(path, { onEvent, onState = () => {} }) {
    const control = new AbortController();
    let lastEventId = null;
    let retryMs = 2000;
    const run = async () => {
      while (!control.signal.aborted) {
        try {
          const headers = { Authorization: 'Bearer ' + this.session.accessToken, Accept: 'text/event-stream' };
          if (lastEventId !== null) headers['Last-Event-ID'] = lastEventId;
          const response = await fetch(path, { headers, signal: control.signal });
          if (response.status === 401) {
            await this.session.refresh();
            continue;
          }
          if (!response.ok) {
            const problem = await response.json().catch(() => ({}));
            if (response.status !== 503 && response.status !== 429) {
              onState('refused', new ApiError(response.status, problem));
              return;
            }
            onState('unavailable', new ApiError(response.status, problem));
            await pause(1000 * Number(response.headers.get('Retry-After') || 5), control.signal);
            continue;
          }
          onState('live');
          await readEvents(response.body, control.signal, (event) => {
            if (event.retry) retryMs = event.retry;
            if (event.id !== undefined) lastEventId = event.id;
            if (!event.name) return;
            try {
              onEvent(event.name, JSON.parse(event.data), event.id);
            } catch (error) {
              // The page's own fault, not the stream's: reported, and the stream goes on.
              console.error(`${path}: event ${event.id} not shown:`, error);
            }
          });
        } catch (error) {
          if (control.signal.aborted) return;
        }
        onState('reconnecting');
        await pause(retryMs, control.signal);
      }
    };
    run();
    return { close: () => control.abort() };
  }
}

function pause(ms, signal) {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
  });
}

/** The text/event-stream format: fields per line, an empty line ends an event, ':' starts a comment. */
async function readEvents(body, signal, dispatch) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let event = { data: [] };
  signal.addEventListener('abort', () => reader.cancel().catch(() => {}), { once: true });
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let newline;
    while ((newline = buffer.search(/\r\n|\r|\n/)) >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1));
      if (line === '') {
        if (event.data.length || event.retry) {
          dispatch({ ...event, data: event.data.join('\n') });
        }
        event = { data: [] };
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'data') event.data.push(value);
      else if (field === 'event') event.name = value;
      else if (field === 'id') event.id = value;
      else if (field === 'retry' && /^\d+$/.test(value)) event.retry = Number(value);
    }
  }
}
