/**
 * Proof that nothing leaves the device: a recording forward proxy on loopback that every request
 * of the browser goes through (`--proxy-server=http://127.0.0.1:PORT --proxy-bypass-list=<-loopback>`;
 * `<-loopback>` sends even 127.0.0.1 through it). Playwright's request events miss the offscreen
 * document and its worker; the proxy sees every context (extension-platform.md §7).
 *
 * It records method, host, URL and body of every plain HTTP request and every CONNECT (the start
 * of an https connection: only the host and port can be seen, which is what matters here). It
 * forwards plain HTTP only to hosts it is told to (the demo case systems on 127.0.0.1) and answers
 * everything else itself, so nothing reaches the network even if something tried.
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface Recorded {
  method: string;
  /** The absolute URL (http) or host:port (CONNECT). */
  url: string;
  /** host:port. */
  host: string;
  body: string;
}

export interface RecordingProxy {
  port: number;
  /** Every request so far, in the order they arrived. */
  records: Recorded[];
  /** Chromium's flags to send all its traffic through this proxy. */
  chromiumArgs: string[];
  close(): Promise<void>;
}

const hostOf = (url: URL): string =>
  `${url.hostname}:${url.port || (url.protocol === 'https:' ? '443' : '80')}`;

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/** Starts the proxy; `forward(host)` says which hosts (host:port) get the request passed on. */
export async function startRecordingProxy(forward: (host: string) => boolean): Promise<RecordingProxy> {
  const records: Recorded[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer(async (request, response) => {
    const body = await readBody(request);
    let url: URL;
    try {
      url = new URL(request.url ?? '');
    } catch {
      // Not a proxy request (a direct request to the proxy itself).
      records.push({
        method: request.method ?? '',
        url: request.url ?? '',
        host: '(proxy itself)',
        body: body.toString('latin1'),
      });
      response.writeHead(400).end();
      return;
    }
    const host = hostOf(url);
    records.push({ method: request.method ?? '', url: url.href, host, body: body.toString('latin1') });
    if (!forward(host)) {
      response.writeHead(403, { 'content-type': 'text/plain' }).end('Blocked by the egress test proxy.');
      return;
    }
    const upstream = httpRequest(
      {
        host: url.hostname,
        port: url.port || 80,
        method: request.method,
        path: `${url.pathname}${url.search}`,
        headers: { ...request.headers, connection: 'close' },
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on('error', () => {
      if (!response.headersSent) response.writeHead(502);
      response.end();
    });
    upstream.end(body);
  });
  // https: only the CONNECT line is seen; the tunnel is refused, so no bytes go further.
  server.on('connect', (request: IncomingMessage, socket: Socket) => {
    const target = request.url ?? '';
    records.push({ method: 'CONNECT', url: target, host: target, body: '' });
    socket.on('error', () => {});
    socket.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n');
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    records,
    chromiumArgs: [`--proxy-server=http://127.0.0.1:${port}`, '--proxy-bypass-list=<-loopback>'],
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

// ---- the check ----

/**
 * Chromium's own traffic, allowed exactly, by method, host and the start of the URL. The first
 * four are sent with no extension loaded at all (extension-platform.md §7). Two more were seen
 * here (Chromium 156) and traced: the Google Cloud Messaging check-in (android.clients.google.com),
 * sent at browser start before any page opens, and the autofill service's question about which
 * kind of field a form has (content-autofill.googleapis.com), sent when the demo case system's own
 * page (it has an "Add client" form) is open, not when only extension pages are. Both are the
 * browser's own services, governed by the organisation's browser policy, and both are https: the
 * proxy sees only the host and refuses the tunnel, so nothing at all is sent.
 */
export const CHROMIUM_NOISE: readonly { method: string; host: string; urlStart: string }[] = [
  { method: 'CONNECT', host: 'accounts.google.com:443', urlStart: 'accounts.google.com:443' },
  { method: 'CONNECT', host: 'update.googleapis.com:443', urlStart: 'update.googleapis.com:443' },
  {
    method: 'POST',
    host: 'update.googleapis.com:80',
    urlStart: 'http://update.googleapis.com/service/update2/json',
  },
  { method: 'GET', host: 'clients2.google.com:80', urlStart: 'http://clients2.google.com/time/1/current' },
  { method: 'CONNECT', host: 'android.clients.google.com:443', urlStart: 'android.clients.google.com:443' },
  {
    method: 'CONNECT',
    host: 'content-autofill.googleapis.com:443',
    urlStart: 'content-autofill.googleapis.com:443',
  },
];

export const isChromiumNoise = (r: Recorded): boolean =>
  CHROMIUM_NOISE.some((n) => n.method === r.method && n.host === r.host && r.url.startsWith(n.urlStart));

export interface Violation {
  request: Recorded;
  reason: string;
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/**
 * What went wrong in a recording: a request to anywhere but the allowed hosts (and Chromium's
 * noise), and any request whose URL or body carries one of `secrets` (as it is, or URL-encoded),
 * standing on its own (not inside a longer run of letters or digits, so a hash or a random token
 * does not count as a name).
 */
export function egressViolations(
  records: readonly Recorded[],
  options: { allowedHosts: readonly string[]; secrets: readonly string[] },
): Violation[] {
  const patterns = [...new Set(options.secrets)].map((secret) => ({
    secret,
    pattern: new RegExp(`(?<![A-Za-z0-9])${secret.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}(?![A-Za-z0-9])`),
  }));
  const violations: Violation[] = [];
  for (const request of records) {
    if (!options.allowedHosts.includes(request.host) && !isChromiumNoise(request))
      violations.push({ request, reason: `a request to ${request.host}` });
    const texts = [request.url, decoded(request.url), request.body, decoded(request.body)];
    const found = patterns.find((p) => texts.some((t) => p.pattern.test(t)));
    if (found) violations.push({ request, reason: `carries an imported value ("${found.secret}")` });
  }
  return violations;
}

/**
 * The identifying values of CSV files, to look for in traffic: every cell of at least `minLength`
 * characters (ids, names, dates of birth, NHS numbers, postcodes, addresses), each capitalised
 * word of a cell without digits (the parts of a name), and each in upper case as well (the engine
 * upper-cases names). Matching is case-sensitive: "Page" the surname is not "?page=2".
 */
export function secretsOf(csvTexts: readonly string[], minLength = 4): string[] {
  const values = new Set<string>();
  for (const text of csvTexts)
    for (const line of text.split(/\r?\n/).slice(1))
      for (const raw of line.match(/("([^"]|"")*"|[^,]*)(,|$)/g) ?? []) {
        const cell = raw.replace(/,$/, '').replace(/^"|"$/g, '').replace(/""/g, '"').trim();
        if (cell.length < minLength) continue;
        values.add(cell);
        values.add(cell.toUpperCase());
        if (/\d/.test(cell)) continue;
        for (const word of cell.split(/[\s,;]+/))
          if (word.length >= minLength && /^[A-Z][A-Za-z'-]+$/.test(word)) {
            values.add(word);
            values.add(word.toUpperCase());
          }
      }
  return [...values];
}
